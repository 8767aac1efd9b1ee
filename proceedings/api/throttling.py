"""The API's rate limit per client address, the same for every worker.

DRF's ``AnonRateThrottle`` keeps each client's request times as a list in the
cache: read, append, write back. Two workers answering one client at once both
read the same list and one write is lost, so under load the limit does not
hold; and without a shared cache every worker counts alone. Kept in the
database cache instead, it costs six queries per request (bench/RESULTS.md).

This throttle counts requests in fixed windows (``API_THROTTLE_ANON``'s
period: a minute by default) with one atomic increment per request:

- with Redis (``REDIS_URL``): ``add`` then ``incr`` on a key per client and
  window, which Redis performs atomically; while Redis is unreachable, each
  process counts on its own (casetracker/cache.py);
- without Redis: one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on
  ``ThrottleWindow`` (SQLite ≥ 3.35 and PostgreSQL run the same statement).

The client is ``REMOTE_ADDR``, or the address ``DJANGO_TRUSTED_PROXIES`` places
from the right of X-Forwarded-For (DRF's ``NUM_PROXIES``). Over the limit, the
answer is DRF's 429 with ``Retry-After``: the seconds until the window ends.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from rest_framework import throttling

from ..models import ThrottleWindow

TABLE = ThrottleWindow._meta.db_table
UPSERT = f"""
    INSERT INTO {TABLE} (client, period, hits, ends) VALUES (%s, %s, 1, %s)
    ON CONFLICT (client, period) DO UPDATE SET hits = {TABLE}.hits + 1
    RETURNING hits
"""
PURGE = f"DELETE FROM {TABLE} WHERE ends <= %s"


def hit(client, period, ends, now):
    """Count one request of ``client`` in the window ``period`` (which ``ends``
    at that time); the window's count so far."""
    if settings.REDIS_URL:
        store = caches["default"]
        key = f"throttle:{client}:{period}"
        timeout = ends - now + 1
        store.add(key, 0, timeout=timeout)
        try:
            return store.incr(key)
        except ValueError:  # expired between the two calls
            store.set(key, 1, timeout=timeout)
            return 1
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [client, period, ends])
        (count,) = cursor.fetchone()
        if count == 1:
            # A client's first request in a window: windows that have ended, this
            # client's and everyone else's, are no longer needed.
            cursor.execute(PURGE, [now])
    return count


class AnonRateThrottle(throttling.AnonRateThrottle):
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.now = self.timer()
        period = int(self.now // self.duration)
        self.window_ends = (period + 1) * self.duration
        client = f"{self.scope}:{self.get_ident(request)}"[:200]
        return hit(client, period, self.window_ends, self.now) <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 1)
