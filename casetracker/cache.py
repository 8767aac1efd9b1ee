"""A Redis cache that keeps the site answering while Redis cannot be reached.

Django's own ``RedisCache`` raises ``ConnectionError`` from every call when the
server is down, and every cached page, API answer and throttle check with it: a
500 for every reader. ``ResilientRedisCache`` catches the failure and carries on
with this process's memory (a ``LocMemCache``) instead:

- the response cache keeps working, per process (its entries are keyed by the
  data version, so they are never stale whichever store holds them);
- the API throttle keeps counting, per process (the limit is then per worker
  until Redis is back, rather than no limit at all);
- Redis is tried again after ``RETRY_AFTER`` seconds, so an outage costs one
  failed connection per process every few seconds, not one per request;
- the outage is logged as a warning (the ``casetracker.outage`` logger shows it
  at most once a minute, settings.LOGGING) and ``/readyz`` reports it.

Only failures to reach the server are caught; any other Redis error is a bug and
is raised as before.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("casetracker.outage")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    RETRY_AFTER = 5  # seconds between attempts while Redis is unreachable

    def __init__(self, server, params):
        super().__init__(server, params)
        self.fallback = LocMemCache(
            f"fallback:{params.get('KEY_PREFIX', '')}",
            {
                key: value
                for key, value in params.items()
                if key in {"TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION"}
            }
            | {"OPTIONS": {"MAX_ENTRIES": 5000}},
        )
        self._retry_at = 0.0
        self.last_error = None

    def _run(self, method, *args, **kwargs):
        if time.monotonic() < self._retry_at:
            return getattr(self.fallback, method)(*args, **kwargs)
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as error:
            self._unreachable(error)
            return getattr(self.fallback, method)(*args, **kwargs)
        if self.last_error is not None:
            self.last_error = None
            logger.warning("Cache server %s is reachable again.", self._servers[0])
        return result

    def _unreachable(self, error):
        self._retry_at = time.monotonic() + self.RETRY_AFTER
        self.last_error = error
        logger.warning(
            "Cache server %s unreachable (%s): serving from this process's memory "
            "until it is back.",
            self._servers[0],
            error,
        )

    def ping(self):
        """None when Redis answers, else the reason it does not (for /readyz)."""
        try:
            self._cache.get_client().ping()
        except UNREACHABLE as error:
            self._unreachable(error)
            return str(error)
        self._retry_at = 0.0
        return None

    def add(self, key, value, timeout=None, version=None):
        return self._run("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._run("get", key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._run("set", key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._run("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._run("delete", key, version)

    def get_many(self, keys, version=None):
        return self._run("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._run("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._run("incr", key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        return self._run("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._run("delete_many", keys, version)

    def clear(self):
        self.fallback.clear()
        return self._run("clear")
