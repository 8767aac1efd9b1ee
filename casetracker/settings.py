"""casetracker settings: one module, configured from the environment.

Variables:
    DJANGO_DEBUG          "1"/"true" to turn debug on (default: on for local use)
    DJANGO_SECRET_KEY     required when debug is off
    DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
    DATABASE_URL          e.g. postgres://postgres@127.0.0.1:5432/casetracker
                          (default: SQLite file db.sqlite3 in the project folder)
    API_THROTTLE_ANON     anonymous API rate per client address (default 120/minute)
    REDIS_URL             e.g. redis://127.0.0.1:6379/0: cache in Redis, shared by
                          every worker (default: each process's local memory)
    RESPONSE_CACHE        "on": cache public answers and list counts (default);
                          "counts": list counts only; "off": nothing
    DJANGO_HTTPS          "1" when served over HTTPS behind a proxy: HSTS, the
                          HTTPS redirect, secure cookies, X-Forwarded-Proto trusted
    DJANGO_TRUSTED_PROXIES  how many proxies in front of the app append to
                          X-Forwarded-For (default 0: the client is REMOTE_ADDR)
    DJANGO_HSTS_SECONDS, DJANGO_HSTS_INCLUDE_SUBDOMAINS, DJANGO_HSTS_PRELOAD
                          HSTS details with DJANGO_HTTPS (a year, on, on)
    DJANGO_OTP_ISSUER     the name authenticator apps show (default casetracker)
    SITE_URL              the site's own address, for the links inside the bulk
                          downloads (default http://127.0.0.1:8000)
    EXPORT_DIR            where the site keeps the bulk downloads (default
                          exports/ in the project folder)
    EXPORT_REBUILD        "background" (default): after an edit, the downloads
                          are rebuilt in a thread while /data/ says so;
                          "inline": rebuilt in the request that finds them stale
    DATA_LICENCE, DATA_LICENCE_URL  the licence the downloads are published
                          under (default CC BY 4.0)
"""

import datetime
from os import environ
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "django-insecure-casetracker-development-key-do-not-use-in-production"


def env_bool(name, default):
    value = environ.get(name)
    if value is None or value == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_count(name, default):
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = environ.get("DJANGO_SECRET_KEY") or DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off but DJANGO_SECRET_KEY is not set: refusing to run "
        "with the development secret key. Set DJANGO_SECRET_KEY to a long random "
        "string."
    )

ALLOWED_HOSTS = [
    host.strip()
    for host in environ.get(
        "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
    ).split(",")
    if host.strip()
]

