"""La Clef’s demo data: the venue, its story, films and a programme pattern.

Facts about La Clef come from the public record (see docs/la-clef.md); the texts are
our own. Films are real works, described briefly; visa numbers are left blank.
"""

import datetime as dt

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
}
ROOMS = [
    {"name": "Grande salle", "seats": 120, "wheelchair_places": 4, "position": 1},
    {"name": "Petite salle", "seats": 65, "wheelchair_places": 2, "position": 2},
]

# (slug, title, original title, directors, year, countries, runtime, languages,
#  synopsis in French, synopsis in English)
FILMS = [
    (
        "wanda",
        "Wanda",
        "",
        "Barbara Loden",
        1970,
        "États-Unis",
        102,
        "anglais",
        "Une femme quitte tout sans savoir où aller, et se laisse entraîner par un petit voleur. "
        "Le seul long métrage de Barbara Loden, tourné en 16 mm avec presque rien.",
        "A woman leaves everything without knowing where to go, and drifts along with a petty "
        "thief. Barbara Loden’s only feature, shot on 16 mm with almost nothing.",
    ),
    (
        "killer-of-sheep",
        "Killer of Sheep",
        "",
        "Charles Burnett",
        1978,
        "États-Unis",
        81,
        "anglais",
        "Watts, Los Angeles : Stan travaille aux abattoirs et ne dort plus. Une chronique "
        "tendre et lucide tournée avec les gens du quartier.",
        "Watts, Los Angeles: Stan works at a slaughterhouse and can no longer sleep. A tender, "
        "clear-eyed chronicle shot with the people of the neighbourhood.",
    ),
    (
        "touki-bouki",
        "Touki Bouki",
        "",
        "Djibril Diop Mambéty",
        1973,
        "Sénégal",
        85,
        "wolof",
        "Mory et Anta rêvent de Paris et cherchent l’argent du voyage. Un film libre, "
        "insolent, qui invente sa propre grammaire.",
        "Mory and Anta dream of Paris and hunt for the money to get there. A free, insolent "
        "film that invents its own grammar.",
    ),
    (
        "sambizanga",
        "Sambizanga",
        "",
        "Sarah Maldoror",
        1972,
        "Angola, France",
        102,
        "portugais, kimbundu",
        "Luanda, 1961 : Maria cherche son mari, militant emprisonné par la police coloniale.",
        "Luanda, 1961: Maria searches for her husband, an activist jailed by the colonial police.",
    ),
    (
        "born-in-flames",
        "Born in Flames",
        "",
        "Lizzie Borden",
        1983,
        "États-Unis",
        80,
        "anglais",
        "Dix ans après une révolution socialiste pacifique à New York, des femmes s’organisent "
        "parce que rien n’a changé pour elles.",
        "Ten years after a peaceful socialist revolution in New York, women organise because "
        "nothing has changed for them.",
    ),
    (
        "sans-soleil",
        "Sans soleil",
        "",
        "Chris Marker",
        1983,
        "France",
        100,
        "français",
        "Des lettres d’un caméraman voyageur lues par une femme : le Japon, la Guinée-Bissau, "
        "la mémoire et ses images.",
        "Letters from a travelling cameraman, read by a woman: Japan, Guinea-Bissau, memory "
        "and its images.",
    ),
    (
        "le-fond-de-l-air-est-rouge",
        "Le fond de l’air est rouge",
        "",
        "Chris Marker",
        1977,
        "France",
        180,
        "français",
        "Dix ans de luttes à travers le monde, de 1967 à 1977, montés à partir d’images "
        "d’actualité et de films militants.",
        "Ten years of struggles around the world, 1967 to 1977, edited from newsreels and "
        "militant films.",
    ),
    (
        "la-hora-de-los-hornos",
        "L’Heure des brasiers",
        "La hora de los hornos",
        "Fernando Solanas, Octavio Getino",
        1968,
        "Argentine",
        260,
        "espagnol",
        "Un film-essai en trois parties sur le néocolonialisme en Amérique latine, conçu pour "
        "être arrêté et débattu pendant la projection.",
        "An essay film in three parts on neocolonialism in Latin America, made to be stopped "
        "and debated during the screening.",
    ),
    (
        "salt-of-the-earth",
        "Le Sel de la terre",
        "Salt of the Earth",
        "Herbert J. Biberman",
        1954,
        "États-Unis",
        94,
        "anglais, espagnol",
        "Une grève de mineurs mexicains-américains au Nouveau-Mexique, que les femmes "
        "reprennent quand la loi interdit aux hommes de piqueter.",
        "A strike of Mexican-American miners in New Mexico, taken over by the women when the "
        "law forbids the men to picket.",
    ),
    (
        "daguerreotypes",
        "Daguerréotypes",
        "",
        "Agnès Varda",
        1975,
        "France",
        79,
        "français",
        "Les commerçants de la rue Daguerre, filmés par leur voisine : un portrait du "
        "quartier, de ses gestes et de ses silences.",
        "The shopkeepers of rue Daguerre, filmed by their neighbour: a portrait of the street, "
        "its gestures and its silences.",
    ),
    (
        "la-noire-de",
        "La Noire de…",
        "",
        "Ousmane Sembène",
        1966,
        "Sénégal, France",
        65,
        "français, wolof",
        "Diouana suit à Antibes le couple pour lequel elle travaillait à Dakar, et découvre ce "
        "qu’on attend d’elle.",
        "Diouana follows to Antibes the couple she worked for in Dakar, and finds out what is "
        "expected of her.",
    ),
    (
        "jeanne-dielman",
        "Jeanne Dielman, 23 quai du Commerce, 1080 Bruxelles",
        "",
        "Chantal Akerman",
        1975,
        "Belgique, France",
        201,
        "français",
        "Trois jours de la vie d’une veuve qui élève son fils, réglée à la minute près, "
        "jusqu’à ce que l’ordre se dérègle.",
        "Three days in the life of a widow raising her son, ruled to the minute, until the "
        "order slips.",
    ),
    (
        "chronique-d-un-ete",
        "Chronique d’un été",
        "",
        "Jean Rouch, Edgar Morin",
        1961,
        "France",
        85,
        "français",
        "Paris, été 1960 : « Êtes-vous heureux ? » Une enquête qui invente le cinéma-vérité.",
        "Paris, summer 1960: “Are you happy?” An inquiry that invented cinéma vérité.",
    ),
    (
        "le-roi-et-l-oiseau",
        "Le Roi et l’Oiseau",
        "",
        "Paul Grimault",
        1980,
        "France",
        87,
        "français",
        "Un oiseau moqueur défie le roi Charles V+III=VIII+VIII=XVI, tyran d’un royaume "
        "vertical. Écrit avec Jacques Prévert.",
        "A mocking bird defies King Charles V+III=VIII+VIII=XVI, tyrant of a vertical kingdom. "
        "Written with Jacques Prévert.",
    ),
    (
        "kirikou",
        "Kirikou et la Sorcière",
        "",
        "Michel Ocelot",
        1998,
        "France, Belgique",
        74,
        "français",
        "Un tout petit garçon tient tête à la sorcière Karaba qui a tari la source du village.",
        "A very small boy stands up to the witch Karaba, who has dried up the village’s spring.",
    ),
    (
        "le-ballon-rouge",
        "Le Ballon rouge",
        "",
        "Albert Lamorisse",
        1956,
        "France",
        34,
        "sans dialogue",
        "Un garçon de Ménilmontant et un ballon qui le suit partout.",
        "A boy from Ménilmontant and a balloon that follows him everywhere.",
    ),
    (
        "la-petite-vendeuse-de-soleil",
        "La Petite Vendeuse de soleil",
        "",
        "Djibril Diop Mambéty",
        1999,
        "Sénégal, France",
        45,
        "wolof",
        "Sili, une fillette qui marche avec des béquilles, vend le journal Le Soleil dans les "
        "rues de Dakar.",
        "Sili, a girl who walks on crutches, sells the newspaper Le Soleil in Dakar’s streets.",
    ),
    (
        "la-jetee",
        "La Jetée",
        "",
        "Chris Marker",
        1962,
        "France",
        28,
        "français",
        "Après la troisième guerre mondiale, un homme est envoyé dans le passé, vers une image "
        "d’enfance. Un film fait de photographies.",
        "After the third world war, a man is sent into the past, towards a childhood image. A "
        "film made of still photographs.",
    ),
    (
        "borom-sarret",
        "Borom Sarret",
        "",
        "Ousmane Sembène",
        1963,
        "Sénégal",
        20,
        "français",
        "Une journée d’un charretier de Dakar.",
        "A day in the life of a cart driver in Dakar.",
    ),
    (
        "les-statues-meurent-aussi",
        "Les statues meurent aussi",
        "",
        "Alain Resnais, Chris Marker",
        1953,
        "France",
        30,
        "français",
        "Sur l’art africain arraché à son sens dans les musées d’Europe ; longtemps censuré.",
        "On African art torn from its meaning in Europe’s museums; long censored.",
    ),
    (
        "meshes-of-the-afternoon",
        "Meshes of the Afternoon",
        "",
        "Maya Deren, Alexander Hammid",
        1943,
        "États-Unis",
        14,
        "sans dialogue",
        "Un après-midi qui se répète comme un rêve.",
        "An afternoon that repeats itself like a dream.",
    ),
    (
        "mon-voisin-totoro",
        "Mon voisin Totoro",
        "Tonari no Totoro",
        "Hayao Miyazaki",
        1988,
        "Japon",
        86,
        "japonais",
        "Deux sœurs installées à la campagne rencontrent les esprits de la forêt.",
        "Two sisters who move to the countryside meet the spirits of the forest.",
    ),
]

