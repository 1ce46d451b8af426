"""clef's one settings module.

Every value can be set from the environment; the defaults run the demo on SQLite with
nothing set. Rates of the field (taxes, shares) are defaults for new venues: each venue
keeps its own copy, editable by its administrators.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from clef.lib.env import (
    database_from_url,
    env_bool,
    env_decimal,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CLEF_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# The demo's key is public (it is in this file): `clef check --deploy` fails while it is in
# use and `clef serve` says so loudly at start. Production sets SECRET_KEY.
CLEF_DEMO_SECRET_KEY = "clef-demo-only-insecure-secret-key-change-me-in-production"
SECRET_KEY = env_str("SECRET_KEY", "") or CLEF_DEMO_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ninja",
    "clef.audit",
    "clef.venues",
    "clef.programme",
    "clef.payments",
    "clef.members",
    "clef.volunteers",
    "clef.tickets",
    "clef.boxoffice",
    "clef.accounting",
    "clef.fundraising",
    "clef.programming",
    "clef.accounts",
    "clef.api",
    "clef.site",
    "clef.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every answer, static files too, carries the policy (CLEF_CSP).
    "clef.lib.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL character in the path, query or form: 400 before any view (clef/lib/security.py).
    "clef.lib.security.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Where each person is signed in, to list and end those sessions (accounts.signins).
    "clef.accounts.middleware.SignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "clef.urls"
WSGI_APPLICATION = "clef.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clef.site.context_processors.site",
            ],
            # "1er mars" in French wherever a template formats a date (clef.lib.dates).
            "builtins": ["clef.lib.dates"],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", "sqlite:///var/clef.sqlite3"), base_dir=BASE_DIR
    )
}
# Keep connections between requests: SQLite's pragmas and PostgreSQL's handshake are
# paid once per worker, not once per page.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "clef",
        "OPTIONS": {"MAX_ENTRIES": env_int("CLEF_CACHE_ENTRIES", 5000)},
    },
    # The throttle's counters and locks (clef/lib/throttle.py): files, so that every
    # gunicorn worker of `clef serve` reads the same ones (a per-process cache would give
    # an attacker one allowance per worker), apart from the pages' cache so that pages
    # never push a lock out. Several machines need one shared folder (or another shared
    # cache here).
    "throttle": {
        # Django's file cache, expired entries culled first (clef/lib/throttle.py).
        "BACKEND": "clef.lib.throttle.ThrottleCache",
        "LOCATION": env_str("CLEF_THROTTLE_DIR", str(VAR_DIR / "throttle")),
        "OPTIONS": {"MAX_ENTRIES": env_int("CLEF_THROTTLE_ENTRIES", 20000)},
    },
}

# How long the server keeps a listing's live seats (``tickets/listing.py``), in seconds.
CLEF_LISTING_PLACES_SECONDS = env_int("CLEF_LISTING_PLACES_SECONDS", 5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Passwords are checked through the throttle (clef/lib/throttle.py): on the site, the back
# office and anywhere else Django's authenticate() is called. Django's own backend stays
# second, for the sessions opened by a link (they name it).
AUTHENTICATION_BACKENDS = [
    "clef.lib.throttle.ThrottledModelBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The throttle's rules. Wrong passwords: this many in the window pause password sign-in
# for this account from this client (an email tells the owner once); more from one client
# across accounts pause that client; more on one account from anywhere pause the account
# (a link by email still signs in). Emails sent on demand (sign-in links, confirmations,
# the waiting list): so many per address, and per client, per hour.
CLEF_THROTTLE = {
    "window_minutes": env_int("CLEF_THROTTLE_WINDOW_MINUTES", 15),
    "lock_minutes": env_int("CLEF_THROTTLE_LOCK_MINUTES", 15),
    "failures_per_account_and_client": env_int("CLEF_THROTTLE_FAILURES", 5),
    "failures_per_client": env_int("CLEF_THROTTLE_CLIENT_FAILURES", 30),
    "failures_per_account": env_int("CLEF_THROTTLE_ACCOUNT_FAILURES", 50),
    "failed_tokens_per_client": env_int("CLEF_THROTTLE_TOKEN_FAILURES", 20),
    "emails_per_address": env_int("CLEF_THROTTLE_EMAILS_PER_ADDRESS", 3),
    "emails_per_client": env_int("CLEF_THROTTLE_EMAILS_PER_CLIENT", 10),
}
# Who the client is: its address as the server sees it, or, behind a proxy on the same
# machine, the last address of this header as the proxy writes it (e.g. X-Forwarded-For;
# never set it without a proxy that writes it: a client could choose its own address).
CLEF_CLIENT_IP_HEADER = env_str("CLEF_CLIENT_IP_HEADER", "")
# A link sent by email to confirm an address or to sign in is good for this long.
CLEF_LINK_MAX_AGE = env_int("CLEF_LINK_MAX_AGE", 60 * 60 * 24)

# French first, English too.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "clef" / "locale"]
USE_I18N = True
USE_TZ = True
# Stored in UTC, shown in the venue's zone; this is the zone of La Clef.
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = env_int("CLEF_STATIC_MAX_AGE", 3600)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "La Clef <contact@example.org>")

# --- HTTPS: on whenever DEBUG is off ---------------------------------------------------
# Redirect to HTTPS, HSTS, cookies sent over HTTPS only. CLEF_HTTPS=false turns them off
# for a local run over plain HTTP (`make demo`, the benches); never in production. Behind
# a proxy that ends TLS on the same machine, gunicorn trusts its X-Forwarded-Proto
# (FORWARDED_ALLOW_IPS says from where), so the redirect does not loop.
CLEF_HTTPS = env_bool("CLEF_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = CLEF_HTTPS
# The health check is probed over plain HTTP by a local monitor.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365) if CLEF_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is asking browsers' makers to hard-code HTTPS for the domain and all its
# subdomains, for good: the operator's decision, so off unless SECURE_HSTS_PRELOAD=true
# (and the deploy check's reminder of it is silenced below).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", CLEF_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", CLEF_HTTPS)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# The Content-Security-Policy sent with every page (clef/lib/security.py): no inline
# script, nothing from another site. CLEF_CSP replaces it whole (for a real payment
# provider's pages, add its origin to form-action).
CLEF_CSP = env_str(
    "CLEF_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
)

# --- Logs: every server error with its traceback, mailed to ADMINS when set --------------
# The server's log is its standard error (gunicorn's output). ADMINS: addresses separated
# by commas; each server error (with DEBUG off) is mailed to them, from SERVER_EMAIL.
ADMINS = [("", address) for address in env_list("ADMINS", [])]
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", "[clef] ")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "loggers": {
        "clef": {"handlers": ["console"], "level": env_str("CLEF_LOG_LEVEL", "INFO")},
        # Django's errors (a server error's traceback among them) to the log whatever
        # DEBUG says (Django's default prints them only with DEBUG on), and mailed.
        "django": {
            "handlers": ["console", "mail_admins"],
            "level": env_str("CLEF_DJANGO_LOG_LEVEL", "ERROR"),
            "propagate": False,
        },
    },
}

# --- The field's rates: defaults for a new venue (see docs/money.md) -----------------
# The tax on admissions (TSA) is due for cinema weeks with at least this many screenings,
# and not at all for a month whose total is under this amount, in euros (CNC rules).
CLEF_TSA_MIN_SCREENINGS_PER_WEEK = int(env_decimal("CLEF_TSA_MIN_SCREENINGS_PER_WEEK", "2"))
CLEF_TSA_MONTHLY_THRESHOLD = env_decimal("CLEF_TSA_MONTHLY_THRESHOLD", "80")

CLEF_DEFAULT_RATES = {
    # VAT on admissions, in percent; the price paid includes it.
    "vat_rate": env_decimal("CLEF_VAT_RATE", "5.5"),
    # Tax on cinema admissions paid to the CNC, in percent of the price paid.
    "tsa_rate": env_decimal("CLEF_TSA_RATE", "10.72"),
    # The same tax for works on the X list.
    "tsa_rate_x": env_decimal("CLEF_TSA_RATE_X", "16.08"),
    # Music rights (SACEM), in percent of box office excluding VAT; 0 allowed.
    "music_rights_rate": env_decimal("CLEF_MUSIC_RIGHTS_RATE", "1.27"),
    # The usual share of the rights holder, in percent of the distributor base; used to
    # explain to visitors where a euro goes. Each film's agreement sets its own.
    "usual_rental_rate": env_decimal("CLEF_USUAL_RENTAL_RATE", "50"),
    # Membership sliding scale, in euros.
    "membership_floor": env_decimal("CLEF_MEMBERSHIP_FLOOR", "5"),
    "membership_ceiling": env_decimal("CLEF_MEMBERSHIP_CEILING", "15"),
}
# Booking rules: defaults for a new venue, each overridable per venue in the back office.
CLEF_DEFAULT_BOOKING = {
    # Whether a ticket needs a valid membership on the day of the screening.
    "ticket_needs_membership": env_bool("CLEF_TICKET_NEEDS_MEMBERSHIP", True),
    # How many seats one booking may take.
    "seats_per_booking": env_int("CLEF_SEATS_PER_BOOKING", 4),
    # How many seats one person may hold for one screening, across all their bookings.
    "seats_per_person": env_int("CLEF_SEATS_PER_PERSON", 4),
    # How many seats one person may hold unpaid (to pay at the door), across all their
    # upcoming screenings.
    "door_hold_seats_per_person": env_int("CLEF_DOOR_HOLD_SEATS_PER_PERSON", 4),
    # The highest price a spectator may type for one ticket (a guard against typos), in €.
    "price_ceiling": env_decimal("CLEF_PRICE_CEILING", "200"),
    # The amounts suggested beside the price field, in €.
    "suggested_prices": env_str("CLEF_SUGGESTED_PRICES", "0 4 7.50 10"),
    # Seats sold online, in percent of the room; the rest are kept for the door.
    "online_quota_percent": env_int("CLEF_ONLINE_QUOTA_PERCENT", 70),
    # A member may cancel until this many minutes before the start.
    "cancel_cutoff_minutes": env_int("CLEF_CANCEL_CUTOFF_MINUTES", 60),
    # A booking to pay at the door is held until this many minutes before the start.
    "door_hold_minutes": env_int("CLEF_DOOR_HOLD_MINUTES", 15),
    # A seat that comes back is held this long for the first on the waiting list.
    "waiting_offer_minutes": env_int("CLEF_WAITING_OFFER_MINUTES", 120),
    # An online payment not finished after this many minutes gives its seats back.
    "payment_timeout_minutes": env_int("CLEF_PAYMENT_TIMEOUT_MINUTES", 30),
    # A workshop place taken by someone not signed in is kept this many minutes for the
    # guardian to confirm their address by the emailed link; then it goes back.
    "registration_confirm_minutes": env_int("CLEF_REGISTRATION_CONFIRM_MINUTES", 120),
    # Membership validity: months from payment ("rolling"), or a fixed season.
    "membership_validity": env_str("CLEF_MEMBERSHIP_VALIDITY", "rolling"),
    "membership_months": env_int("CLEF_MEMBERSHIP_MONTHS", 12),
    # First month of a fixed season (9 = September).
    "season_start_month": env_int("CLEF_SEASON_START_MONTH", 9),
}
# The online payment method offered to members, by its code in payments.methods.METHODS;
# none by default: paying at the door only. "test" is the stand-in provider of the demo
# and the tests (`make demo` sets it): it takes no money, and `clef check --deploy` fails
# while it is on with DEBUG off.
CLEF_ONLINE_PAYMENT = env_str("CLEF_ONLINE_PAYMENT", "")
CLEF_CURRENCY = env_str("CLEF_CURRENCY", "EUR")
CLEF_VENUE_SIRET = env_str("CLEF_VENUE_SIRET", "")  # printed on the till's receipts
# The journal's Ed25519 signing key (PEM), outside the database; `clef journal keygen`
# makes it. Without it the till, the door and online payments refuse to take money.
CLEF_JOURNAL_KEY_FILE = env_str("CLEF_JOURNAL_KEY_FILE", str(VAR_DIR / "journal.key"))
# Where the journal's signed anchors (how far each venue's chain went) are kept; empty for
# the folder journal-anchor beside the key file.
CLEF_JOURNAL_ANCHOR_DIR = env_str("CLEF_JOURNAL_ANCHOR_DIR", "")
# The venue the public site shows, by its short name; empty for the first one.
CLEF_VENUE = env_str("CLEF_VENUE", "")
# Volunteers' shifts: a signup may be cancelled until this many hours before the shift
# (after, it is offered to others); at most this many shifts a week per person; an email
# to the qualified volunteers when a shift is still empty this many days before.
CLEF_SHIFT_CANCEL_HOURS = env_int("CLEF_SHIFT_CANCEL_HOURS", 48)
CLEF_SHIFT_WEEKLY_CAP = env_int("CLEF_SHIFT_WEEKLY_CAP", 4)
CLEF_SHIFT_GAP_DAYS = env_int("CLEF_SHIFT_GAP_DAYS", 3)
# Volunteers' hours valued as contributions in kind (accounts 86/87): euros an hour (by
# default the French minimum wage, gross, of 2025).
CLEF_VOLUNTEER_HOUR_RATE = env_decimal("CLEF_VOLUNTEER_HOUR_RATE", "11.88")
# Files uploaded in the back office (campaign images, signatures on receipts, patrons'
# agreements); served by clef's own views, never listed.
MEDIA_ROOT = Path(env_str("CLEF_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Counterparts to a donor (CGI 200 and 238 bis): worth at most this percent of the gift,
# and at most this many euros a year per donor; past that the gift gives no tax reduction.
CLEF_COUNTERPART_SHARE = env_decimal("CLEF_COUNTERPART_SHARE", "25")
CLEF_COUNTERPART_YEARLY_CAP = env_decimal("CLEF_COUNTERPART_YEARLY_CAP", "73")
# The largest gift taken in one go (online, at the till, typed by the treasurer): above,
# a typo is more likely than a donor; a larger gift is typed in parts or as a pledge.
CLEF_GIFT_CEILING = env_decimal("CLEF_GIFT_CEILING", "100000")
# The programming meetings: proxies one member may hold at a meeting; how many members
# present or represented a majority vote needs to count (the quorum).
CLEF_MEETING_PROXIES = env_int("CLEF_MEETING_PROXIES", 1)
CLEF_MEETING_QUORUM = env_int("CLEF_MEETING_QUORUM", 5)
# Each screening's checklist: how many days before the screening each item is due; and
# the times of day the programming suggests free slots at, local time.
CLEF_CHECKLIST_DUE_DAYS = {
    "rights": env_int("CLEF_DUE_RIGHTS_DAYS", 21),
    "text": env_int("CLEF_DUE_TEXT_DAYS", 14),
    "poster": env_int("CLEF_DUE_POSTER_DAYS", 14),
    "subtitles": env_int("CLEF_DUE_SUBTITLES_DAYS", 7),
    "guest": env_int("CLEF_DUE_GUEST_DAYS", 7),
    "copy": env_int("CLEF_DUE_COPY_DAYS", 3),
    "staff": env_int("CLEF_DUE_STAFF_DAYS", 3),
}
CLEF_SLOT_TIMES = env_list("CLEF_SLOT_TIMES", ["14:00", "16:30", "20:30"])
# The sites allowed to show a campaign's small page in a frame (CSP frame-ancestors):
# "*" for any, or origins separated by spaces. Only that page may be framed.
CLEF_EMBED_FRAME_ANCESTORS = env_str("CLEF_EMBED_FRAME_ANCESTORS", "*")
