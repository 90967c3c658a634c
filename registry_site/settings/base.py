"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "registry_site",
    "disclosure.inspections",
    "disclosure.credit",
    "disclosure",
    "licensing",
    "search",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
]

# Password guessing (django-axes): after 5 wrong passwords for one account from one
# address, that pair is locked for an hour, or until an administrator unlocks it
# (admin → 登录锁定); the lockout and the unlock are in the audit log.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registry_site/locked_out.html"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # ETag on every answer and 304 for a reader who has it (runs on the final response).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "registry_site.middleware.PublicCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# One cache shared by every worker (search answers and the home page's figures are kept
# until the register changes; the API's throttle counts there): the database's table
# (`manage.py createcachetable`), or Redis when REDIS_URL is set.
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache",
     "LOCATION": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else
    {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "registry_cache",
     "OPTIONS": {"MAX_ENTRIES": 5000}}
)}

# Content-Security-Policy: public pages load scripts, styles and images from this site
# only, nothing inline. Wagtail's admin (and the API's Redoc page, a third-party
# bundle) write inline scripts and styles, so they are left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/v1/docs/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# The browser features no page uses, switched off (Permissions-Policy).
PERMISSIONS_POLICY = {feature: [] for feature in (
    "camera", "microphone", "geolocation", "payment", "usb", "accelerometer", "gyroscope",
    "magnetometer", "fullscreen", "autoplay")}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

ROOT_URLCONF = "registry_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "registry_site.context_processors.public_site",
            ],
        },
    },
]

WSGI_APPLICATION = "registry_site.wsgi.application"

# DATABASE_URL selects the database; without it the embedded SQLite file is used.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share the file: write-ahead logging lets pages read while
    # a write commits; a transaction takes the write lock when it begins, so two writers
    # queue (up to 20 s) instead of one failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE", "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# Project translations first: what Wagtail's admin ships untranslated in zh_Hans
# (the compiled .mo is committed; see locale/zh_Hans/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_ROOT = os.environ.get("STATIC_ROOT", BASE_DIR / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "广西妇幼健康许可与信息公开"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# Unset: the registry searches its own database. Set: Elasticsearch answers, and the
# database answers whenever Elasticsearch does not (search/indexing.py).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "registry")

# Wagtail's own page search stays on its database backend; the registry's
# Chinese search lives in the `search` app.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# A finished review publishes as the approver (disclosure/publishing.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "disclosure.publishing.publish_approved"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "xlsx", "zip"]

LOGIN_URL = "wagtailadmin_login"

# Public directory page size.
REGISTRY_PAGE_SIZE = 20

# The public API (/api/v1/): read-only, anonymous, JSON, throttled per client address.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["registry_site.api_policy.ClientThrottle"],
    "EXCEPTION_HANDLER": "registry_site.api_policy.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
# Requests per client address; API_RATE in the environment, e.g. "120/min".
API_RATE = os.environ.get("API_RATE", "120/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "广西妇幼健康许可信息公开 API",
    "DESCRIPTION": "Public, read-only data of the Guangxi maternal & child health licensing "
                   "and disclosure registry: the same records and filters as its pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_URLCONF": "registry_site.api_urls",  # the public API only, not Wagtail's own
    # Its deploy check would describe every DRF view, Wagtail's admin API included; the
    # public API's document is validated by a test instead (tests/registry_site/test_api.py).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation's error answers (400, 404, 429) are part of the document.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "registry_site.api_policy.document_errors"],
}