CYCLES = [
    (
        "enfance",
        "Enfance",
        "Childhood",
        True,
        "Des films pour les enfants et ceux qui les accompagnent, le mercredi et le dimanche "
        "après-midi, souvent suivis d’un atelier de La Petite Évasion.",
        "Films for children and those who come with them, on Wednesday and Sunday afternoons, "
        "often followed by a workshop of La Petite Évasion.",
    ),
    (
        "luttes-en-images",
        "Luttes en images",
        "Struggles on screen",
        False,
        "Des films nés des luttes ou qui les ont accompagnées, suivis de discussions.",
        "Films born of struggles or made alongside them, followed by discussions.",
    ),
    (
        "cinemas-d-afrique",
        "Cinémas d’Afrique",
        "Cinemas of Africa",
        False,
        "Sembène, Mambéty, Maldoror : des cinéastes qui ont inventé un cinéma à eux.",
        "Sembène, Mambéty, Maldoror: filmmakers who invented a cinema of their own.",
    ),
    (
        "carte-blanche",
        "Carte blanche",
        "Carte blanche",
        False,
        "Un membre du collectif choisit un film et vient le présenter.",
        "A member of the collective picks a film and comes to present it.",
    ),
]

# The weekly pattern: (weekday, "HH:MM", room index, kind of slot). Wednesday is 2.
WEEK_PATTERN = [
    (2, "14:30", 1, "children"),
    (2, "20:00", 0, "evening"),
    (2, "20:30", 1, "evening"),
    (3, "19:00", 1, "evening"),
    (3, "20:30", 0, "evening"),
    (4, "18:00", 0, "evening"),
    (4, "20:30", 1, "evening"),
    (4, "21:00", 0, "late"),
    (5, "15:00", 1, "shorts"),
    (5, "18:30", 0, "evening"),
    (5, "21:00", 0, "late"),
    (6, "15:00", 1, "children"),
    (6, "17:00", 0, "debate"),
]

EVENING_FILMS = [
    "wanda",
    "killer-of-sheep",
    "touki-bouki",
    "sambizanga",
    "born-in-flames",
    "sans-soleil",
    "salt-of-the-earth",
    "daguerreotypes",
    "la-noire-de",
    "chronique-d-un-ete",
    "jeanne-dielman",
]
CHILDREN_FILMS = [
    "le-roi-et-l-oiseau",
    "kirikou",
    "mon-voisin-totoro",
    "la-petite-vendeuse-de-soleil",
]
DEBATE_FILMS = [
    "le-fond-de-l-air-est-rouge",
    "salt-of-the-earth",
    "born-in-flames",
    "la-hora-de-los-hornos",
]
GUESTS = [
    "Nicole Brenez",
    "l’équipe de Studio 34",
    "la Coordination des intermittents et précaires",
    "Mathieu Amalric",
]
SHORTS = {
    "title": "Courts métrages : regards insoumis",
    "title_en": "Short films: unruly eyes",
    "films": ["meshes-of-the-afternoon", "borom-sarret", "la-jetee", "les-statues-meurent-aussi"],
}

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
