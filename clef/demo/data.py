"""La Clef’s demo data: the venue, its rooms, its story, its pages and the demo logins
(the films and the weekly pattern are in programme.py).

Facts about La Clef come from the public record (press articles, the collective’s own
pages); the texts are our own.
"""

import datetime as dt
import zlib
from decimal import Decimal

VENUE = {
    "slug": "la-clef",
    "name": "La Clef",
    "street": "34 rue Daubenton",
    "postcode": "75005",
    "city": "Paris",
    "country": "France",
    "email": "contact@example.org",
    "timezone": "Europe/Paris",
    "open_days": "23456",
    "cnc_number": "751342",  # made up, like the rooms' below (1 to 9 digits)
    # A number of the range kept for fiction (01 99 00 …), like the address above.
    "phone": "01 99 00 12 34",
    "opening_hours": "Mercredi au vendredi : 17 h 30 – 23 h\nSamedi et dimanche : 13 h 30 – 23 h\n"
    "La caisse ouvre une demi-heure avant la première séance.",
    "opening_hours_en": "Wednesday to Friday: 5:30 pm – 11 pm\n"
    "Saturday and Sunday: 1:30 pm – 11 pm\nThe till opens half an hour before the first screening.",
    "getting_there": "Métro : Censier-Daubenton (ligne 7), Place Monge (ligne 7)\n"
    "Bus : 47 (arrêt Censier-Daubenton)\nVélo : stations Vélib’ rue Monge et rue Censier",
    "getting_there_en": "Metro: Censier-Daubenton (line 7), Place Monge (line 7)\n"
    "Bus: 47 (stop Censier-Daubenton)\nBike: Vélib’ stations rue Monge and rue Censier",
    "latitude": Decimal("48.83934"),
    "longitude": Decimal("2.35041"),
}
ROOMS = [
    {
        "name": "Grande salle",
        "seats": 120,
        "wheelchair_places": 4,
        "position": 1,
        "cnc_number": "7513421",
    },
    {
        "name": "Petite salle",
        "seats": 65,
        "wheelchair_places": 2,
        "position": 2,
        "cnc_number": "7513422",
    },
]

# (slug, title, original title, directors, year, countries, runtime, languages,
#  synopsis in French, synopsis in English)

TIMELINE = [
    (
        dt.date(1973, 1, 1),
        "year",
        "Ouverture de La Clef",
        "La Clef opens",
        "Un cinéma d’art et d’essai ouvre rue Daubenton, au cœur du Quartier latin, dans "
        "l’élan des années qui suivent 1968.",
        "An art-house cinema opens on rue Daubenton, in the heart of the Latin Quarter, in the "
        "wake of the years after 1968.",
    ),
    (
        dt.date(2018, 1, 1),
        "year",
        "Fermeture",
        "Closure",
        "Le propriétaire, le comité d’entreprise de la Caisse d’Épargne Île-de-France, met "
        "l’immeuble en vente et ferme la salle.",
        "The owner, the works council of the Caisse d’Épargne Île-de-France, puts the building "
        "up for sale and closes the cinema.",
    ),
    (
        dt.date(2019, 9, 1),
        "month",
        "L’occupation commence",
        "The occupation begins",
        "Le collectif La Clef Revival rouvre la salle et la fait vivre : projections à prix "
        "libre tous les soirs, ateliers, fanzine, débats. Plus de 600 séances et quelque "
        "25 000 spectateurs en deux ans et demi.",
        "The La Clef Revival collective reopens the cinema and keeps it alive: pay-what-you-want "
        "screenings every night, workshops, a fanzine, debates. Over 600 screenings and some "
        "25,000 spectators in two and a half years.",
    ),
    (
        dt.date(2022, 3, 1),
        "day",
        "Expulsion",
        "Eviction",
        "Au terme d’une longue procédure, le collectif est expulsé. Il continue ses séances "
        "ailleurs et ne lâche pas le projet de racheter le lieu.",
        "After a long legal procedure, the collective is evicted. It goes on screening "
        "elsewhere and keeps to its plan of buying the building.",
    ),
    (
        dt.date(2023, 4, 26),
        "day",
        "Promesse de vente et campagne",
        "Sales agreement and campaign",
        "Le fonds de dotation Cinéma Revival signe une promesse de vente à 2,9 millions "
        "d’euros. Prêt bancaire, mécénat et financement participatif : la course contre la "
        "montre dure jusqu’au 26 octobre 2023.",
        "The Cinéma Revival endowment fund signs a sales agreement at 2.9 million euros. Bank "
        "loan, patronage and crowdfunding: the race against the clock runs until 26 October "
        "2023.",
    ),
    (
        dt.date(2024, 6, 1),
        "month",
        "La Clef est rachetée",
        "La Clef is bought",
        "Le fonds de dotation devient propriétaire des murs, qui sortent du marché "
        "immobilier. Commencent les travaux de mise aux normes.",
        "The endowment fund becomes the owner of the building, taken off the property market. "
        "Renovation works to meet safety rules begin.",
    ),
    (
        dt.date(2026, 1, 14),
        "day",
        "Réouverture",
        "Reopening",
        "Après un an et demi de travaux, La Clef rouvre avec deux salles, programmée et tenue "
        "par ses membres.",
        "After a year and a half of works, La Clef reopens with two rooms, programmed and run "
        "by its members.",
    ),
]

