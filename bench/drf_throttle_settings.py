"""Settings for bench/throttle.py only: casetracker with DRF's own
AnonRateThrottle instead of proceedings.api.throttling, its request times kept in
the database cache, in Redis when REDIS_URL is set, or in process memory
(BENCH_THROTTLE_CACHE=memory): the figures that compare the two throttles."""

from os import environ

from casetracker.settings import *  # noqa: F403
from casetracker.settings import CACHES, REDIS_URL, REST_FRAMEWORK

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
}
if not REDIS_URL:
    CACHES = {
        **CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        if environ.get("BENCH_THROTTLE_CACHE") == "memory"
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bench_throttle_cache",
        },
    }
