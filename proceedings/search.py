"""Search: find parties, cases, courts and rulings under any spelling.

Every searchable text is stored in ``SearchEntry`` rows under precomputed keys:

* ``folded`` — case- and accent-folded, Cyrillic (Russian and Kazakh) transliterated
  to Latin, punctuation dropped: "Храпунов" → "khrapunov";
* ``exact`` — the folded text of a short field, for exact matches (B-tree index);
* ``skeleton`` — a phonetic skeleton per word under which common transliteration
  variants meet: Khrapunov, Khrapounov, Chrapunow → "hrapunov";
* ``ident`` — case numbers and citations split into letter and digit runs without
  leading zeros: "1:15-cv-05345" and "15cv5345" both hold "15 cv 5345".

Keys are recomputed when a record is saved (``index_*`` below, connected to the
models' save and delete signals in ``ProceedingsConfig.ready``) and by ``manage.py
rebuild_search_index``; a query never computes keys over the table.

The database engine does the matching: PostgreSQL with full-text search and
pg_trgm similarity over GIN indexes, SQLite with FTS5 tables (one with the unicode61
tokenizer, one with trigrams) kept in step by triggers. Both engines return
candidate entries; ranking is then done here, the same way on both:

1. exact display name, title, court name, case number or citation;
2. exact other name;
3. key match: every word of the query starts a word of the entry (any order), or
   the case number or citation contains the query;
4. fuzzy match: small typos ("Khrapunvo"), checked with rapidfuzz.

Ties go to the field (names before titles before summaries), then to the number of
published cases. Only published records are ever returned or counted.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii
from django.db import connection, models
from django.db.models import Count
from rapidfuzz import fuzz

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
CANDIDATE_LIMIT = 1000
FUZZY_MIN_SCORE = 75
FUZZY_WHEN_FEWER_THAN = 20


class SearchQueryError(ValueError):
    """A query that cannot be searched; the message says why, for the reader."""


class ResultType(models.TextChoices):
    PARTY = "party", "party"
    CASE = "case", "case"
    COURT = "court", "court"
    RULING = "ruling", "ruling"


class MatchKind(models.IntegerChoices):
    EXACT = 1, "exact name"
    EXACT_OTHER = 2, "exact other name"
    KEY = 3, "key match"
    FUZZY = 4, "fuzzy match"


# --- Keys ------------------------------------------------------------------------

# Apostrophes (and anyascii's rendering of the soft sign) join a word, not split it.
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc`\u00b4")
_WORD = re.compile(r"[a-z0-9]+")
_RUNS = re.compile(r"[a-z]+|[0-9]+")

# Transliteration variants that should meet, applied in order to each folded word.
_SKELETON_RULES = [
    (re.compile(r"shch|sch"), "sh"),
    (re.compile(r"tsch|tch"), "ch"),
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"kh|ch"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q|c"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"tz"), "ts"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"ff$"), "v"),
    (re.compile(r"iy|yi|ij$|y"), "i"),
    (re.compile(r"^ie"), "e"),
    (re.compile(r"(.)\1+"), r"\1"),
]


def fold(text):
    """Lower-case ASCII words: accents stripped, other scripts transliterated."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = anyascii(text).lower().translate(_APOSTROPHES)
    return " ".join(_WORD.findall(text))


def skeleton_word(word):
    for pattern, replacement in _SKELETON_RULES:
        word = pattern.sub(replacement, word)
    return word


def skeleton(text):
    """The phonetic skeleton of each word of ``text``."""
    return " ".join(skeleton_word(word) for word in fold(text).split())


def ident(text):
    """Letter and digit runs without leading zeros: "1:15-cv-05345" → "1 15 cv 5345"."""
    runs = _RUNS.findall(fold(text))
    return " ".join((run.lstrip("0") or "0") if run.isdigit() else run for run in runs)


# --- Index maintenance -----------------------------------------------------------