COMMISSIONS = [
    (
        "Vie collective",
        "Collective life",
        "Accueille les nouvelles et nouveaux venus, prépare les assemblées et veille à ce "
        "que chacun trouve sa place.",
        "Welcomes newcomers, prepares the general meetings and makes sure everyone finds a place.",
    ),
    (
        "Administration",
        "Administration",
        "Tient les comptes, les contrats et les déclarations.",
        "Keeps the accounts, the contracts and the declarations.",
    ),
    (
        "Bâtiment et sécurité",
        "Building and safety",
        "Entretient le lieu et forme à la sécurité du public.",
        "Looks after the building and trains people in the audience’s safety.",
    ),
    (
        "Technique",
        "Technical",
        "Projection, son, copies : forme les projectionnistes bénévoles.",
        "Projection, sound, prints: trains the volunteer projectionists.",
    ),
    (
        "Programmation",
        "Programming",
        "Reçoit les propositions de films, prépare la réunion mensuelle et aide à obtenir "
        "les droits des copies.",
        "Receives film proposals, prepares the monthly meeting and helps obtain the rights to "
        "the prints.",
    ),
    (
        "Communication",
        "Communication",
        "Le programme, le site, le fanzine, les affiches.",
        "The programme, the website, the fanzine, the posters.",
    ),
    (
        "Billetterie, café et bar",
        "Box office, café and bar",
        "Tient la caisse et le bar, accueille le public.",
        "Runs the till and the bar, welcomes the audience.",
    ),
]

PAGES = {
    "histoire": (
        "Notre histoire",
        "Our story",
        "La Clef est le dernier cinéma associatif de Paris. Il a été sauvé par "
        "celles et ceux qui l’ont occupé, par plus de 5 000 donatrices et donateurs, "
        "et il est aujourd’hui tenu par ses membres.",
        "La Clef is the last associative cinema in Paris. It was saved by those who "
        "occupied it and by more than 5,000 donors, and it is now run by its "
        "members.",
    ),
    "association": (
        "L’association",
        "The association",
        "Toute personne adhérente peut rejoindre le collectif des usagers, se "
        "former pour organiser une séance et proposer des films. La règle du "
        "programme : des films qu’on ne voit pas, ou plus, ailleurs. Les "
        "réunions mensuelles décident de la programmation.\n\n"
        "Les formations apprennent à obtenir les droits d’une copie, à projeter, "
        "à tenir la caisse et à assurer la sécurité du public.",
        "Any member can join the users’ collective, be trained to organise a "
        "screening, and propose films. The rule of the programme: films not, or "
        "no longer, shown elsewhere. Monthly meetings decide the programme.\n\n"
        "Trainings teach how to get the rights to a print, how to project, how "
        "to hold the till and how to keep the audience safe.",
    ),
    "infos-pratiques": (
        "Infos pratiques",
        "Visit",
        "Métro Censier-Daubenton (ligne 7), à deux pas de la rue Mouffetard. Les portes "
        "ouvrent une demi-heure avant la première séance.\n\n"
        "On peut aussi venir boire un verre, lire à la bibliothèque ou "
        "travailler au calme, sans voir de film.",
        "Métro Censier-Daubenton (line 7), a short walk from rue Mouffetard. Doors open "
        "half an hour before the first screening.\n\n"
        "You can also come for a drink, to read in the library or to work "
        "quietly, without seeing a film.",
    ),
    "argent": (
        "Où va l’argent",
        "Where the money goes",
        "Le prix libre ne veut pas dire gratuit pour tout le monde : chaque billet "
        "paie les ayants droit du film et une taxe qui soutient les salles "
        "indépendantes. Voici, au centime près, ce que devient un billet.",
        "Pay what you want does not mean free for everyone: each ticket pays the "
        "film’s rights holders and a tax that supports independent cinemas. Here is, "
        "to the cent, what becomes of a ticket.",
    ),
}

# Demo logins, one per role: (username, role, first name, last name).
PEOPLE = [
    ("admin", "administrator", "Alex", "Admin"),
    ("programmer", "programmer", "Paula", "Programmatrice"),
    ("cashier", "cashier", "Camille", "Caisse"),
    ("treasurer", "treasurer", "Théo", "Trésorier"),
    ("volunteer", "volunteer", "Vera", "Bénévole"),
    ("member", "member", "Marin", "Membre"),
]
DEMO_PASSWORD = "clef-demo"


def seed(*parts):
    """A stable seed: the same slot makes the same choices on every run and machine."""
    return zlib.crc32("|".join(map(str, parts)).encode())
