"""Which continent a country of production is on, from its name as typed in French or in
English (a film's `countries`: "Sénégal, France"). A name not known is counted apart."""

import unicodedata

from django.utils.translation import gettext_lazy as _

AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA = "africa", "americas", "asia", "europe", "oceania"
CONTINENTS = {
    AFRICA: _("Africa"),
    AMERICAS: _("Americas"),
    ASIA: _("Asia"),
    EUROPE: _("Europe"),
    OCEANIA: _("Oceania"),
}
UNKNOWN = "unknown"

_NAMES = {
    AFRICA: "algerie algeria angola benin botswana burkina faso burundi cameroun cameroon "
    "cap-vert cape verde centrafrique central african republic tchad chad comores comoros "
    "congo rd congo rdc drc cote d'ivoire ivory coast djibouti egypte egypt erythree eritrea "
    "ethiopie ethiopia gabon gambie gambia ghana guinee guinea guinee-bissau guinea-bissau "
    "kenya lesotho liberia libye libya madagascar malawi mali maroc morocco mauritanie "
    "mauritania maurice mauritius mozambique namibie namibia niger nigeria ouganda uganda "
    "rwanda senegal sierra leone somalie somalia afrique du sud south africa soudan sudan "
    "tanzanie tanzania togo tunisie tunisia zambie zambia zimbabwe",
    AMERICAS: "argentine argentina bolivie bolivia bresil brazil canada chili chile colombie "
    "colombia costa rica cuba equateur ecuador etats-unis united states usa guatemala haiti "
    "honduras jamaique jamaica mexique mexico nicaragua panama paraguay perou peru "
    "porto rico puerto rico salvador el salvador uruguay venezuela martinique guadeloupe "
    "guyane republique dominicaine dominican republic",
    ASIA: "afghanistan arabie saoudite saudi arabia armenie armenia azerbaidjan azerbaijan "
    "bangladesh birmanie myanmar burma cambodge cambodia chine china coree du sud south korea "
    "coree du nord north korea georgie georgia hong kong inde india indonesie indonesia irak "
    "iraq iran israel japon japan jordanie jordan kazakhstan kirghizistan kyrgyzstan laos "
    "liban lebanon malaisie malaysia mongolie mongolia nepal ouzbekistan uzbekistan pakistan "
    "palestine philippines singapour singapore sri lanka syrie syria taiwan tadjikistan "
    "tajikistan thailande thailand turquie turkey vietnam viet nam yemen qatar koweit kuwait "
    "emirats arabes unis united arab emirates",
    EUROPE: "albanie albania allemagne germany autriche austria belgique belgium bielorussie "
    "belarus bosnie bosnia bulgarie bulgaria croatie croatia chypre cyprus danemark denmark "
    "espagne spain estonie estonia finlande finland france grece greece hongrie hungary "
    "irlande ireland islande iceland italie italy kosovo lettonie latvia lituanie lithuania "
    "luxembourg macedoine du nord north macedonia malte malta moldavie moldova montenegro "
    "norvege norway pays-bas netherlands pologne poland portugal roumanie romania "
    "royaume-uni united kingdom uk russie russia serbie serbia slovaquie slovakia slovenie "
    "slovenia suede sweden suisse switzerland tchequie czechia republique tcheque "
    "czech republic ukraine urss ussr yougoslavie yugoslavia tchecoslovaquie czechoslovakia "
    "rda rfa",
    OCEANIA: "australie australia nouvelle-zelande new zealand fidji fiji papouasie "
    "papua new guinea nouvelle-caledonie new caledonia polynesie francaise french polynesia "
    "samoa tonga vanuatu",
}


def _plain(name):
    text = unicodedata.normalize("NFKD", name.strip().lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _table():
    table = {}
    for continent, names in _NAMES.items():
        words = names.split(" ")
        # Names of several words are listed whole; try every run of up to four words.
        for size in (1, 2, 3, 4):
            for i in range(len(words) - size + 1):
                table.setdefault(" ".join(words[i : i + size]), continent)
    return table


_CONTINENT_OF = _table()


def split_countries(text):
    """The countries a film's `countries` names, in order: "Sénégal, France" → two."""
    parts = [p.strip() for chunk in (text or "").split(",") for p in chunk.split("/")]
    return [p for p in parts if p]


def continent_of(country):
    """The continent's key for a country's name, or `UNKNOWN`."""
    return _CONTINENT_OF.get(_plain(country), UNKNOWN)