# Fields, with the weight that orders ties (lower first) and which keys they get.
FIELDS = {
    "name": (0, {"exact", "skeleton"}),
    "other_name": (0, {"exact", "skeleton"}),
    "number": (0, {"exact", "ident"}),
    "citation": (0, {"exact", "ident"}),
    "ruling_citation": (1, {"exact", "ident"}),
    "short_name": (1, {"exact", "skeleton"}),
    "title": (1, {"exact", "skeleton"}),
    "summary": (3, set()),
}


def _entry(entry_model, target, name, text):
    weight, keys = FIELDS[name]
    folded = fold(text)
    return entry_model(
        **target,
        kind=next(iter(target)),
        field=name,
        weight=weight,
        text=text,
        folded=folded,
        exact=folded[:300] if "exact" in keys else "",
        skeleton=skeleton(text) if "skeleton" in keys else "",
        ident=ident(text) if "ident" in keys else "",
    )


def entries_for(instance, entry_model=None):
    """The SearchEntry rows for a party, case, court or ruling (unsaved).

    Works on historical models too (for migrations): it reads only fields.
    """
    entry_model = entry_model or _search_entry_model()
    kind = instance._meta.model_name
    target = {kind: instance}
    texts = []
    if kind == "party":
        texts.append(("name", instance.name))
        texts += [("other_name", other.name) for other in instance.other_names.all()]
    elif kind == "case":
        texts += [("title", instance.title), ("number", instance.number)]
        # A case is found by its rulings' citations too, but only by published
        # rulings' (saving a ruling re-indexes its case).
        texts += [
            ("ruling_citation", ruling.citation)
            for ruling in instance.rulings.all()
            if ruling.is_published
        ]
        texts.append(("summary", instance.summary))
    elif kind == "court":
        texts += [("name", instance.name), ("short_name", instance.short_name)]
        # (a migration's historical court, before 0011, has no other names)
        if hasattr(instance, "other_names"):
            texts += [("other_name", o.name) for o in instance.other_names.all()]
    elif kind == "ruling":
        texts += [
            ("citation", instance.citation),
            ("citation", instance.ecli),
            ("title", instance.title),
        ]
    return [_entry(entry_model, target, name, text) for name, text in texts if text]


def index(instance):
    """Recompute the search keys of one party, case, court or ruling."""
    entry_model = _search_entry_model()
    kind = instance._meta.model_name
    entry_model.objects.filter(**{kind: instance}).delete()
    entry_model.objects.bulk_create(entries_for(instance, entry_model))
    if kind == "ruling" and (case := _related(instance, "case")) is not None:
        index(case)


def rebuild(entry_model=None, models_by_name=None, batch_size=2000):
    """Recompute every key (``manage.py rebuild_search_index``, migrations)."""
    from django.apps import apps

    entry_model = entry_model or _search_entry_model()
    models_by_name = models_by_name or {
        name: apps.get_model("proceedings", name)
        for name in ("Party", "Case", "Court", "Ruling")
    }
    entry_model.objects.all().delete()
    total = 0
    for name, model in models_by_name.items():
        queryset = model.objects.order_by("pk")
        if name == "Party":
            queryset = queryset.prefetch_related("other_names")
        elif name == "Case":
            queryset = queryset.prefetch_related("rulings")
        elif name == "Court" and hasattr(model, "other_names"):
            queryset = queryset.prefetch_related("other_names")
        batch = []
        for instance in queryset.iterator(chunk_size=batch_size):
            batch += entries_for(instance, entry_model)
            if len(batch) >= batch_size:
                entry_model.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        entry_model.objects.bulk_create(batch)
        total += len(batch)
    return total


def _search_entry_model():
    from .models import SearchEntry

    return SearchEntry


def _related(instance, name):
    """The record a foreign key points to, or None if it is not (yet) saved:
    loaddata may save an other name before its party."""
    model = instance._meta.get_field(name).related_model
    return model.objects.filter(pk=getattr(instance, f"{name}_id")).first()


# The record whose keys hold a text of another model: an other name's party or
# court, a ruling's case (its citation).
_PARENTS = {"partyname": "party", "courtname": "court", "ruling": "case"}


def _on_save(sender, instance, **kwargs):
    name = sender._meta.model_name
    if name in {"partyname", "courtname"}:
        instance = _related(instance, _PARENTS[name])
    if instance is not None:
        index(instance)


