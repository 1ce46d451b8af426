"""A film's rights holder is kept by the accounts (``accounting.FilmRightsHolder``): the
name typed here was turned into a rights holder by the accounting migration this one
follows, so the typed field goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0002_film_no_visa"),
        ("accounting", "0003_film_rights_holders"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="film",
            name="rights_holder",
        ),
    ]
