import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttling counts requests in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_data(db):
    """The Khrapunov demo data set from fixtures/, loaded into the test database."""
    call_command("loaddata", "khrapunov", verbosity=0)