def _on_delete(sender, instance, **kwargs):
    """An other name's party or court, or a ruling's case, loses a text."""
    parent = _related(instance, _PARENTS[sender._meta.model_name])
    if parent is not None:
        index(parent)


def connect_signals():
    """Keep the keys in step with every save and delete (see apps.py)."""
    from django.db.models.signals import post_delete, post_save

    from .models import Case, Court, CourtName, Party, PartyName, Ruling

    for model in (Party, PartyName, Case, Court, CourtName, Ruling):
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-{model}")
    for model in (PartyName, CourtName, Ruling):
        post_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"search-{model}-del"
        )


# --- Engines ---------------------------------------------------------------------


class _PostgreSQLEngine:
    """Full-text search and pg_trgm over the GIN indexes of migration 0002."""

    def _fts(self, column, query, search_type="raw"):
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return list(
            _search_entry_model()
            .objects.annotate(document=SearchVector(column, config="simple"))
            .filter(
                document=SearchQuery(query, search_type=search_type, config="simple")
            )
            .values_list("id", flat=True)[:CANDIDATE_LIMIT]
        )

    def words(self, column, words):
        return self._fts(column, " & ".join(f"{word}:*" for word in words))

    def phrase(self, column, words):
        return self._fts(column, " ".join(words), search_type="phrase")

    def similar(self, skeleton_text):
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.word_similarity_threshold = 0.45")
        return list(
            _search_entry_model()
            .objects.filter(skeleton__trigram_word_similar=skeleton_text)
            .values_list("id", flat=True)[:CANDIDATE_LIMIT]
        )


class _SQLiteEngine:
    """FTS5 tables of migration 0002, kept in step by triggers."""

    def _match(self, table, expression):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH %s "
                "ORDER BY rank LIMIT %s",
                [expression, CANDIDATE_LIMIT],
            )
            return [row[0] for row in cursor.fetchall()]

    def words(self, column, words):
        terms = " AND ".join(f'"{word}"*' for word in words)
        return self._match("proceedings_search_fts", f"{{{column}}} : ({terms})")

    def phrase(self, column, words):
        return self._match(
            "proceedings_search_fts", f'{{{column}}} : "{" ".join(words)}"'
        )

    def similar(self, skeleton_text):
        # A word with one typo still contains one of its pieces unchanged: the
        # halves of a word of 6 to 8 letters, the thirds of a longer one. FTS5's
        # trigram tokenizer finds those pieces as substrings, through its index.
        pieces = set()
        for word in skeleton_text.split():
            parts = 3 if len(word) >= 9 else 2 if len(word) >= 6 else 1
            size = -(-len(word) // parts)
            pieces |= {word[i : i + size] for i in range(0, len(word), size)}
        pieces = {piece for piece in pieces if len(piece) >= 3}
        if not pieces:
            return []
        terms = " OR ".join(f'"{piece}"' for piece in sorted(pieces))
        return self._match("proceedings_search_trigram", terms)


def _engine():
    return _PostgreSQLEngine() if connection.vendor == "postgresql" else _SQLiteEngine()


# --- Queries ---------------------------------------------------------------------


@dataclass
class Hit:
    """One search result: which record, how it matched, and the text that matched.

    Ranking reads plain rows; ``object``, the record itself, is loaded only for
    the hits a reader is shown (``HitList``)."""

    type: str
    pk: int
    label: str
    match: MatchKind
    field: str
    text: str
    weight: int
    popularity: int = 0
    object: models.Model | None = None

    def sort_key(self):
        return (
            self.match,
            self.weight,
            -self.popularity,
            self.label.casefold(),
            self.type,
            self.pk,
        )


class HitList(Sequence):
    """Ranked hits whose records are loaded when they are read: a page (a slice)
    costs one query per kind of record on it, whatever the number of matches."""

    def __init__(self, hits, include_unpublished=False):
        self._hits = hits
        self._include_unpublished = include_unpublished

    def __len__(self):
        return len(self._hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _load(self._hits[index], self._include_unpublished)
        return _load([self._hits[index]], self._include_unpublished)[0]

    def __iter__(self):
        return iter(self[:])

    @property
    def plain(self):
        """The hits without their records: enough for ids, labels and ranks."""
        return list(self._hits)


@dataclass
class SearchResults:
    query: str
    hits: HitList

    @property
    def count(self):
        return len(self.hits)

    def pks(self, best=MatchKind.FUZZY):
        """The ids of the records matched at least as well as ``best``, best
        first (the records themselves are not loaded)."""
        return [hit.pk for hit in self.hits.plain if hit.match <= best]


def clean_query(q):
    """Check a reader's query; raise SearchQueryError with a readable reason."""
    if q is None or not str(q).strip():
        raise SearchQueryError("Enter something to search for.")
    q = str(q)
    if len(q) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"The search is too long: at most {MAX_QUERY_LENGTH} characters."
        )
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in q):
        raise SearchQueryError("The search contains control or invalid characters.")
    folded = fold(q)
    if not folded:
        raise SearchQueryError("The search has no letters or digits to look for.")
    if len(folded.split()) > MAX_QUERY_WORDS:
        raise SearchQueryError(
            f"The search has too many words: at most {MAX_QUERY_WORDS}."
        )
    return " ".join(q.split())


