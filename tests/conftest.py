import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.throttling import AnonRateThrottle


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    """Throttling counts requests in the cache: each test starts from zero, with a
    rate no test reaches (the throttling test sets its own)."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_data(db):
    """The Khrapunov demo data set from fixtures/, loaded into the test database."""
    call_command("loaddata", "khrapunov", verbosity=0)
