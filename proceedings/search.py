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

A hit shown to a reader says why it matched (``highlight``: the words of the
matched text that the query's words fold, skeleton or fuzzily match, in ``<mark>``)
and, for a query that finds nothing or only fuzzy matches, ``did_you_mean`` offers
the spelling of a close published name.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii
from django.db import connection, models
from django.db.models import Count, Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from rapidfuzz import fuzz, process

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
CANDIDATE_LIMIT = 1000
FUZZY_MIN_SCORE = 75
FUZZY_WHEN_FEWER_THAN = 20
SUGGEST_MIN_SCORE = 70
SUGGEST_CANDIDATES = 200
SUGGEST_SCAN = 10_000  # candidate entries a suggestion may read
SNIPPET_LENGTH = 160


class SearchQueryError(ValueError):
    """A query that cannot be searched; the message says why, for the reader."""


class ResultType(models.TextChoices):
    PARTY = "party", pgettext_lazy("search result type", "party")
    CASE = "case", pgettext_lazy("search result type", "case")
    COURT = "court", pgettext_lazy("search result type", "court")
    RULING = "ruling", pgettext_lazy("search result type", "ruling")


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

    def sharing(self, pieces, limit):
        # LIKE '%piece%' through the trigram index, in no order: the caller ranks.
        condition = Q()
        for piece in pieces:
            condition |= Q(skeleton__contains=piece)
        return list(
            _search_entry_model()
            .objects.filter(condition)
            .values_list("id", "skeleton")[:limit]
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

    def sharing(self, pieces, limit):
        # Substrings through the trigram index, in no order: the caller ranks
        # (FTS5's bm25 over every match took 70-230 ms at 1,000,000 entries).
        table = "proceedings_search_trigram"
        terms = " OR ".join(f'"{piece}"' for piece in sorted(pieces))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, skeleton FROM {table} WHERE {table} MATCH %s LIMIT %s",
                [terms, limit],
            )
            return cursor.fetchall()


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
    query: str = ""

    def sort_key(self):
        return (
            self.match,
            self.weight,
            -self.popularity,
            self.label.casefold(),
            self.type,
            self.pk,
        )

    @property
    def case_count(self):
        """A party's or court's number of published cases (None for a case or a
        ruling): counted once for all hits, to rank them."""
        return self.popularity if self.type in {"party", "court"} else None

    @property
    def is_other_name(self):
        """Found under a name that is not the one it is shown under."""
        return self.field in {"other_name", "short_name"} and self.text != self.label

    @property
    def marked_text(self):
        """The matched text (a passage of it, if long), matching words marked."""
        return highlight(self.text, self.query)

    @property
    def marked_words(self):
        """Only the words of the matched text that matched, marked."""
        return highlight_words(self.text, self.query)


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
    types: frozenset = frozenset(ResultType.values)
    include_unpublished: bool = False

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
        raise SearchQueryError(_("Enter something to search for."))
    q = str(q)
    if len(q) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            ngettext(
                "The search is too long: at most %(count)d character.",
                "The search is too long: at most %(count)d characters.",
                MAX_QUERY_LENGTH,
            )
            % {"count": MAX_QUERY_LENGTH}
        )
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in q):
        raise SearchQueryError(_("The search contains control or invalid characters."))
    folded = fold(q)
    if not folded:
        raise SearchQueryError(_("The search has no letters or digits to look for."))
    if len(folded.split()) > MAX_QUERY_WORDS:
        raise SearchQueryError(
            ngettext(
                "The search has too many words: at most %(count)d.",
                "The search has too many words: at most %(count)d.",
                MAX_QUERY_WORDS,
            )
            % {"count": MAX_QUERY_WORDS}
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
        raise SearchQueryError(
            _("Unknown result type: %(types)s.") % {"types": ", ".join(sorted(unknown))}
        )

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
        query=q,
        hits=HitList(hits[:CANDIDATE_LIMIT], include_unpublished),
        types=frozenset(types),
        include_unpublished=include_unpublished,
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
            hit = Hit(*key, label, match, row.field, row.text, row.weight, query=q)
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


# --- Why a hit matched, and what the reader may have meant ---------------------

# A word of a text as shown: letters and digits (and combining accents), joined by
# apostrophes as ``fold`` joins them.
_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f])+(?:['\u2019\u02bc](?:[^\W_]|[\u0300-\u036f])+)*"
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_JOINER = re.compile(r"[\s\-/:.]{1,3}")


class _QueryWords:
    """The words of a query, folded, as skeletons and as identifier runs: a word
    of a text matches one the way ``search`` matches it (a folded or skeleton
    prefix, a small typo, the runs of a case number)."""

    def __init__(self, q):
        self.words = [(word, skeleton_word(word)) for word in fold(q).split()]
        runs = ident(q).split()
        self.runs = set(runs) if any(run.isdigit() for run in runs) else set()

    def match(self, token):
        folded = fold(token).replace(" ", "")
        if not folded:
            return False
        if self.runs and set(ident(token).split()) <= self.runs:
            return True
        shape = skeleton_word(folded)
        return any(
            # "v" of "Bank v Ilyas" marks no word that merely begins with v
            folded == word
            if len(word) == 1
            else folded.startswith(word)
            or shape.startswith(word_shape)
            or (
                len(word_shape) >= 4
                and fuzz.ratio(shape, word_shape) >= FUZZY_MIN_SCORE
            )
            for word, word_shape in self.words
        )

    def spans(self, text):
        """(start, end) of the matching words of ``text``; neighbours apart by
        spaces or the hyphens, slashes and colons of a number make one span."""
        spans = []
        for token in _TOKEN.finditer(text):
            if not self.match(token.group()):
                continue
            start, end = token.span()
            if spans and _JOINER.fullmatch(text[spans[-1][1] : start]):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans


def highlight(text, q, limit=SNIPPET_LENGTH):
    """``text`` as safe HTML, the words that ``q`` matches in ``<mark>``, every
    piece escaped; a text longer than ``limit`` is cut to a passage around its
    first match."""
    text = str(text)
    spans = _QueryWords(q).spans(text)
    start, end = 0, len(text)
    if limit and len(text) > limit:
        start = max(0, (spans[0][0] if spans else 0) - limit // 4)
        if start:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space > 0 else 0
        end = min(len(text), start + limit)
        space = text.rfind(" ", start, end)
        if end < len(text) and space > start:
            end = space
    parts = ["…"] if start else []
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(text[position:span_start])
        parts.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        position = span_end
    parts.append(text[position:end])
    if end < len(text):
        parts.append("…")
    return format_html_join("", "{}", ((part,) for part in parts if part))


def highlight_words(text, q):
    """Only the words of ``text`` that ``q`` matches, each run marked, as safe
    HTML ("" when none does)."""
    text = str(text)
    runs = dict.fromkeys(text[s:e] for s, e in _QueryWords(q).spans(text))
    return format_html_join(" … ", "<mark>{}</mark>", ((run,) for run in runs))


def did_you_mean(results):
    """The spelling of a close published name, for a query that found nothing or
    only fuzzy matches ("Khrapunof" → "Khrapunov"); None otherwise.

    Each word of the query becomes the closest word (rapidfuzz, at least
    SUGGEST_MIN_SCORE) of one and the same name, so the suggestion finds that
    name. The names are the fuzzy hits' own; when there is no hit at all, those
    of published records among the search entries that share four letters with
    a word of the query (``_suggestion_texts``): a query that finds nothing
    never reads every name.
    """
    if results.include_unpublished:
        return None  # the editors' search: no suggestion may come from a draft
    hits = results.hits.plain
    if any(hit.match < MatchKind.FUZZY for hit in hits):
        return None
    words = fold(results.query).split()
    if hits:
        texts = _names_of(hits[:SUGGEST_CANDIDATES])
    else:
        texts = _suggestion_texts(results.query, results.types)
    suggestion = _closest_spelling(results.query, words, texts)
    if suggestion is None or fold(suggestion) == " ".join(words):
        return None
    return suggestion


def _names_of(hits):
    """Every name and title of the hits' (published) records, in their order: a
    record found under its Latin name may be meant under its Cyrillic one."""
    condition = Q()
    for kind in {hit.type for hit in hits}:
        pks = [hit.pk for hit in hits if hit.type == kind]
        condition |= Q(kind=kind, **{f"{kind}_id__in": pks})
    order = {(hit.type, hit.pk): n for n, hit in enumerate(hits)}
    rows = (
        _search_entry_model()
        .objects.filter(condition)
        .exclude(skeleton="")
        .values_list("kind", "text", *_TARGETS, named=True)
    )
    return [
        row.text
        for row in sorted(
            rows, key=lambda row: order[row.kind, getattr(row, f"{row.kind}_id")]
        )
    ]


def _suggestion_texts(q, types):
    """Names and titles (not summaries) of published records that have a word
    close to each word of ``q``, the closest first.

    Candidates are entries sharing four letters in a row with a word of the
    query (three with a shorter word), found through the engine's trigram
    index: at most SUGGEST_SCAN of them, in no particular order, ranked here
    with rapidfuzz by their distinct skeletons.
    """
    shapes = [word for word in skeleton(q).split() if len(word) >= 3]
    pieces = {
        shape[i : i + 4] for shape in shapes for i in range(max(len(shape) - 3, 1))
    }
    rows = _engine().sharing(pieces, SUGGEST_SCAN) if pieces else []
    ids = _closest_entries(shapes, rows)[:SUGGEST_CANDIDATES]
    if not ids:
        return []
    rank = {entry_id: n for n, entry_id in enumerate(ids)}
    rows = sorted(
        _search_entry_model()
        .objects.filter(id__in=ids, kind__in=types)
        .exclude(skeleton="")
        .values_list("id", "kind", "text", *_TARGETS, named=True),
        key=lambda row: rank[row.id],
    )
    visible = set()
    for kind in {row.kind for row in rows}:
        pks = {getattr(row, f"{kind}_id") for row in rows if row.kind == kind}
        published = _visible(kind, include_unpublished=False).filter(pk__in=pks)
        visible |= {(kind, pk) for pk in published.values_list("pk", flat=True)}
    return [
        row.text
        for row in rows
        if (row.kind, getattr(row, f"{row.kind}_id")) in visible
    ]


def _closest_entries(shapes, rows):
    """The ids of ``rows`` (id, skeleton), best first: an entry scores its
    worst query word's best match among its words."""
    by_skeleton = {}
    for entry_id, entry_skeleton in rows:
        by_skeleton.setdefault(entry_skeleton, []).append(entry_id)
    vocabulary = sorted({word for text in by_skeleton for word in text.split()})
    scores = [
        {
            word: score
            for word, score, _ in process.extract(
                shape, vocabulary, limit=None, scorer=fuzz.ratio
            )
        }
        for shape in shapes
    ]
    ranked = sorted(
        by_skeleton,
        key=lambda text: (
            -min(max(score.get(word, 0) for word in text.split()) for score in scores)
        ),
    )
    return [entry_id for text in ranked for entry_id in by_skeleton[text]]


def _closest_spelling(q, words, texts):
    """The words of the one text closest to ``words`` (each query word to its
    closest word there), preferring a text in the query's script; or None."""
    if not words:
        return None
    cyrillic = bool(_CYRILLIC.search(q))
    best_key, best = None, None
    for text in texts:
        tokens = [token.group() for token in _TOKEN.finditer(text)]
        choices = [fold(token).replace(" ", "") for token in tokens]
        picked = []
        for word in words:
            found = process.extractOne(
                word, choices, scorer=fuzz.ratio, score_cutoff=SUGGEST_MIN_SCORE
            )
            if found is None:
                break
            picked.append((tokens[found[2]], found[1]))
        else:
            same_script = bool(_CYRILLIC.search(text)) == cyrillic
            key = (same_script, min(score for _, score in picked))
            if best_key is None or key > best_key:
                best_key, best = key, picked
    return None if best is None else " ".join(token for token, _ in best)
