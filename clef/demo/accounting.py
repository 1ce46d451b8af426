"""The demo's accounts: La Clef's rights holders, each film's holder (so that its
agreements are prefilled), an agreement for every film of every published screening,
and last week's statement already sent to one distributor.

The rights holders are made up (addresses at example.org). Every demo film is more than
two years old, so percentages are 20 to 30 % of the distributor base; a heritage film
and a militant classic go by flat fee, a film-maker's side waives the rights for a
militant film, a children's classic has a minimum guarantee, and the programme of shorts
has three rights holders. Safe to run again: what exists is kept, nothing doubles.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count

from clef.accounting import agreements, statements
from clef.accounting.figures import held_screenings
from clef.accounting.models import (
    DistributorStatement,
    FilmRightsHolder,
    RightsAgreement,
    RightsHolder,
)
from clef.programme.models import Film, Screening, ScreeningFilm

TREASURER = "treasurer"
# name: (contact, email, language of statements)
HOLDERS = {
    "Les Films de la Comète": ("Claire Morel", "programmation.comete@example.org", "fr"),
    "Rivages Distribution": ("Julien Garnier", "rivages@example.org", "fr"),
    "Sud Lointain Films": ("Aïssatou Ndiaye", "sudlointain@example.org", "fr"),
    "Northlight Pictures": ("Ruth Adler", "bookings.northlight@example.org", "en"),
    "Boréales": ("Mathieu Lenoir", "boreales@example.org", "fr"),
    "Cinémathèque des Faubourgs": ("Odile Brun", "cinematheque.faubourgs@example.org", "fr"),
    "Ayants droit de Born in Flames": ("la réalisatrice", "born.in.flames@example.org", "en"),
}
# film slug: (holder, kind, rate, amount, note)
TERMS = {
    "wanda": ("Northlight Pictures", "percentage", "30", None, ""),
    "killer-of-sheep": ("Northlight Pictures", "percentage", "25", None, ""),
    "touki-bouki": ("Sud Lointain Films", "percentage", "25", None, ""),
    "sambizanga": ("Sud Lointain Films", "percentage", "20", None, ""),
    "born-in-flames": (
        "Ayants droit de Born in Flames",
        "waived",
        None,
        None,
        "Droits cédés gracieusement pour les projections-débats de l'association.",
    ),
    "sans-soleil": ("Les Films de la Comète", "percentage", "30", None, ""),
    "le-fond-de-l-air-est-rouge": ("Les Films de la Comète", "percentage", "25", None, ""),
    "la-hora-de-los-hornos": (
        "Cinémathèque des Faubourgs",
        "flat_fee",
        None,
        "100",
        "Copie restaurée, forfait par séance.",
    ),
    "salt-of-the-earth": (
        "Cinémathèque des Faubourgs",
        "flat_fee",
        None,
        "150",
        "Film du patrimoine : forfait par séance.",
    ),
    "daguerreotypes": ("Rivages Distribution", "percentage", "30", None, ""),
    "la-noire-de": ("Sud Lointain Films", "percentage", "25", None, ""),
    "jeanne-dielman": ("Rivages Distribution", "percentage", "25", None, ""),
    "chronique-d-un-ete": ("Cinémathèque des Faubourgs", "percentage", "20", None, ""),
    "le-roi-et-l-oiseau": ("Les Films de la Comète", "percentage", "25", None, ""),
    "kirikou": ("Rivages Distribution", "percentage", "30", None, ""),
    "mon-voisin-totoro": ("Boréales", "minimum_guarantee", "30", "80", ""),
    "le-ballon-rouge": ("Rivages Distribution", "percentage", "20", None, ""),
    "la-petite-vendeuse-de-soleil": ("Sud Lointain Films", "percentage", "25", None, ""),
    # The programme of shorts: three rights holders, divided by running time.
    "meshes-of-the-afternoon": ("Northlight Pictures", "percentage", "25", None, ""),
    "borom-sarret": ("Sud Lointain Films", "percentage", "25", None, ""),
    "la-jetee": ("Les Films de la Comète", "percentage", "30", None, ""),
    "les-statues-meurent-aussi": ("Les Films de la Comète", "percentage", "30", None, ""),
}
# A film the table does not name (added to the demo later): the usual terms.
USUAL = ("Les Films de la Comète", "percentage", "25", None, "")


def load_accounting(venue, today):
    """Rights holders, each film's, agreements, and last week's statement sent (once)."""
    holders = _holders()
    _film_holders(holders)
    _agreements(venue, holders)
    _statement(venue, today, holders)


def _holders():
    holders = {}
    for name, (contact, email, language) in HOLDERS.items():
        holders[name], _ = RightsHolder.objects.get_or_create(
            name=name,
            defaults={"contact_name": contact, "email": email, "language": language},
        )
    return holders


def _film_holders(holders):
    """Each film's rights holder, the one its agreements name, unless it has one."""
    treasurer = get_user_model().objects.filter(username=TREASURER).first()
    for film in Film.objects.exclude(pk__in=FilmRightsHolder.objects.values("film_id")).order_by(
        "pk"
    ):
        holder = TERMS.get(film.slug, USUAL)[0]
        agreements.set_film_holder(film, holders[holder], by=treasurer)


def _agreements(venue, holders):
    """An agreement for each film of each published screening that has none."""
    done = set(
        RightsAgreement.objects.filter(screening__room__venue=venue).values_list(
            "screening_id", "film_id"
        )
    )
    shown = (
        ScreeningFilm.objects.filter(
            screening__room__venue=venue, screening__status=Screening.Status.PUBLISHED
        )
        .select_related("film")
        .order_by("screening__starts_at", "screening_id", "position")
    )
    RightsAgreement.objects.bulk_create(
        [
            _agreement(item, holders)
            for item in shown
            if (item.screening_id, item.film_id) not in done
        ]
    )


def _agreement(item, holders):
    holder, kind, rate, amount, note = TERMS.get(item.film.slug, USUAL)
    return RightsAgreement(
        screening_id=item.screening_id,
        film=item.film,
        holder=holders[holder],
        kind=kind,
        rate=Decimal(rate) if rate is not None else None,
        amount=Decimal(amount) if amount is not None else None,
        note=note,
    )


def _statement(venue, today, holders):
    """Last week's statement sent to the distributor owed something for the most films
    shown, unless one was sent already."""
    week = venue.week_of(today).previous
    screenings = held_screenings(venue, week.start, week.end)
    counted = (
        RightsAgreement.objects.filter(
            screening__in=screenings, holder__in=[h for h in holders.values() if h.email]
        )
        .exclude(kind=RightsAgreement.Kind.WAIVED)
        .values("holder")
        .annotate(n=Count("id"))
        .order_by("-n", "holder__name")
        .first()
    )
    if counted is None:
        return
    holder = RightsHolder.objects.get(pk=counted["holder"])
    sent = DistributorStatement.objects.filter(venue=venue, holder=holder, week_start=week.start)
    if sent.exists():
        return
    treasurer = get_user_model().objects.filter(username=TREASURER).first()
    statements.send(venue, holder, week, by=treasurer)
