"""What a load balancer and a reader see when a part of the system falters.

- ``/healthz``: the process is up and answering (touches nothing else).
- ``/readyz``: the database answers, every migration is applied, and whether each
  cache is reachable. 200 while the database is usable (a cache outage only
  makes the site slower: it is reported as "degraded"), 503 otherwise.
- ``DatabaseOutageMiddleware``: a request that fails because the database cannot
  be reached gets a 503 with ``Retry-After`` — JSON under /api/, a page
  elsewhere — instead of a 500, and the outage is logged.
"""

import logging
import time

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .errors import error_response

logger = logging.getLogger("casetracker.outage")

RETRY_AFTER = 30  # seconds a client should wait after a 503
OUTAGE = (OperationalError, InterfaceError)


class OncePerInterval(logging.Filter):
    """Lets a message (by its template) through at most once per ``seconds``, so
    an outage that every request meets is logged once a minute, not per request.
    """

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self._last = {}

    def filter(self, record):
        now = time.monotonic()
        key = (record.name, record.msg)
        last = self._last.get(key)
        if last is not None and now - last < self.seconds:
            return False
        self._last[key] = now
        return True


def service_unavailable(request):
    response = error_response(
        request,
        503,
        _("The database is not answering. Please try again in a moment."),
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


class DatabaseOutageMiddleware:
    """A 503 with Retry-After, not a 500, when the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE):
            return None
        logger.warning("Database unavailable (%s): answering 503.", exception)
        return service_unavailable(request)


@csrf_exempt
@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


_migrated = set()  # database aliases seen fully migrated by this process


def _check_database(alias):
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except OUTAGE as error:
        logger.warning("Readiness: database unavailable (%s).", error)
        return {"status": "unavailable"}, {"status": "unknown"}
    if alias in _migrated:
        return {"status": "ok"}, {"status": "ok"}
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return {"status": "ok"}, {
            "status": "pending",
            "pending": [f"{m.app_label}.{m.name}" for m, _backwards in plan],
        }
    _migrated.add(alias)
    return {"status": "ok"}, {"status": "ok"}


def _check_caches():
    """Each cache's state: a Redis cache that cannot be reached is "degraded" (it
    falls back to each process's memory); the others live in process memory."""
    checks = {}
    for alias in caches:
        cache = caches[alias]
        check = {"backend": type(cache).__name__, "status": "ok"}
        if hasattr(cache, "ping") and cache.ping():  # the cache logs the reason
            check.update(status="degraded", effect="serving from each process's memory")
        checks[alias] = check
    return checks


@csrf_exempt
@never_cache
@require_safe
def readyz(request):
    database, migrations = _check_database(DEFAULT_DB_ALIAS)
    cache_checks = _check_caches()
    states = {check["status"] for check in cache_checks.values()}
    if (
        database["status"] != "ok"
        or migrations["status"] != "ok"
        or "unavailable" in states
    ):
        status = "unavailable"
    elif "degraded" in states:
        status = "degraded"
    else:
        status = "ready"
    response = JsonResponse(
        {
            "status": status,
            "checks": {
                "database": database,
                "migrations": migrations,
                "caches": cache_checks,
            },
        },
        status=503 if status == "unavailable" else 200,
    )
    if status == "unavailable":
        response["Retry-After"] = str(RETRY_AFTER)
    return response