INSTALLED_APPS = [
    # Before the admin: it adds the translation columns the admin shows.
    "modeltranslation",
    "casetracker.apps.EditorialAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "concurrency",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "proceedings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "casetracker.errors.RequestGuardMiddleware",
    "casetracker.health.DatabaseOutageMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "casetracker.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "concurrency.middleware.ConcurrencyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "casetracker.urls"

# Optimistic locking of editorial records (proceedings.models.Record.version): no
# database triggers (the version is advanced by Django's UPDATE), and a stale
# save that no form caught is a 409 page rather than a 500.
CONCURRENCY_AUTO_CREATE_TRIGGERS = False
CONCURRENCY_HANDLER409 = "casetracker.errors.conflict"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "casetracker.wsgi.application"
ASGI_APPLICATION = "casetracker.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Connections are kept between requests (opening one, with SQLite's
        # pragmas and functions, cost more than a cached answer) and checked
        # before reuse.
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while an editor saves; IMMEDIATE avoids
        # "database is locked" when two writers upgrade their locks at once.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = None  # in memory

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logins (casetracker/accounts.py). django-axes counts failed passwords per
# account and client address (the address rule of the API throttle) in the
# database, shared by every worker: five in a row lock that account at that
# address for 15 minutes (each new attempt restarts the wait), a success resets
# the count; `manage.py axes_reset_username NAME` lifts a lock early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "casetracker.accounts.client_address"
AXES_LOCKOUT_CALLABLE = "casetracker.accounts.locked_out"
AXES_VERBOSE = False
# Second factor (django-otp): TOTP codes from an authenticator app, and one-time
# backup codes; wrong codes slow further tries down.
OTP_TOTP_ISSUER = environ.get("DJANGO_OTP_ISSUER", "casetracker")

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English, Russian and Kazakh: pages under /ru/… and /kk/… (English without a
# prefix), the admin and the API by the browser's language (casetracker/locale.py).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("kk", "Қазақша"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Content in the reader's language (django-modeltranslation, see
# proceedings/translation.py): English is the original every other language
# falls back to.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "ru", "kk")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Served over HTTPS (behind a proxy that terminates TLS and sets
# X-Forwarded-Proto): one switch for everything that needs it. `manage.py check
# --deploy --fail-level WARNING` passes with it on. The health probes stay
# reachable over plain HTTP, as load balancers call them.
HTTPS = env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_count("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "casetracker.errors.csrf_failure"

# Nothing on the site runs or loads from another origin; no inline scripts or
# styles anywhere (the response cache would replay a nonce). Swagger UI gets its
# start-up script from an address of its own (casetracker/urls.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # One style attribute in django-simple-history's history page, allowed by
    # its hash (only that exact text).
    "style-src-attr": [
        CSP.UNSAFE_HASHES,
        "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    ],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Features no page uses, switched off for the page and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

# How many reverse proxies in front of the app append the client's address to
# X-Forwarded-For (the throttle and the login lockout take the address that many
# places from the right). 0: the address is REMOTE_ADDR and the header is ignored.
TRUSTED_PROXIES = env_count("DJANGO_TRUSTED_PROXIES", 0)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "proceedings.api.renderers.CSVRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "proceedings.api.renderers.ContentNegotiation",
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["proceedings.api.throttling.AnonRateThrottle"],
    # Requests per client address; e.g. "120/minute", "5000/day".
    "DEFAULT_THROTTLE_RATES": {"anon": environ.get("API_THROTTLE_ANON", "120/minute")},
    # The client's address is REMOTE_ADDR unless proxies are declared: an
    # X-Forwarded-For header anyone can send must not pick their throttle key.
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "proceedings.api.schema.PublicAPISchema",
}

# A facet count that takes longer than this is left out ("not counted: narrow
# the list"), as Datasette's facet_time_limit_ms does (bench/RESULTS.md).
FACET_TIME_LIMIT_MS = int(environ.get("FACET_TIME_LIMIT_MS", "150"))

# django-filter: an unset choice on the list pages reads "any", not "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("any")

SPECTACULAR_SETTINGS = {
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "proceedings.api.schema.document_parameter_rules",
        "proceedings.api.schema.document_facets",
    ],
    "TITLE": "casetracker API",
    "DESCRIPTION": (
        "Read-only API over published legal proceedings: courts, parties, cases, "
        "rulings, sanctions, relationships and sources. Lists take the filters "
        "below plus `updated_since`, `ordering`, `page` and `page_size` (at most "
        "100), and `facets` to count the filtered list per value of a field. "
        'Partial dates are ISO prefixes ("2018-10") with `<field>_precision` '
        'beside them; money is a list of amounts, each {"amount", "currency", '
        '"qualifier"}. An unknown parameter or a bad value is a 400 naming the '
        "parameter and saying what to type; an unknown or unpublished record is a "
        "404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "proceedings.models.country_choices",
        "DatePrecisionEnum": "proceedings.fields.DatePrecision",
        "CourtKindEnum": "proceedings.models.Court.Kind",
        "CourtLevelEnum": "proceedings.models.Court.Level",
        "PartyKindEnum": "proceedings.models.Party.Kind",
        "PartyNameKindEnum": "proceedings.models.PartyName.Kind",
        "RelationshipKindEnum": "proceedings.models.Relationship.Kind",
        "CaseKindEnum": "proceedings.models.Case.Kind",
        "CaseStatusEnum": "proceedings.models.Case.Status",
        "ParticipationRoleEnum": "proceedings.models.Participation.Role",
        "RulingKindEnum": "proceedings.models.Ruling.Kind",
        "RulingOutcomeEnum": "proceedings.models.Ruling.Outcome",
        "DispositionEnum": "proceedings.models.Disposition",
        "CourtNameKindEnum": "proceedings.models.CourtName.Kind",
        "RulingReviewKindEnum": "proceedings.models.RulingReview.Kind",
        "AmountQualifierEnum": "proceedings.models.Amount.Qualifier",
        "SanctionKindEnum": "proceedings.models.Sanction.Kind",
        "SanctionStatusEnum": "proceedings.models.Sanction.Status",
        "EventKindEnum": "proceedings.models.Event.Kind",
        "SourceKindEnum": "proceedings.models.Source.Kind",
        "CurrencyEnum": "proceedings.fields.currency_choices",
    },
}

# Anyone may read the API from a browser on any site.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Throttle counts live in "default"; public answers and list counts in "responses",
# keyed by the data version so that no entry outlives an edit (proceedings/cache.py).
# Entries also expire after an hour, so versions left behind do not pile up.
RESPONSE_CACHE = environ.get("RESPONSE_CACHE", "on").strip().lower() or "on"
RESPONSE_CACHE = {"1": "on", "true": "on", "0": "off", "false": "off"}.get(
    RESPONSE_CACHE, RESPONSE_CACHE
)
if RESPONSE_CACHE not in {"on", "counts", "off"}:
    raise ImproperlyConfigured(
        f"RESPONSE_CACHE must be on, counts or off, not {RESPONSE_CACHE!r}."
    )
# With Redis, both live there, shared by every worker; an unreachable Redis makes
# each process fall back to its own memory until Redis answers again
# (casetracker/cache.py), so readers never see a 500 for it. Without Redis, the
# throttle counts live in the database, so that the limit holds across workers
# (proceedings/api/throttling.py), and answers in each process's memory, which
# the data version keeps correct.
REDIS_URL = environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "casetracker.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"casetracker:{alias}",
            "TIMEOUT": 3600,
            "OPTIONS": {
                # Fail fast and let the fallback answer: a reader should not wait
                # for a cache.
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "retry": Retry(NoBackoff(), 1),
            },
        }
        for alias in ("default", "responses")
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "responses": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "responses",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # An outage every request meets is logged once a minute, not per request.
        "once_a_minute": {"()": "casetracker.health.OncePerInterval", "seconds": 60},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "outage": {"class": "logging.StreamHandler", "filters": ["once_a_minute"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "casetracker.outage": {
            "handlers": ["outage"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}

# Bulk downloads (proceedings/exports): rebuilt when the data version moves.
SITE_URL = environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EXPORT_DIR = Path(environ.get("EXPORT_DIR") or BASE_DIR / "exports")
EXPORT_REBUILD = environ.get("EXPORT_REBUILD", "background").strip().lower()
if EXPORT_REBUILD not in {"background", "inline"}:
    raise ImproperlyConfigured(
        f"EXPORT_REBUILD must be background or inline, not {EXPORT_REBUILD!r}."
    )
DATA_LICENCE = environ.get("DATA_LICENCE", "CC BY 4.0")
DATA_LICENCE_URL = environ.get(
    "DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
