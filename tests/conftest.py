import datetime
import shutil
import socket
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation
from rest_framework.throttling import AnonRateThrottle

from proceedings.fields import DatePrecision

from .factories import (
    CaseFactory,
    ChargeFactory,
    CourtFactory,
    EventFactory,
    ParticipationFactory,
    PartyFactory,
    PartyNameFactory,
    RelationshipFactory,
    RulingFactory,
    SanctionFactory,
    SourceFactory,
    StatementFactory,
    add_amount,
)
from .services import RedisServer, answers, need


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request to /ru/ or /kk/ leaves its
    language active in the thread, as a server's next request would replace it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    """Throttling counts requests in the cache: each test starts from zero, with a
    rate no test reaches (the throttling test sets its own). Cached responses go
    too: a rolled-back test leaves the data version where it found it, so the next
    test's versions would repeat it."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def export_store(settings, tmp_path_factory):
    """Bulk downloads go to a folder of each test's own, never the project's, and
    are rebuilt in the request that finds them stale (no thread outliving the
    test)."""
    settings.EXPORT_DIR = tmp_path_factory.mktemp("exports")
    settings.EXPORT_REBUILD = "inline"
    settings.SITE_URL = "http://testserver"
    return settings.EXPORT_DIR


@pytest.fixture
def redis_url():
    """The Redis beside the database (127.0.0.1:6379 here and in CI), in a test
    database of its own."""
    if not answers("127.0.0.1", 6379):
        need(
            "Redis on 127.0.0.1:6379",
            "apt-get install redis-server, then start it (.ci/run does)",
        )
    return "redis://127.0.0.1:6379/9"