def search(q, *, types=None, include_unpublished=False):
    """Ranked published parties, cases, courts and rulings matching ``q``.

    ``types`` limits the result types (an iterable of ResultType values).
    ``include_unpublished`` is for the admin only: editors find drafts too.
    Raises SearchQueryError for a query that cannot be searched.
    """
    q = clean_query(q)
    types = set(types or ResultType.values)
    unknown = types - set(ResultType.values)
    if unknown:
        raise SearchQueryError(f"Unknown result type: {', '.join(sorted(unknown))}.")

    folded = fold(q)
    words = folded.split()
    skeleton_words = [w for w in skeleton(q).split() if w]
    engine = _engine()
    entries = _search_entry_model().objects

    found = {}  # entry id -> MatchKind

    def add(ids, match):
        for entry_id in ids:
            if entry_id not in found or found[entry_id] > match:
                found[entry_id] = match

    exact = list(
        entries.filter(exact=folded).values_list("id", "field")[:CANDIDATE_LIMIT]
    )
    add([i for i, f in exact if f != "other_name"], MatchKind.EXACT)
    add([i for i, f in exact if f == "other_name"], MatchKind.EXACT_OTHER)
    query_ident = ident(q)
    if any(ch.isdigit() for ch in query_ident):
        add(
            entries.filter(ident=query_ident).values_list("id", flat=True),
            MatchKind.EXACT,
        )
        add(engine.phrase("ident", query_ident.split()), MatchKind.KEY)
    if skeleton_words:
        add(engine.words("skeleton", skeleton_words), MatchKind.KEY)
    add(engine.words("folded", words), MatchKind.KEY)

    hits = _hits(found, q, types, include_unpublished=include_unpublished)
    if len(hits) < FUZZY_WHEN_FEWER_THAN and skeleton_words:
        fuzzy = {
            entry_id: MatchKind.FUZZY
            for entry_id in engine.similar(" ".join(skeleton_words))
            if entry_id not in found
        }
        seen = {(hit.type, hit.pk) for hit in hits}
        hits += [
            hit
            for hit in _hits(
                fuzzy,
                q,
                types,
                skeleton_words=skeleton_words,
                include_unpublished=include_unpublished,
            )
            if (hit.type, hit.pk) not in seen
        ]
    hits.sort(key=Hit.sort_key)
    return SearchResults(
        query=q, hits=HitList(hits[:CANDIDATE_LIMIT], include_unpublished)
    )


def editorial_pks(q, result_type, best=MatchKind.FUZZY):
    """For the admin: the ids of records of one type, drafts included, matching
    ``q`` at least as well as ``best``, best first; none for a query that cannot
    be searched (the admin's plain search still runs)."""
    try:
        results = search(q, types=[result_type], include_unpublished=True)
    except SearchQueryError:
        return []
    return results.pks(best)


def _fuzzy_score(query_words, entry_skeleton):
    entry_words = entry_skeleton.split()
    if not entry_words:
        return 0
    return min(
        max(fuzz.ratio(word, candidate) for candidate in entry_words)
        for word in query_words
    )


