import pytest
from django.core.management import call_command


@pytest.fixture
def demo_data(db):
    """The Khrapunov demo data set from fixtures/, loaded into the test database."""
    call_command("loaddata", "khrapunov", verbosity=0)
