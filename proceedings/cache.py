"""A response cache for the public pages and API that cannot serve stale data.

Every entry is keyed by the full request (scheme, host, path and query string, and
for the API the negotiated media type) and by the *data version*: one database row
(``DataVersion``) that every save, delete and many-to-many change of a proceedings
record advances, in the same transaction as the change. Each request reads the
version first (one primary-key query), so a response cached before an edit is never
found again — in this process or any other worker, whatever cache backend holds the
entries (local memory by default, Redis when REDIS_URL is set).

Only anonymous GET/HEAD answers with status 200 and no cookie are stored. Facts
about a list — its count, its page anchors (``per_version``) — are kept the same
way, so page 2 of a list does not count it again. RESPONSE_CACHE=counts keeps only
those, RESPONSE_CACHE=off nothing. Writes that bypass the ORM's signals (raw SQL,
``QuerySet.update``) must call ``advance()`` themselves.
"""

import contextlib
import contextvars
import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

from casetracker.errors import repeated_parameters_response

STATUS_HEADER = "X-Response-Cache"
ROW = 1


def _model():
    from .models import DataVersion

    return DataVersion


def _create():
    """The row, created if a flush removed it: (generation, value). The value
    starts from the clock and the generation is new, so a new row never repeats
    a key an old cache entry may still be stored under."""
    try:
        with transaction.atomic():
            row = _model().objects.create(pk=ROW, value=time.time_ns())
            return row.generation, row.value
    except IntegrityError:
        return _model().objects.values_list("generation", "value").get(pk=ROW)


def _current():
    row = _model().objects.filter(pk=ROW).values_list("generation", "value").first()
    return _create() if row is None else row


def current_version():
    """The data version: a number every change advances."""
    return _current()[1]


def current_key():
    """What every cache key of this data is keyed by: the database's generation
    (new after a restore, so that nothing cached before it is ever found again,
    even in a Redis that several databases share) and its data version."""
    generation, value = _current()
    return f"{generation}:{value}"


def new_generation():
    """Make every entry cached so far unreachable for good: after a restore the
    data version may repeat values it had before, but never with this
    generation."""
    from .models import new_generation as generation

    if (
        not _model()
        .objects.filter(pk=ROW)
        .update(generation=generation(), value=F("value") + 1)
    ):
        _create()


def advance():
    """Make every cached response unreachable; call after a write that sends no
    model signal."""
    if not _model().objects.filter(pk=ROW).update(value=F("value") + 1):
        _create()


def _data_models():
    """Every model whose rows the public sees, and the tables behind their
    many-to-many fields. Derived rows (search entries: their record's save
    advances the version) and history rows are left out."""
    from django.apps import apps

    models = [
        model
        for model in apps.get_app_config("proceedings").get_models()
        if model is not _model()
        and model._meta.model_name not in {"searchentry", "throttlewindow"}
        and not model._meta.object_name.startswith("Historical")
    ]
    through = [
        field.remote_field.through
        for model in models
        for field in model._meta.local_many_to_many
    ]
    return models, through


# Inside ``bulk()``, row-by-row changes leave the version alone; it moves once at
# the end.
_in_bulk = contextvars.ContextVar("in_bulk", default=False)


@contextlib.contextmanager
def bulk():
    """For commands that change many rows: one advance at the end instead of one
    per row."""
    token = _in_bulk.set(True)
    try:
        yield
    finally:
        _in_bulk.reset(token)
    advance()


def _saved_or_deleted(sender, **kwargs):
    if not _in_bulk.get():
        advance()


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_") and not _in_bulk.get():
        advance()


def connect_signals():
    """Receivers for the data models only: a receiver for every model would stop
    Django's fast bulk deletes of the others (search entries, sessions)."""
    models, through = _data_models()
    for model in models:
        uid = f"data_version_{model._meta.label_lower}"
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}_save")
        post_delete.connect(
            _saved_or_deleted, sender=model, dispatch_uid=f"{uid}_delete"
        )
    for model in through:
        uid = f"data_version_{model._meta.label_lower}"
        m2m_changed.connect(_m2m_changed, sender=model, dispatch_uid=uid)


# The version read at the start of the request being answered, if any: its
# counts are then keyed by the same version without reading it again.
_request_version = contextvars.ContextVar("data_version", default=None)


def answers_enabled():
    return settings.RESPONSE_CACHE == "on"


def counts_enabled():
    return settings.RESPONSE_CACHE in ("on", "counts")


def _key(*parts):
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()


def per_version(name, queryset, compute, empty):
    """``compute()``, a fact about ``queryset`` (its count, its page anchors),
    kept until the data version moves. ``empty`` when nothing can match."""
    if not counts_enabled():
        return compute()
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter nothing can match
        return empty
    version = _request_version.get()
    if version is None:
        version = current_key()
    key = _key(name, version, queryset.db, sql, repr(params))
    store = caches["responses"]
    value = store.get(key)
    if value is None:
        value = compute()
        store.set(key, value)
    return value


def cached_count(queryset):
    """``queryset.count()``, computed once per data version."""
    return per_version("count", queryset, queryset.count, 0)


def _build_at(version, build):
    """``build()``, with its counts keyed by this version without reading it
    again."""
    token = _request_version.set(version)
    try:
        return build()
    finally:
        _request_version.reset(token)


def cached_response(request, build, variant=""):
    """The response ``build()`` makes, from the cache when this exact request was
    answered at the current data version."""
    if not counts_enabled() or request.method not in ("GET", "HEAD"):
        return build()
    version = current_key()
    user = getattr(request, "user", None)  # the API has no users: None
    if not answers_enabled() or (user is not None and user.is_authenticated):
        return _build_at(version, build)
    key = _key(
        "answer",
        version,
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        variant,
    )
    store = caches["responses"]
    hit = store.get(key)
    if hit is not None:
        status, headers, content = hit
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[STATUS_HEADER] = "hit"
        return response

    response = _build_at(version, build)
    if response.status_code == 200 and not response.cookies:

        def keep(rendered):
            headers = [
                (name, value)
                for name, value in rendered.items()
                if name.lower() not in ("set-cookie", STATUS_HEADER.lower())
            ]
            store.set(key, (rendered.status_code, headers, rendered.content))

        if getattr(response, "is_rendered", True):
            keep(response)
        else:
            response.add_post_render_callback(keep)
    response[STATUS_HEADER] = "miss"
    return response


class CachedPageMixin:
    """For the public pages' class-based views: GET through the response cache.
    A parameter the page reads once (``single_parameters``) given twice is a 400,
    not a guess at which value counts."""

    single_parameters = ("page",)

    def cache_variant(self):
        """What else than the request and the data the answer depends on."""
        return ""

    def dispatch(self, request, *args, **kwargs):
        answer = super().dispatch
        if request.method not in ("GET", "HEAD"):
            return answer(request, *args, **kwargs)
        refused = repeated_parameters_response(request, self.single_parameters)
        if refused is not None:
            return refused
        return cached_response(
            request,
            lambda: answer(request, *args, **kwargs),
            variant=self.cache_variant(),
        )