# Per kind of record: the fields its label is made of, and the related records a
# shown hit needs (its page's address, the court beside a case).
_LABELS = {
    "party": (("name",), lambda name: name),
    "case": (("title",), lambda title: title),
    "court": (("name",), lambda name: name),
    "ruling": (("citation", "title"), lambda citation, title: citation or title),
}
_SHOWN_WITH = {"case": ("court",), "ruling": ("case",)}
_TARGETS = ("party_id", "case_id", "court_id", "ruling_id")


def _visible(kind, include_unpublished):
    from django.apps import apps

    model = apps.get_model("proceedings", kind)
    return model.objects.all() if include_unpublished else model.objects.published()


def _hits(found, q, types, skeleton_words=None, include_unpublished=False):
    """Turn matched entry ids into one hit per visible record, best match kept.
    Everything here is plain rows: no record is loaded to rank it."""
    if not found:
        return []
    entries = [
        row
        for row in _search_entry_model()
        .objects.filter(id__in=list(found), kind__in=types)
        .values_list(
            "id", "kind", "field", "text", "weight", "skeleton", *_TARGETS, named=True
        )
        if skeleton_words is None
        or _fuzzy_score(skeleton_words, row.skeleton) >= FUZZY_MIN_SCORE
    ]
    # Visibility is published(), asked once per kind for the matched records,
    # with the fields of their labels.
    labels = {}
    for kind, (fields, label) in _LABELS.items():
        ids = {getattr(row, f"{kind}_id") for row in entries if row.kind == kind}
        if ids:
            rows = _visible(kind, include_unpublished).filter(pk__in=ids)
            labels.update(
                {
                    (kind, pk): label(*values)
                    for pk, *values in rows.values_list("pk", *fields)
                }
            )
    literal = q.casefold()
    best = {}  # (kind, pk) -> (preference, hit)
    for row in entries:
        key = (row.kind, getattr(row, f"{row.kind}_id"))
        label = labels.get(key)
        if label is None:
            continue
        match = found[row.id]
        # Of a record's matching texts, show the best match; among equals, the
        # one that contains the query as typed (the Cyrillic name for a Cyrillic
        # query), then the display name.
        preference = (
            match,
            row.weight,
            literal not in row.text.casefold(),
            row.field != "name",
        )
        if key not in best or preference < best[key][0]:
            hit = Hit(*key, label, match, row.field, row.text, row.weight)
            best[key] = (preference, hit)
    hits = [hit for _, hit in best.values()]
    _add_popularity(hits)
    return hits


def _load(hits, include_unpublished=False):
    """``hits`` with their records, in one query per kind; a record unpublished
    since the hits were ranked is left out."""
    wanted = {}
    for hit in hits:
        if hit.object is None:
            wanted.setdefault(hit.type, set()).add(hit.pk)
    records = {}
    for kind, ids in wanted.items():
        queryset = _visible(kind, include_unpublished).select_related(
            *_SHOWN_WITH.get(kind, ())
        )
        records.update({(kind, obj.pk): obj for obj in queryset.filter(pk__in=ids)})
    for hit in hits:
        if hit.object is None:
            hit.object = records.get((hit.type, hit.pk))
    return [hit for hit in hits if hit.object is not None]


def _add_popularity(hits):
    """Number of published cases per party and court, for breaking ties."""
    from .models import Case, Party

    party_ids = [h.pk for h in hits if h.type == "party"]
    court_ids = [h.pk for h in hits if h.type == "court"]
    counts = {}
    if party_ids:
        rows = (
            Party.objects.filter(pk__in=party_ids)
            .with_case_count()
            .values_list("pk", "case_count")
        )
        counts.update({("party", pk): n for pk, n in rows})
    if court_ids:
        rows = (
            Case.objects.published()
            .filter(court_id__in=court_ids)
            .values("court_id")
            .annotate(n=Count("id"))
        )
        counts.update({("court", row["court_id"]): row["n"] for row in rows})
    for hit in hits:
        hit.popularity = counts.get((hit.type, hit.pk), 0)