@pytest.fixture
def redis_server():
    executable = shutil.which("redis-server")
    if executable is None:
        need("redis-server", "apt-get install redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = RedisServer(executable, port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def demo_data(db):
    """The Khrapunov demo data set from fixtures/, loaded into the test database."""
    call_command("loaddata", "khrapunov", verbosity=0)


@pytest.fixture
def world():
    """Two countries' worth of proceedings, with one of everything."""
    source = SourceFactory(title="Court record", publisher="Court", kind="court_record")
    kz = CourtFactory(name="Almaty court", slug="almaty", country="KZ")
    us = CourtFactory(
        name="SDNY", slug="sdny", country="US", kind="court", level="first_instance"
    )
    fou = CourtFactory(
        name="Federal Office", slug="fou", country="CH", kind="authority"
    )
    viktor = PartyFactory(
        name="Viktor Test", slug="viktor", country="KZ", gender="male"
    )
    ilyas = PartyFactory(name="Ilyas Test", slug="ilyas", gender="male")
    bank = PartyFactory(name="Test Bank", slug="bank", kind="company", country="KZ")
    judge = PartyFactory(name="Judge Test", slug="judge")
    criminal = CaseFactory(
        court=kz,
        slug="criminal",
        title="State v Viktor",
        kind="criminal",
        status="decided",
        in_absentia=True,
        opened=datetime.date(2018, 1, 1),
        opened_precision=DatePrecision.YEAR,
        sources=[source],
    )
    civil = CaseFactory(
        court=us,
        slug="civil",
        title="Bank v Ilyas",
        kind="civil",
        status="pending",
        number="1:15-cv-05345",
        opened=datetime.date(2015, 7, 1),
        opened_precision=DatePrecision.MONTH,
    )
    extradition = CaseFactory(
        court=fou,
        slug="extradition",
        title="Extradition of Viktor",
        kind="extradition",
        status="decided",
        opened=datetime.date(2014, 3, 1),
        opened_precision=DatePrecision.MONTH,
    )
    for case, party, role in [
        (criminal, viktor, "defendant"),
        (criminal, judge, "judge"),
        (civil, bank, "claimant"),
        (civil, ilyas, "defendant"),
        (civil, viktor, "defendant"),
        (extradition, viktor, "person_concerned"),
    ]:
        ParticipationFactory(case=case, party=party, role=role)
    verdict = RulingFactory(
        case=criminal,
        date=datetime.date(2018, 10, 8),
        kind="verdict",
        outcome="convicted",
        judges=[judge],
    )
    order = RulingFactory(
        case=civil,
        date=datetime.date(2020, 9, 3),
        date_precision=DatePrecision.DAY,
        kind="opinion",
        outcome="sanctions_imposed",
        title="Opinion",
    )
    refusal = RulingFactory(
        case=extradition,
        date=datetime.date(2014, 1, 1),
        date_precision=DatePrecision.YEAR,
        kind="decision",
        outcome="denied",
        title="Refusal",
    )
    prison = SanctionFactory(
        ruling=verdict,
        party=viktor,
        kind="imprisonment",
        term_months=204,
        status="unenforced",
    )
    fees = SanctionFactory(
        ruling=order,
        party=ilyas,
        kind="costs_and_fees",
        term_months=None,
        amount=Decimal("250000.00"),
        amount_currency="USD",
        status="imposed",
    )
    ChargeFactory(
        case=criminal,
        party=viktor,
        offence="fraud",
        disposition="convicted",
        ruling=verdict,
    )
    son = RelationshipFactory(subject=viktor, object=ilyas, kind="parent")
    owner = RelationshipFactory(subject=viktor, object=bank, kind="owner")
    return locals()


@pytest.fixture
def secrets(world):
    """Unpublished records tied to published ones; all named with SECRET."""
    private = PartyFactory(
        name="SECRET Relative", slug="secret-relative", is_published=False
    )
    PartyNameFactory(party=private, name="SECRET другое имя")
    draft = CaseFactory(
        title="SECRET draft case", slug="secret-draft", is_published=False
    )
    draft_ruling = RulingFactory(
        case=world["civil"],
        title="SECRET draft ruling",
        citation="[2099] SECRET 1",
        is_published=False,
    )
    hidden_source = SourceFactory(title="SECRET tip", is_public=False)
    civil = world["civil"]
    ParticipationFactory(case=civil, party=private, role="witness")
    ParticipationFactory(case=draft, party=world["viktor"], role="defendant")
    ParticipationFactory(
        case=civil,
        party=PartyFactory(name="Counsel"),
        role="counsel",
        represents=private,
    )
    RelationshipFactory(subject=world["viktor"], object=private, kind="parent")
    RelationshipFactory(subject=private, object=world["ilyas"], kind="sibling")
    ChargeFactory(case=civil, party=private, offence="SECRET offence")
    ChargeFactory(case=draft, party=world["viktor"], offence="SECRET draft offence")
    group = ChargeFactory(
        case=world["criminal"],
        offence="Conspiracy",
        accused=[
            (world["viktor"], "convicted", world["verdict"]),
            (private, "pleaded_guilty", world["verdict"]),
        ],
    )
    add_amount(group, 1000, "USD")
    add_amount(group, 2000, "EUR", source=hidden_source)
    EventFactory(
        case=None,
        parties=[world["viktor"], private],
        description="SECRET event outside any case",
    )
    SanctionFactory(
        ruling=world["order"],
        party=private,
        kind="fine",
        term_months=None,
        note="SECRET",
    )
    SanctionFactory(ruling=draft_ruling, party=world["ilyas"], note="SECRET vacated")
    EventFactory(case=civil, description="SECRET hearing", parties=[private])
    StatementFactory(party=private, case=civil, text="SECRET statement")
    StatementFactory(
        party=world["viktor"], case=draft, text="SECRET statement on draft"
    )
    world["order"].judges.add(private)
    world["criminal"].sources.add(hidden_source)
    world["criminal"].related_cases.add(draft)
    world["criminal"].appeal_of = draft
    world["criminal"].save()
    appeal = RulingFactory(case=civil, title="Appeal ruling", appeal_of=draft_ruling)
    return {
        "private": private,
        "draft": draft,
        "draft_ruling": draft_ruling,
        "appeal": appeal,
    }
