"""The demo's fundraising: the association and the endowment fund Cinéma Revival (with a
signature drawn for its receipts), the 2023 campaign that bought the building as it was
(price 2.9 M€: a bank loan of 1.4 M€, half guaranteed by IFCIC; patronage, 1.3 M€ sought;
crowdfunding, 400,000 € sought; deadline 26 October 2023), and an open campaign for the
works (600,000 €, ending two months from today), three patrons and counterparts with
stock. The gifts themselves are the gifts part's demo (``demo/gifts.py``), loaded after.

The running campaign, its loan, patrons and counterparts go through the services; the
2023 campaign is history, written as it was (the service refuses a deadline in the past).
Loaded twice, nothing is added."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from clef.fundraising import campaigns as services
from clef.fundraising.counterparts import add_counterpart
from clef.fundraising.models import Campaign, LegalBody
from clef.lib.timezones import local_to_utc

ZONE = "Europe/Paris"

BODIES = [
    {
        "kind": LegalBody.Kind.ASSOCIATION,
        "name": "La Clef Revival",
        "address": "34 rue Daubenton\n75005 Paris",
        "rna": "W751250000",
        "object": "Faire vivre un cinéma associatif, autogéré et à prix libre au cinéma La Clef.",
    },
    {
        "kind": LegalBody.Kind.ENDOWMENT_FUND,
        "name": "Cinéma Revival",
        "address": "34 rue Daubenton\n75005 Paris",
        "siren": "889000000",
        "rna": "W751260000",
        "object": (
            "Acquérir le bâtiment du cinéma La Clef pour le retirer du marché immobilier et "
            "le mettre à la disposition d'un cinéma associatif ouvert à tous."
        ),
        "article": "200, 238 bis et 978 du code général des impôts",
        "signer_name": "Camille Durand",
        "signer_role": "Présidente du fonds de dotation",
    },
]

PURCHASE = {
    "slug": "rachat-2023",
    "title": "Rachetons La Clef",
    "title_en": "Let's buy La Clef",
    "text": (
        "Le 26 avril 2023, le fonds de dotation Cinéma Revival a signé une promesse de vente "
        "du bâtiment pour 2,9 millions d'euros. Il restait six mois pour réunir la somme.\n\n"
        "Les dons ne donnent aucun pouvoir de décision : l'association qui fait vivre le "
        "cinéma reste indépendante."
    ),
    "text_en": (
        "On 26 April 2023 the endowment fund Cinéma Revival signed an agreement to buy the "
        "building for 2.9 million euros. Six months were left to raise the sum.\n\n"
        "Gifts give no say in decisions: the association that runs the cinema stays "
        "independent."
    ),
    "uses": "L'achat du bâtiment (2,9 M€) et les frais de notaire.",
    "uses_en": "Buying the building (€2.9M) and the notary's fees.",
    "goal": Decimal("2900000.00"),
    "patronage_goal": Decimal("1300000.00"),
    "crowdfunding_goal": Decimal("400000.00"),
    "opens_on": dt.date(2023, 4, 26),
}
WORKS = {
    "slug": "travaux",
    "title": "Les travaux de La Clef",
    "title_en": "La Clef's works",
    "text": (
        "Le cinéma est à nous. Reste à le remettre en état : la grande salle, ses fauteuils "
        "et sa cabine, l'accessibilité de la petite salle."
    ),
    "text_en": (
        "The cinema is ours. Now it needs repair: the big room, its seats and booth, "
        "access to the small room."
    ),
    "uses": (
        "Fauteuils de la grande salle : 180 000 €.\nProjecteur numérique : 120 000 €.\n"
        "Ascenseur et accès de la petite salle : 300 000 €."
    ),
    "uses_en": (
        "Seats of the big room: €180,000.\nDigital projector: €120,000.\n"
        "Lift and access to the small room: €300,000."
    ),
    "goal": Decimal("600000.00"),
    "patronage_goal": Decimal("200000.00"),
    "crowdfunding_goal": Decimal("400000.00"),
}
LOAN = {
    "lender": "Banque coopérative",
    "amount": Decimal("1400000.00"),
    "rate": Decimal("3.9"),
    "years": 20,
    "guaranteed_share": Decimal("50"),
    "guarantor": "IFCIC",
    "starts_on": dt.date(2024, 7, 5),
}
# Who pledged the 2023 patronage (1.0 M€ of the 1.3 M€ sought), made up.
PATRONS = [
    ("Fondation pour le cinéma de quartier", "company", Decimal("550000.00"), dt.date(2023, 5, 12)),
    ("Mutuelle des métiers du spectacle", "company", Decimal("300000.00"), dt.date(2023, 6, 2)),
    ("Hélène Vasseur", "person", Decimal("150000.00"), dt.date(2023, 9, 18)),
]
COUNTERPARTS = {
    "rachat-2023": [
        ("Un sac de La Clef", "A La Clef tote bag", "60.00", "15.00", 500),
        ("Votre nom sur le mur", "Your name on the wall", "100.00", "0.00", None),
    ],
    "travaux": [
        ("Un merci sur le site", "A thank-you on the site", "5.00", "0.00", None),
        ("Une affiche sérigraphiée", "A screen-printed poster", "40.00", "10.00", 200),
        ("Votre nom sur un fauteuil", "Your name on a seat", "300.00", "0.00", 120),
        ("Une séance privée pour dix", "A private screening for ten", "1000.00", "70.00", 5),
    ],
}  # fmt: skip


def signature_png():
    """A made-up handwritten signature, drawn."""
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    points = [(20, 80), (60, 30), (80, 90), (120, 40), (150, 85), (190, 35), (230, 80)]
    points += [(260, 50), (290, 75), (330, 45)]
    pen.line(points, fill=(20, 30, 90, 255), width=4, joint="curve")
    pen.line([(40, 100), (320, 95)], fill=(20, 30, 90, 255), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load_fundraising(today):
    bodies = {}
    for values in BODIES:
        body, _created = LegalBody.objects.get_or_create(
            kind=values["kind"], name=values["name"], defaults=values
        )
        bodies[body.kind] = body
    fund = bodies[LegalBody.Kind.ENDOWMENT_FUND]
    if not fund.signature:
        fund.signature.save("cinema-revival.png", ContentFile(signature_png()), save=True)

    purchase = Campaign.objects.filter(slug=PURCHASE["slug"]).first()
    if purchase is None:
        purchase = Campaign.objects.create(
            **PURCHASE,
            deadline=local_to_utc(dt.date(2023, 10, 26), dt.time(23, 59), ZONE),
            body=fund,
        )
        services.add_loan(purchase, **LOAN)
        for name, kind, pledged, signed_on in PATRONS:
            services.add_patron(
                purchase,
                name=name,
                kind=kind,
                pledged=pledged,
                agreement_signed_on=signed_on,
                show_name=kind == "company",
            )

    works = Campaign.objects.filter(slug=WORKS["slug"]).first()
    if works is None:
        works = services.create_campaign(
            **WORKS,
            opens_on=today - dt.timedelta(days=14),
            deadline=local_to_utc(today + dt.timedelta(days=61), dt.time(0, 0), ZONE),
            body=fund,
        )
    for campaign in (purchase, works):
        if campaign.counterparts.exists():
            continue
        for name, name_en, minimum, value, stock in COUNTERPARTS[campaign.slug]:
            add_counterpart(
                campaign,
                name=name,
                name_en=name_en,
                minimum_gift=Decimal(minimum),
                declared_value=Decimal(value),
                stock=stock,
            )
    return {"bodies": bodies, "purchase": purchase, "works": works}
