"""La Clef’s demo programme: real films briefly described (their visa numbers made up),
the cycles, and the weekly pattern the demo loader repeats over the weeks."""

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

# The exploitation visa of each film: made up, of the right shape (5 or 6 digits, the
# older films the lower numbers), written without the space of "148 214".
VISAS = {
    "wanda": "39471",
    "killer-of-sheep": "118423",
    "touki-bouki": "41276",
    "sambizanga": "40518",
    "born-in-flames": "57894",
    "sans-soleil": "56921",
    "le-fond-de-l-air-est-rouge": "46203",
    "la-hora-de-los-hornos": "35880",
    "salt-of-the-earth": "15732",
    "daguerreotypes": "44107",
    "la-noire-de": "31549",
    "jeanne-dielman": "43968",
    "chronique-d-un-ete": "24815",
    "le-roi-et-l-oiseau": "52270",
    "kirikou": "93416",
    "le-ballon-rouge": "17953",
    "la-petite-vendeuse-de-soleil": "98032",
    "la-jetee": "26671",
    "borom-sarret": "148214",
    "les-statues-meurent-aussi": "27309",
    "mon-voisin-totoro": "100784",
}
# An experimental short never released in cinemas here: no visa (not a commercial film).
NO_VISA = {"meshes-of-the-afternoon"}

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

# The children's image-education workshops ("La Petite Évasion"), on every other Sunday.
WORKSHOP = {
    "title": "La Petite Évasion : {film}",
    "title_en": "La Petite Évasion: {film}",
    "description": (
        "Projection suivie d'un atelier d'éducation à l'image pour les 6-10 ans, "
        "animé par des bénévoles."
    ),
    "description_en": (
        "A screening followed by an image-education workshop for 6 to 10 year olds, "
        "run by volunteers."
    ),
    "age_min": 6,
    "age_max": 10,
    "places": 12,
}
# Children registered for the next workshop, with the parent who registered them: the
# first twelve get a place, the others wait. (first name, age, guardian)
WORKSHOP_CHILDREN = [
    ("Aïcha", 7, "Nadia Benali"),
    ("Basile", 6, "Claire Rousseau"),
    ("Chloé", 9, "Marc Lefèvre"),
    ("Dimitri", 8, "Elena Popescu"),
    ("Élise", 10, "Sophie Garnier"),
    ("Fatou", 6, "Aminata Diallo"),
    ("Gaspard", 7, "Julien Mercier"),
    ("Hugo", 9, "Laure Chevalier"),
    ("Inès", 8, "Karim Haddad"),
    ("Jules", 10, "Anne Morel"),
    ("Kenza", 7, "Samira Ouali"),
    ("Léon", 6, "Thomas Girard"),
    ("Maya", 9, "Lucie Fontaine"),
    ("Noé", 8, "Pierre Lambert"),
]
