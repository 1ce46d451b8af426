"""Each film's rights holder becomes an accounts' ``RightsHolder``: the names typed on
films (``Film.rights_holder``, a plain text the programme kept) are matched to the
holders already known, whatever their case and spaces, or made into new ones, and each
film is linked to its holder (``FilmRightsHolder``). The typed field is removed by the
programme's next migration, which runs after this one."""

import django.db.models.deletion
from django.db import migrations, models


def _key(name):
    """A name as it is matched: spaces trimmed and collapsed, case ignored."""
    return " ".join(name.split()).casefold()


def link_typed_holders(apps, schema_editor):
    """Link every film whose typed rights holder is not blank to the ``RightsHolder`` of
    that name (matched trimmed and case-insensitively), created when none exists."""
    Film = apps.get_model("programme", "Film")
    RightsHolder = apps.get_model("accounting", "RightsHolder")
    FilmRightsHolder = apps.get_model("accounting", "FilmRightsHolder")
    known = {_key(h.name): h for h in RightsHolder.objects.order_by("pk")}
    linked = set(FilmRightsHolder.objects.values_list("film_id", flat=True))
    links = []
    for film_id, typed in (
        Film.objects.exclude(rights_holder="").order_by("pk").values_list("pk", "rights_holder")
    ):
        name = " ".join(typed.split())
        if not name or film_id in linked:
            continue
        holder = known.get(_key(name))
        if holder is None:
            holder = known[_key(name)] = RightsHolder.objects.create(name=name[:200])
        links.append(FilmRightsHolder(film_id=film_id, holder=holder))
    FilmRightsHolder.objects.bulk_create(links)


def write_names_back(apps, schema_editor):
    """Undoing: each linked film's typed rights holder is its holder's name again."""
    Film = apps.get_model("programme", "Film")
    FilmRightsHolder = apps.get_model("accounting", "FilmRightsHolder")
    for link in FilmRightsHolder.objects.select_related("holder"):
        Film.objects.filter(pk=link.film_id).update(rights_holder=link.holder.name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounting", "0002_declarations"),
        ("programme", "0002_film_no_visa"),
    ]

    operations = [
        migrations.CreateModel(
            name="FilmRightsHolder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "film",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rights_holding",
                        to="programme.film",
                        verbose_name="film",
                    ),
                ),
                (
                    "holder",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="films_held",
                        to="accounting.rightsholder",
                        verbose_name="rights holder",
                    ),
                ),
            ],
            options={
                "verbose_name": "film's rights holder",
                "verbose_name_plural": "films' rights holders",
                "ordering": ["film__title"],
            },
        ),
        migrations.RunPython(link_typed_holders, write_names_back),
    ]
