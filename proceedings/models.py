"""The proceedings data model: who was tried where, on what, and what was decided.

See docs/DESIGN.md. Principles that show up here: every fact links to its
sources; allegations (charges) are kept apart from findings (dispositions,
rulings, sanctions); dates carry their precision; money carries its currency;
nothing is public until published; deleting what facts depend on is refused.
"""

import functools
import uuid

from babel import Locale
from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Upper
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.models import HistoricalRecords

from casetracker.locale import babel_locale, reader_language

from .fields import (
    Money,
    PartialDateField,
    normalise_money,
    normalise_partial_dates,
    partial_date_constraints,
    validate_currency,
)
from .querysets import (
    AccusedQuerySet,
    AmountQuerySet,
    CaseQuerySet,
    ChargeQuerySet,
    CourtNameQuerySet,
    CourtQuerySet,
    EventQuerySet,
    ParticipationQuerySet,
    PartyNameQuerySet,
    PartyQuerySet,
    RelationshipQuerySet,
    RulingQuerySet,
    RulingReviewQuerySet,
    SanctionQuerySet,
    SourceQuerySet,
    StatementQuerySet,
)


def country_choices():
    """ISO 3166-1 codes and names in the active language (built once per
    language: every list request's filter form asks for them)."""
    return _country_choices(get_language())


@functools.cache
def _country_choices(language):
    """English names as django-countries gives them; in another language, as
    the CLDR (Babel) names them, which knows Kazakh too: "Қазақстан"."""
    listed = list(countries)
    if babel_locale(language) == babel_locale(settings.LANGUAGE_CODE):
        return listed
    names = Locale.parse(babel_locale(language)).territories
    return sorted(
        ((code, names.get(code, name)) for code, name in listed),
        key=lambda choice: choice[1].casefold(),
    )


# The languages of the site whose readers read Cyrillic names first.
CYRILLIC_READERS = {"ru", "kk"}

SLUG_HELP = _(
    "Used in the address of the public page and the API: lower-case letters, digits "
    "and hyphens. Changing it breaks links others have made."
)
PUBLISHED_HELP = _(
    "Public when ticked: shown on the site and in the API. Leave unticked for drafts "
    "and for private people."
)


class Record(models.Model):
    """Timestamps and the clean-up every editorial model shares."""

    created_at = models.DateTimeField(
        auto_now_add=True, help_text=_("When this record was first saved.")
    )
    updated_at = models.DateTimeField(
        auto_now=True, db_index=True, help_text=_("When this record was last changed.")
    )
    # Optimistic locking (django-concurrency): every save adds one, and a save
    # from a form opened at an older version is refused in the same UPDATE, so
    # an editor never overwrites a change they have not seen.
    version = AutoIncVersionField(
        help_text=_(
            "Revision number, advanced by every save; a form saved from an "
            "older revision is refused."
        )
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A translated field (proceedings/translation.py) reads in the active
        # language; saved in English, its plain column always holds the English
        # original, whatever the language of the editor who saved it.
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        normalise_partial_dates(self)
        normalise_money(self)


class Source(Record):
    """Where a fact comes from: a court record, an article, a book."""

    class Kind(models.TextChoices):
        COURT_RECORD = "court_record", _("court record")
        OFFICIAL_STATEMENT = "official_statement", _("official statement")
        NEWS_REPORT = "news_report", _("news report")
        COMMENTARY = "commentary", _("legal commentary")
        BOOK = "book", _("book")
        PARTY = "party", _("party's own statement or website")
        ADVOCACY = "advocacy", _("advocacy or profile site")
        OTHER = "other", pgettext_lazy("source kind", "other")

    # Kinds a reader should weigh as one side's account: a fact resting on these
    # alone is marked on the pages ("single source: advocacy or profile site").
    ONE_SIDED = frozenset({Kind.PARTY, Kind.ADVOCACY})

    title = models.CharField(
        max_length=500, help_text=_("Title as published, in its original language.")
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who published it: a court, a news outlet, a law firm…"),
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.NEWS_REPORT,
        help_text=_(
            "What sort of document this is. A party's own website or statement, and "
            "an advocacy or profile site, are one side's account: facts resting on "
            "them alone are marked as such on the public pages."
        ),
    )
    date = PartialDateField(
        _("publication date"),
        help_text=_("When it was published, as precisely as known."),
    )
    url = models.URLField(
        _("URL"),
        max_length=1000,
        blank=True,
        help_text=_("Where the source can be read."),
    )
    archived_url = models.URLField(
        _("archived URL"),
        max_length=1000,
        blank=True,
        help_text=_("A copy in a web archive, in case the original disappears."),
    )
    language = models.CharField(
        max_length=12,
        blank=True,
        help_text=_(
            "Language of the source as an ISO 639-1 code: en, ru, kk, de, fr, it…"
        ),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Untick for a confidential source: it is then never shown or "
            "linked publicly."
        ),
    )
    note = models.TextField(
        blank=True, help_text=_("Anything an editor should know about this source.")
    )

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_unique_url",
                violation_error_message=_("A source with this URL already exists."),
            ),
            *partial_date_constraints("source", "date"),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    @property
    def is_one_sided(self):
        return self.kind in self.ONE_SIDED


class Court(Record):
    """A body that decides: a court, a tribunal, a prosecutor's office or a
    government authority (the Swiss Federal Office of Justice decides extraditions).
    """

    class Kind(models.TextChoices):
        COURT = "court", _("court or tribunal")
        PROSECUTOR = "prosecutor", _("prosecutor's office")
        AUTHORITY = "authority", _("government authority")

    class Level(models.TextChoices):
        SUPREME = "supreme", pgettext_lazy("court level", "supreme")
        APPELLATE = "appellate", pgettext_lazy("court level", "appellate")
        FIRST_INSTANCE = "first_instance", _("first instance")
        ADMINISTRATIVE = (
            "administrative",
            pgettext_lazy("court level", "administrative"),
        )
        OTHER = "other", pgettext_lazy("court level", "other")

    name = models.CharField(max_length=300, help_text=_("Full official name."))
    short_name = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Usual abbreviation or short form, e.g. “SDNY”, “UKSC”."),
    )
    slug = models.SlugField(max_length=200, unique=True, help_text=SLUG_HELP)
    country = models.CharField(
        max_length=2,
        choices=country_choices,
        help_text=_("Country of the court (ISO 3166-1 alpha-2 code)."),
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.COURT,
        help_text=_("Court, prosecutor's office or government authority."),
    )
    level = models.CharField(
        max_length=20,
        choices=Level.choices,
        blank=True,
        help_text=_("Place in the hierarchy, where it applies."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The body this one belongs to, e.g. a ministry for an office."),
    )
    website = models.URLField(
        max_length=500, blank=True, help_text=_("Official website.")
    )

    # history: registered in translation.py, after the translation columns
    objects = CourtQuerySet.as_manager()

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"],
                name="court_unique_name_per_country",
                violation_error_message=_(
                    "This country already has a court of this name."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="court_not_own_parent",
                violation_error_message=_("A court cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("proceedings:court-detail", kwargs={"slug": self.slug})


class CourtName(Record):
    """Another name of a court: an abbreviation, or its name in another language
    ("BVGer", "Bundesverwaltungsgericht", "Tribunal administratif fédéral")."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official name in another language")
        ABBREVIATION = "abbreviation", _("abbreviation")
        TRANSLATION = "translation", _("translation used by sources")
        FORMER = "former", _("former name")

    court = models.ForeignKey(
        Court,
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text=_("The court this name belongs to."),
    )
    name = models.CharField(
        _("name"), max_length=300, help_text=_("The name exactly as written.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.OFFICIAL,
        help_text=_("How this name relates to the English name."),
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        help_text=_("Language of the name as an ISO 639-1 code: de, fr, it, ru, kk…"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="court_names",
        help_text=_("Where this name is used: enter only names a source gives."),
    )
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("Where this name is used.")
    )

    history = HistoricalRecords()
    objects = CourtNameQuerySet.as_manager()

    class Meta:
        ordering = ["court", "language", "name"]
        verbose_name = _("other name of a court")
        verbose_name_plural = _("other names of courts")
        constraints = [
            models.UniqueConstraint(
                fields=["court", "name"],
                name="courtname_unique_per_court",
                violation_error_message=_("This court already has this name."),
            ),
            models.CheckConstraint(
                condition=~Q(language=""),
                name="courtname_has_language",
                violation_error_message=_("Give the language of the name."),
            ),
        ]

    def __str__(self):
        return self.name


class Party(Record):
    """A person or an organisation that takes part in proceedings."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        COMPANY = "company", _("company")
        STATE_BODY = "state_body", _("state or state body")
        OTHER = "other", _("other organisation")

    class Gender(models.TextChoices):
        FEMALE = "female", pgettext_lazy("gender", "female")
        MALE = "male", pgettext_lazy("gender", "male")

    name = models.CharField(
        max_length=300,
        help_text=_("Display name in Latin script, as most English sources spell it."),
    )
    slug = models.SlugField(max_length=200, unique=True, help_text=SLUG_HELP)
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.PERSON,
        help_text=_("Person or kind of organisation."),
    )
    gender = models.CharField(
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_(
            "Only used to word relationships (“son of”, “wife of”). Leave "
            "empty when unknown or for organisations."
        ),
    )
    birth_date = PartialDateField(
        _("birth date"),
        help_text=_("For a person: date of birth, as precisely as known."),
    )
    country = models.CharField(
        max_length=2,
        choices=country_choices,
        blank=True,
        help_text=_(
            "Nationality of a person, or country of registration of an organisation."
        ),
    )
    description = models.TextField(
        blank=True,
        help_text=_(
            "A short profile: who they are and why they appear here. Facts "
            "only, each supported by a source."
        ),
    )
    wikidata_qid = models.CharField(
        _("Wikidata QID"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(r"^Q[1-9]\d*$", _("A Wikidata QID looks like Q12345."))
        ],
        help_text=_("Wikidata item identifier, e.g. Q4379416, if there is one."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=PUBLISHED_HELP
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="parties",
        help_text=_("Sources for the profile and the names."),
    )

    # history: registered in translation.py, after the translation columns
    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name", "id"]
        verbose_name_plural = _("parties")
        permissions = [("publish_party", _("Can publish and unpublish parties"))]
        constraints = [
            *partial_date_constraints("party", "birth_date"),
            models.CheckConstraint(
                condition=Q(wikidata_qid="") | Q(wikidata_qid__startswith="Q"),
                name="party_wikidata_qid_format",
                violation_error_message=_("A Wikidata QID looks like Q12345."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("proceedings:party-detail", kwargs={"slug": self.slug})

    def name_for_readers(self, language=None):
        """The other name readers of ``language`` (the active one) look a party
        up by: on Russian and Kazakh pages, a published name in Cyrillic, in the
        page's language if there is one, else in Russian; a name in its own
        script before a full name with patronymic. None where the display name is
        what they read. Uses the names prefetched by ``with_details()``."""
        language = (language or reader_language()).split("-")[0]
        if language not in CYRILLIC_READERS:
            return None
        rank = {PartyName.Kind.NATIVE: 0, PartyName.Kind.FULL: 1}
        names = [
            name
            for name in self.other_names.all()
            if name.script == "Cyrl" and name.kind in rank
        ]
        return min(
            names,
            key=lambda n: (
                n.language != language,
                n.language != "ru",
                rank[n.kind],
                n.pk,
            ),
            default=None,
        )

    def relationships_from_here(self):
        """(phrase, other party, relationship) for each relationship, read from
        this party's side ("son of", Viktor Khrapunov, …), by kind, then the other
        party's name: the order of the party's page and of its API answer. Uses the
        relationships prefetched by PartyQuerySet.with_details()."""
        readings = [
            (*relationship.reading_for(self), relationship)
            for relationship in (
                *self.relationships_as_subject.all(),
                *self.relationships_as_object.all(),
            )
        ]
        return sorted(
            readings, key=lambda item: (item[2].kind, item[1].name, item[2].pk)
        )


class PartyName(Record):
    """Another name of a party: another script, transliteration or maiden name."""

    class Kind(models.TextChoices):
        NATIVE = "native", _("name in its own script")
        TRANSLITERATION = "transliteration", _("transliteration or spelling variant")
        FULL = "full", _("full name")
        MAIDEN = "maiden", _("maiden name")
        FORMER = "former", _("former name")
        ABBREVIATION = "abbreviation", _("abbreviation")
        MISSPELLING = "misspelling", _("misspelling found in a source")

    party = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        related_name="other_names",
        help_text=_("The party this name belongs to."),
    )
    name = models.CharField(max_length=300, help_text=_("The name exactly as written."))
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.TRANSLITERATION,
        help_text=_("How this name relates to the display name."),
    )
    language = models.CharField(
        max_length=12,
        blank=True,
        help_text=_("Language of the name as an ISO 639-1 code: ru, kk, fr, de…"),
    )
    script = models.CharField(
        max_length=4,
        blank=True,
        help_text=_("Writing system as an ISO 15924 code: Latn, Cyrl…"),
    )
    note = models.CharField(
        max_length=500, blank=True, help_text=_("Where this spelling is used.")
    )

    history = HistoricalRecords()
    objects = PartyNameQuerySet.as_manager()

    class Meta:
        verbose_name = _("party name")
        verbose_name_plural = _("party names")
        ordering = ["party", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "name"],
                name="partyname_unique_per_party",
                violation_error_message=_("This party already has this name."),
            ),
        ]

    def __str__(self):
        return self.name


# How each kind of relationship reads from either end, by the gender of the party
# the sentence is about: (male, female, unknown). Symmetric kinds read the same way.
_READINGS = {
    "spouse": ((_("husband of"), _("wife of"), _("spouse of")), None),
    "former_spouse": (
        (_("former husband of"), _("former wife of"), _("former spouse of")),
        None,
    ),
    "parent": (
        (_("father of"), _("mother of"), _("parent of")),
        (_("son of"), _("daughter of"), _("child of")),
    ),
    "step_parent": (
        (_("stepfather of"), _("stepmother of"), _("step-parent of")),
        (_("stepson of"), _("stepdaughter of"), _("stepchild of")),
    ),
    "parent_in_law": (
        (_("father-in-law of"), _("mother-in-law of"), _("parent-in-law of")),
        (_("son-in-law of"), _("daughter-in-law of"), _("child-in-law of")),
    ),
    "sibling": ((_("brother of"), _("sister of"), _("sibling of")), None),
    "relative": ((_("relative of"),) * 3, None),
    "founder": ((_("founder of"),) * 3, (_("founded by"),) * 3),
    "owner": ((_("owner of"),) * 3, (_("owned by"),) * 3),
    "director": ((_("director of"),) * 3, (_("directed by"),) * 3),
    "nominee_director": (
        (_("nominee director for"),) * 3,
        (_("used as nominee director"),) * 3,
    ),
    "official": ((_("official of"),) * 3, (_("had as official"),) * 3),
    "employee": ((_("employee of"),) * 3, (_("employer of"),) * 3),
    "subsidiary": ((_("subsidiary of"),) * 3, (_("parent company of"),) * 3),
    "counsel": ((_("counsel for"),) * 3, (_("represented by"),) * 3),
    "associate": ((_("associate of"),) * 3, None),
}


class Relationship(Record):
    """A directed link between two parties: “subject is <kind> object”."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("spouse of")
        FORMER_SPOUSE = "former_spouse", _("former spouse of")
        PARENT = "parent", _("parent of")
        STEP_PARENT = "step_parent", _("step-parent of")
        PARENT_IN_LAW = "parent_in_law", _("parent-in-law of")
        SIBLING = "sibling", _("sibling of")
        RELATIVE = "relative", _("relative of")
        FOUNDER = "founder", _("founder of")
        OWNER = "owner", _("owner of")
        DIRECTOR = "director", _("director of")
        NOMINEE_DIRECTOR = "nominee_director", _("nominee director for")
        OFFICIAL = "official", _("official of")
        EMPLOYEE = "employee", _("employee of")
        SUBSIDIARY = "subsidiary", _("subsidiary of")
        COUNSEL = "counsel", _("counsel for")
        ASSOCIATE = "associate", _("associate of")

    subject = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="relationships_as_subject",
        help_text=_(
            "The party the sentence is about: the parent, the owner, the director…"
        ),
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        help_text=_("Read as “subject is … object”: Viktor is parent of Ilyas."),
    )
    object = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="relationships_as_object",
        help_text=_("The other party: the child, the company owned, the client…"),
    )
    start = PartialDateField(
        pgettext_lazy("period", "start"), help_text=_("When the relationship began.")
    )
    end = PartialDateField(
        pgettext_lazy("period", "end"), help_text=_("When it ended, if it has.")
    )
    note = models.TextField(
        blank=True,
        help_text=_("Qualifications, such as a role's title or sources that disagree."),
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="relationships",
        help_text=_("Sources that state this relationship."),
    )

    # history: registered in translation.py, after the translation columns
    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["subject", "kind", "object"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject=F("object")),
                name="relationship_not_with_self",
                violation_error_message=_(
                    "A party cannot be in a relationship with itself."
                ),
            ),
            models.UniqueConstraint(
                fields=["subject", "kind", "object"],
                name="relationship_unique",
                violation_error_message=_("This relationship is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=F("start")),
                name="relationship_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            *partial_date_constraints("relationship", "start", "end"),
        ]

    def __str__(self):
        return f"{self.subject_id} {self.get_kind_display()} {self.object_id}"

    def reading_for(self, party):
        """How the relationship reads from ``party``'s side.

        Returns (phrase, other party), e.g. ("son of", <Viktor Khrapunov>) for Ilyas.
        """
        if party.pk == self.subject_id:
            other = self.object
        elif party.pk == self.object_id:
            other = self.subject
        else:
            raise ValueError(f"{party} is not in this relationship.")
        return self.phrase(self.kind, party.pk == self.subject_id, party.gender), other

    @staticmethod
    def phrase(kind, as_subject, gender):
        """How a relationship of ``kind`` reads from one end: its subject's
        (``as_subject``) or its object's, whose gender is ``gender``. A plain
        string in the active language: callers join, measure and compare it."""
        forward, reverse_ = _READINGS[kind]
        phrases = forward if as_subject else reverse_ or forward
        return str(
            phrases[{Party.Gender.MALE: 0, Party.Gender.FEMALE: 1}.get(gender, 2)]
        )


class Case(Record):
    """One proceeding before one court or authority."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", pgettext_lazy("case kind", "criminal")
        CIVIL = "civil", pgettext_lazy("case kind", "civil")
        ADMINISTRATIVE = "administrative", pgettext_lazy("case kind", "administrative")
        ASYLUM = "asylum", _("asylum")
        EXTRADITION = "extradition", _("extradition")
        MUTUAL_LEGAL_ASSISTANCE = (
            "mutual_legal_assistance",
            _("mutual legal assistance"),
        )
        OTHER = "other", pgettext_lazy("case kind", "other")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("case status", "pending")
        DECIDED = "decided", pgettext_lazy("case status", "decided")
        ON_APPEAL = "on_appeal", _("on appeal")
        DISMISSED = "dismissed", pgettext_lazy("case status", "dismissed")
        CLOSED = "closed", pgettext_lazy("case status", "closed")

    court = models.ForeignKey(
        Court,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_(
            "The court or authority the proceeding is before. Leave empty only "
            "when no source names it."
        ),
    )
    country = models.CharField(
        pgettext_lazy("field", "country"),
        max_length=2,
        choices=country_choices,
        blank=True,
        help_text=_(
            "The jurisdiction (ISO 3166-1): the country whose authorities conduct "
            "the proceeding. Left empty, the court's country is used; required when "
            "the court is unknown."
        ),
    )
    number = models.CharField(
        max_length=100,
        blank=True,
        help_text=_(
            "Case number exactly as printed by the court, e.g. “1:15-cv-05345 "
            "(AJN) (KHP)” or “UKSC 2017/0043”."
        ),
    )
    title = models.CharField(
        max_length=500,
        help_text=_("Title as the court styles it, or a plain description."),
    )
    slug = models.SlugField(max_length=200, unique=True, help_text=SLUG_HELP)
    kind = models.CharField(
        max_length=30, choices=Kind.choices, help_text=_("The kind of proceeding.")
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        help_text=_(
            "Where the proceeding stands as far as the sources tell; "
            "“pending” when no final decision is known."
        ),
    )
    opened = PartialDateField(
        pgettext_lazy("date", "opened"),
        help_text=_("When the proceeding began (filing, indictment, request)."),
    )
    closed = PartialDateField(
        pgettext_lazy("date", "closed"), help_text=_("When it ended, if it has.")
    )
    in_absentia = models.BooleanField(
        _("in absentia"),
        default=False,
        help_text=_("Tick when the defendants were tried without being present."),
    )
    summary = models.TextField(
        blank=True,
        help_text=_(
            "What the case is about, in a few sentences. Say “alleged” for what "
            "was not decided."
        ),
    )
    appeal_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,  # the partial index case_appeals instead: see Meta
        related_name="appeals",
        help_text=_("The case in the lower court or authority that this one reviews."),
    )
    related_cases = models.ManyToManyField(
        "self",
        blank=True,
        help_text=_("Other proceedings about the same facts or people."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=PUBLISHED_HELP
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="cases",
        help_text=_("Sources for the case as a whole."),
    )

    # history: registered in translation.py, after the translation columns
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # Newest first, unknown opening dates last (on PostgreSQL as on SQLite).
        ordering = [F("opened").desc(nulls_last=True), "title", "id"]
        permissions = [("publish_case", _("Can publish and unpublish cases"))]
        indexes = [
            # Most cases appeal nothing. A full index of appeal_of holds one key,
            # NULL, for nearly every row, and a planner with statistics then
            # judges it useless and reads every case to find the appeals of one
            # (issue 13: 190 ms at 100,000 cases on SQLite). Indexing only the
            # cases that are appeals keeps the lookup an index search.
            models.Index(
                fields=["appeal_of"],
                condition=Q(appeal_of__isnull=False),
                name="case_appeals",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(opened__isnull=True)
                | Q(closed__isnull=True)
                | Q(closed__gte=F("opened")),
                name="case_closed_after_opened",
                violation_error_message=_("A case cannot close before it opened."),
            ),
            models.CheckConstraint(
                condition=~Q(appeal_of=F("id")),
                name="case_not_appeal_of_itself",
                violation_error_message=_("A case cannot be an appeal of itself."),
            ),
            models.CheckConstraint(
                condition=~Q(country=""),
                name="case_has_country",
                violation_error_message=_(
                    "Give the country of the proceeding: no court is named to take "
                    "it from."
                ),
            ),
            *partial_date_constraints("case", "opened", "closed"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.country_from_court()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("proceedings:case-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        self.country_follows_court()
        self.country_from_court()
        if not self.country:
            raise ValidationError(
                {
                    "country": _(
                        "Give the country of the proceeding: no court is named to "
                        "take it from."
                    )
                }
            )

    def country_follows_court(self):
        """A new court brings its country along, unless the country was set apart
        from the old court's (a case before a foreign court keeps its own)."""
        if self.pk is None or self.court_id is None:
            return
        old = (
            type(self)
            .objects.filter(pk=self.pk)
            .values_list("court_id", "court__country")
            .first()
        )
        if old and old[0] != self.court_id and self.country in {"", old[1]}:
            self.country = self.court.country

    def country_from_court(self):
        """An empty country defaults to the court's."""
        if not self.country and self.court_id is not None:
            self.country = self.court.country

    def rulings_sanctions(self):
        """The sanctions of the case's rulings, ruling by ruling. Uses the rulings
        and sanctions prefetched by CaseQuerySet.with_details()."""
        return [s for ruling in self.rulings.all() for s in ruling.sanctions.all()]


class Participation(Record):
    """A party's role in a case."""

    class Role(models.TextChoices):
        DEFENDANT = "defendant", _("defendant")
        SUSPECT = "suspect", _("suspect under investigation")
        CLAIMANT = "claimant", _("claimant or plaintiff")
        APPELLANT = "appellant", _("appellant")
        RESPONDENT = "respondent", _("respondent")
        APPLICANT = "applicant", _("applicant")
        REQUESTING_STATE = "requesting_state", _("requesting state")
        PERSON_CONCERNED = "person_concerned", _("person concerned")
        PROSECUTOR = "prosecutor", _("prosecutor")
        JUDGE = "judge", pgettext_lazy("role in a case", "judge")
        COUNSEL = "counsel", pgettext_lazy("role in a case", "counsel")
        WITNESS = "witness", pgettext_lazy("role in a case", "witness")
        VICTIM = "victim", _("victim")
        OTHER = "other", pgettext_lazy("role in a case", "other")

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text=_("The case."),
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text=_("Who takes part."),
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, help_text=_("Their role in this case.")
    )
    name_in_case = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The name as the case documents print it, if it differs."),
    )
    represents = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_by",
        help_text=_("For counsel: the client."),
    )
    start = PartialDateField(
        pgettext_lazy("period", "start"),
        help_text=_("When they joined the case, if later."),
    )
    end = PartialDateField(
        pgettext_lazy("period", "end"),
        help_text=_("When they left the case, if earlier."),
    )
    note = models.TextField(blank=True, help_text=_("Anything a reader should know."))

    # history: registered in translation.py, after the translation columns
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["case", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party", "role"],
                name="participation_one_role_per_party_per_case",
                violation_error_message=_(
                    "This party already has this role in this case."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(represents=F("party")),
                name="participation_not_representing_self",
                violation_error_message=_("A party cannot represent itself here."),
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=F("start")),
                name="participation_end_after_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            *partial_date_constraints("participation", "start", "end"),
        ]

    def __str__(self):
        return _("%(role)s #%(party)s in case #%(case)s") % {
            "role": self.get_role_display(),
            "party": self.party_id,
            "case": self.case_id,
        }


class Ruling(Record):
    """A decision in a case: a verdict, judgment, order, opinion, recommendation."""

    class Kind(models.TextChoices):
        VERDICT = "verdict", _("verdict")
        JUDGMENT = "judgment", _("judgment")
        ORDER = "order", pgettext_lazy("ruling kind", "order")
        OPINION = "opinion", pgettext_lazy("ruling kind", "opinion")
        REPORT_AND_RECOMMENDATION = (
            "report_and_recommendation",
            _("report and recommendation"),
        )
        DECISION = "decision", _("decision")
        OTHER = "other", pgettext_lazy("ruling kind", "other")

    class Outcome(models.TextChoices):
        CONVICTED = "convicted", pgettext_lazy("ruling outcome", "convicted")
        ACQUITTED = "acquitted", pgettext_lazy("ruling outcome", "acquitted")
        CLAIM_UPHELD = "claim_upheld", _("claim upheld")
        CLAIM_DISMISSED = "claim_dismissed", _("claim dismissed")
        APPEAL_ALLOWED = "appeal_allowed", _("appeal allowed")
        APPEAL_DISMISSED = "appeal_dismissed", _("appeal dismissed")
        AFFIRMED = "affirmed", pgettext_lazy("ruling outcome", "affirmed")
        GRANTED = "granted", pgettext_lazy("ruling outcome", "granted")
        DENIED = "denied", pgettext_lazy("ruling outcome", "denied")
        SANCTIONS_IMPOSED = "sanctions_imposed", _("sanctions imposed")
        SANCTIONS_RECOMMENDED = "sanctions_recommended", _("sanctions recommended")
        VACATED = "vacated", pgettext_lazy("ruling outcome", "vacated")
        DISCONTINUED = "discontinued", _("proceedings discontinued")
        OTHER = "other", pgettext_lazy("ruling outcome", "other")

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="rulings",
        help_text=_("The case the ruling was made in."),
    )
    court = models.ForeignKey(
        Court,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rulings",
        help_text=_(
            "The court or authority that decided; left empty, the case's court is used."
        ),
    )
    date = PartialDateField(
        _("date"),
        help_text=_("Date of the decision, as precisely as the source gives it."),
    )
    kind = models.CharField(
        max_length=30, choices=Kind.choices, help_text=_("What sort of decision.")
    )
    outcome = models.CharField(
        max_length=30,
        choices=Outcome.choices,
        blank=True,
        help_text=_(
            "What was decided, in one word; the summary says more. Leave empty "
            "when the sources do not say."
        ),
    )
    title = models.CharField(
        max_length=500,
        help_text=_(
            "A short title, e.g. “Judgment” or “Opinion and order on sanctions”."
        ),
    )
    summary = models.TextField(
        blank=True, help_text=_("What the ruling decided and why, in a few sentences.")
    )
    citation = models.CharField(
        _("neutral citation"),
        max_length=100,
        blank=True,
        help_text=_(
            "Neutral citation where the court publishes one, e.g. “[2018] UKSC 19”."
        ),
    )
    ecli = models.CharField(
        _("ECLI"),
        max_length=100,
        blank=True,
        help_text=_("European Case Law Identifier, where there is one."),
    )
    judges = models.ManyToManyField(
        Party,
        blank=True,
        related_name="rulings_judged",
        help_text=_("The judges or officials who decided."),
    )
    document_url = models.URLField(
        _("document URL"),
        max_length=1000,
        blank=True,
        help_text=_("Where the text of the ruling can be read."),
    )
    is_final = models.BooleanField(
        pgettext_lazy("ruling", "final"),
        default=False,
        help_text=_(
            "Tick when no further appeal is possible or the sources say it is final."
        ),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=PUBLISHED_HELP
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="rulings",
        help_text=_("Sources for the ruling: the text itself, reports of it."),
    )

    # history: registered in translation.py, after the translation columns
    objects = RulingQuerySet.as_manager()

    class Meta:
        verbose_name = _("ruling")
        verbose_name_plural = _("rulings")
        ordering = [F("date").asc(nulls_first=True), "id"]
        permissions = [("publish_ruling", _("Can publish and unpublish rulings"))]
        constraints = [
            models.UniqueConstraint(
                fields=["citation"],
                condition=~Q(citation=""),
                name="ruling_unique_citation",
                violation_error_message=_(
                    "A ruling with this citation already exists."
                ),
            ),
            *partial_date_constraints("ruling", "date"),
        ]

    def __str__(self):
        return self.citation or self.title

    def get_absolute_url(self):
        case_url = reverse("proceedings:case-detail", kwargs={"slug": self.case.slug})
        return f"{case_url}#ruling-{self.pk}"

    @property
    def deciding_court(self):
        """The court that decided: the ruling's own, else the case's."""
        return self.court if self.court_id else self.case.court

    def clean(self):
        super().clean()
        if self.court_id is None and self.case_id is not None:
            self.court_id = self.case.court_id


class RulingReview(Record):
    """One ruling deciding on an earlier one: an appeal from it, objections to
    it, a review or a remand. A ruling may review several (the opinion of 18
    October 2021 decided objections to more than one earlier ruling)."""

    class Kind(models.TextChoices):
        APPEAL = "appeal", pgettext_lazy("ruling review kind", "appeal")
        OBJECTION = "objection", _("objections")
        REVIEW = "review", pgettext_lazy("ruling review kind", "review")
        REMAND = "remand", pgettext_lazy("ruling review kind", "remand")

    ruling = models.ForeignKey(
        Ruling,
        on_delete=models.CASCADE,
        related_name="review_links",
        help_text=_("The later ruling, which decides on the earlier one."),
    )
    reviewed = models.ForeignKey(
        Ruling,
        on_delete=models.PROTECT,
        related_name="reviewed_by_links",
        help_text=_("The earlier ruling it decides on."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.APPEAL,
        help_text=_(
            "How the later ruling came to decide on the earlier one: an appeal, "
            "objections to it (e.g. to a magistrate judge's order), a review, or a "
            "remand."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Who objected or appealed, and on what, where the sources say."),
    )

    # history: registered in translation.py, after the translation columns
    objects = RulingReviewQuerySet.as_manager()

    class Meta:
        ordering = ["ruling", "reviewed__date", "reviewed_id"]
        verbose_name = _("ruling reviewed")
        verbose_name_plural = _("rulings reviewed")
        constraints = [
            models.UniqueConstraint(
                fields=["ruling", "reviewed"],
                name="rulingreview_unique",
                violation_error_message=_("This link is already recorded."),
            ),
            models.CheckConstraint(
                condition=~Q(ruling=F("reviewed")),
                name="rulingreview_not_itself",
                violation_error_message=_("A ruling cannot review itself."),
            ),
        ]

    def __str__(self):
        return _("%(kind)s: #%(ruling)s on #%(reviewed)s") % {
            "kind": self.get_kind_display(),
            "ruling": self.ruling_id,
            "reviewed": self.reviewed_id,
        }

    def clean(self):
        super().clean()
        if (
            self.ruling_id
            and self.reviewed_id
            and self.ruling.case_id != self.reviewed.case_id
            and self.ruling.case.appeal_of_id != self.reviewed.case_id
        ):
            raise ValidationError(
                {
                    "reviewed": _(
                        "The earlier ruling must belong to the same case or to "
                        "the case this one is an appeal of."
                    )
                }
            )


class Disposition(models.TextChoices):
    """What was decided about one accused on one charge."""

    PENDING = "pending", pgettext_lazy("disposition", "pending")
    CONVICTED = "convicted", pgettext_lazy("disposition", "convicted")
    PLEADED_GUILTY = "pleaded_guilty", _("pleaded guilty")
    ACQUITTED = "acquitted", pgettext_lazy("disposition", "acquitted")
    LIABLE = "liable", _("found liable")
    NOT_LIABLE = "not_liable", _("found not liable")
    DISMISSED = "dismissed", pgettext_lazy("disposition", "dismissed")
    WITHDRAWN = "withdrawn", pgettext_lazy("disposition", "withdrawn")
    DISCONTINUED = "discontinued", _("proceedings discontinued")


# Dispositions after which a court can impose, or decline to impose, punishment.
GUILTY = [Disposition.CONVICTED, Disposition.PLEADED_GUILTY]


class Charge(Record):
    """An accusation or claim in a case — the offence or cause of action, as
    alleged — against one or several accused (Accused), each with their own
    disposition.

    The charge is what was alleged; only each accused's disposition says what was
    decided.
    """

    Disposition = Disposition

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="charges",
        help_text=_("The case in which the charge or claim was brought."),
    )
    offence = models.CharField(
        max_length=500,
        help_text=_(
            "The offence or cause of action as alleged, e.g. “fraud”, "
            "“unlawful-means conspiracy”."
        ),
    )
    statute = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Statute and article, where the source gives them."),
    )
    note = models.TextField(blank=True, help_text=_("Anything a reader should know."))
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="charges",
        help_text=_("Sources that report the charge and its disposition."),
    )

    # history: registered in translation.py, after the translation columns
    objects = ChargeQuerySet.as_manager()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["case", "id"]

    def __str__(self):
        return self.offence


class Accused(Record):
    """One accused (or defendant to a claim) on a charge, and what was decided
    about them."""

    charge = models.ForeignKey(
        Charge,
        on_delete=models.CASCADE,
        related_name="accused",
        help_text=_("The charge or claim."),
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="accusations",
        help_text=_("Who is accused or sued."),
    )
    disposition = models.CharField(
        max_length=20,
        choices=Disposition.choices,
        default=Disposition.PENDING,
        help_text=_(
            "What was decided about this accused on this charge. “Pending” until a "
            "court decides; convicted only where a court convicted."
        ),
    )
    not_punished = models.BooleanField(
        _("not punished"),
        default=False,
        help_text=_(
            "Tick when the court found them guilty (or they pleaded guilty) but "
            "imposed no punishment."
        ),
    )
    ruling = models.ForeignKey(
        "Ruling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accused_decided",
        help_text=_(
            "The ruling that decided the charge for this accused, once decided."
        ),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("Anything a reader should know.")
    )

    # history: registered in translation.py, after the translation columns
    objects = AccusedQuerySet.as_manager()

    class Meta:
        ordering = ["charge", "id"]
        verbose_name = _("accused")
        verbose_name_plural = _("accused")
        constraints = [
            models.UniqueConstraint(
                fields=["charge", "party"],
                name="accused_once_per_charge",
                violation_error_message=_(
                    "This party is already named on this charge."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(disposition="pending") | Q(ruling__isnull=True),
                name="accused_pending_has_no_ruling",
                violation_error_message=_(
                    "A charge decided by a ruling is no longer pending."
                ),
            ),
            models.CheckConstraint(
                condition=Q(not_punished=False) | Q(disposition__in=GUILTY),
                name="accused_not_punished_only_if_guilty",
                violation_error_message=_(
                    "“Not punished” applies only to someone convicted or who pleaded "
                    "guilty."
                ),
            ),
        ]

    def __str__(self):
        return _("#%(party)s on charge #%(charge)s") % {
            "party": self.party_id,
            "charge": self.charge_id,
        }

    def clean(self):
        super().clean()
        if (
            self.ruling_id
            and self.charge_id
            and self.ruling.case_id != self.charge.case_id
        ):
            raise ValidationError(
                {"ruling": _("The deciding ruling must belong to the same case.")}
            )

    def get_disposition_phrase(self):
        """ "pleaded guilty, not punished", "convicted"…"""
        phrase = self.get_disposition_display()
        if self.not_punished:
            return _("%(disposition)s, not punished") % {"disposition": phrase}
        return phrase


class Sanction(Record):
    """What a ruling imposes (or recommends) on a party, and whether it bites."""

    class Kind(models.TextChoices):
        IMPRISONMENT = "imprisonment", _("imprisonment")
        FINE = "fine", pgettext_lazy("sanction kind", "fine")
        COSTS_AND_FEES = "costs_and_fees", _("costs and fees award")
        DAMAGES = "damages", pgettext_lazy("sanction kind", "damages")
        CONFISCATION = "confiscation", _("confiscation of property")
        DISQUALIFICATION = "disqualification", _("disqualification from office")
        ASSET_FREEZE = "asset_freeze", _("asset freeze")
        EVIDENCE_PRECLUSION = "evidence_preclusion", _("evidence preclusion")
        ADVERSE_INFERENCE = "adverse_inference", _("adverse inference")
        ARREST_WARRANT = "arrest_warrant", _("arrest warrant or wanted notice")
        OTHER = "other", pgettext_lazy("sanction kind", "other")

    class Status(models.TextChoices):
        IMPOSED = "imposed", pgettext_lazy("sanction status", "imposed")
        RECOMMENDED = "recommended", pgettext_lazy("sanction status", "recommended")
        ENFORCED = "enforced", pgettext_lazy("sanction status", "enforced")
        UNENFORCED = "unenforced", pgettext_lazy("sanction status", "unenforced")
        SUSPENDED = "suspended", pgettext_lazy("sanction status", "suspended")
        VACATED = "vacated", pgettext_lazy("sanction status", "vacated")
        OVERTURNED = "overturned", pgettext_lazy("sanction status", "overturned")

    ruling = models.ForeignKey(
        Ruling,
        on_delete=models.PROTECT,
        related_name="sanctions",
        help_text=_("The ruling that imposed or recommended it."),
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="sanctions",
        help_text=_("On whom."),
    )
    kind = models.CharField(
        max_length=30, choices=Kind.choices, help_text=_("What sort of sanction.")
    )
    term_months = models.IntegerField(
        _("term (months)"),
        null=True,
        blank=True,
        help_text=_("Length of a prison term or ban in months: 17 years is 204."),
    )
    regime = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Prison regime or conditions, e.g. “maximum security”."),
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.IMPOSED,
        help_text=_(
            "Whether it applies and is carried out: an in-absentia sentence "
            "on someone abroad is “unenforced”."
        ),
    )
    note = models.TextField(
        blank=True, help_text=_("Scope, conditions, what is unknown.")
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="sanctions",
        help_text=_("Sources that report the sanction."),
    )

    # history: registered in translation.py, after the translation columns
    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["ruling", "party", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_months__isnull=True) | Q(term_months__gte=0),
                name="sanction_term_not_negative",
                violation_error_message=_("A term cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    def get_absolute_url(self):
        return f"{self.ruling.case.get_absolute_url()}#sanction-{self.pk}"


class Event(Record):
    """A dated step in a case that is not a ruling: a filing, hearing, request."""

    class Kind(models.TextChoices):
        INVESTIGATION_OPENED = "investigation_opened", _("investigation opened")
        FILING = "filing", _("filing or claim issued")
        REQUEST = "request", pgettext_lazy("event kind", "request")
        DISMISSAL = "dismissal", _("dismissal from office")
        EMIGRATION = "emigration", _("emigration")
        REPORT = "report", _("reported in the press")
        WANTED_LIST = "wanted_list", _("put on a wanted list")
        HEARING = "hearing", pgettext_lazy("event kind", "hearing")
        TRIAL = "trial", pgettext_lazy("event kind", "trial")
        APPEAL_LODGED = "appeal_lodged", _("appeal lodged")
        NOTIFICATION = "notification", _("decision notified")
        ANNOUNCEMENT = "announcement", _("announcement")
        OTHER = "other", pgettext_lazy("event kind", "other")

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_(
            "The case this step belongs to. Leave empty for a dated fact about the "
            "parties outside any proceeding (a dismissal from office, emigration); "
            "it then needs at least one party."
        ),
    )
    date = PartialDateField(
        _("date"), help_text=_("When it happened, as precisely as known."), blank=False
    )
    kind = models.CharField(
        max_length=30, choices=Kind.choices, help_text=_("What sort of step.")
    )
    description = models.TextField(help_text=_("What happened, in a sentence or two."))
    parties = models.ManyToManyField(
        Party,
        blank=True,
        related_name="events",
        help_text=_("Parties this step concerns."),
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="events",
        help_text=_("Sources that report it."),
    )

    # history: registered in translation.py, after the translation columns
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date", "id"]
        constraints = [*partial_date_constraints("event", "date")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date})"


class Amount(Record):
    """A sum of money as a source states it: alleged damage, a claim, a fine, a
    sum moved — with its currency and how exact the source is ("more than USD 250
    million"). A charge, a sanction or an event may carry several, in different
    currencies."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", pgettext_lazy("amount qualifier", "exact")
        MORE_THAN = "more_than", _("more than")
        AT_LEAST = "at_least", _("at least")
        ABOUT = "about", pgettext_lazy("amount qualifier", "about")
        UP_TO = "up_to", _("up to")

    charge = models.ForeignKey(
        Charge,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amounts",
        help_text=_("The charge or claim the amount is alleged or claimed in."),
    )
    sanction = models.ForeignKey(
        Sanction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amounts",
        help_text=_("The sanction (fine, award, confiscation) the amount is of."),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="amounts",
        help_text=_("The dated event the amount belongs to."),
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        help_text=_(
            "How exact the source is: “more than USD 250 million” is "
            "“more than” 250000000."
        ),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=20,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("A plain number, without separators or currency."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        validators=[validate_currency],
        help_text=_("ISO 4217 code of the currency the source gives: KZT, USD, CHF…"),
    )
    description = models.CharField(
        _("what it is"),
        max_length=300,
        blank=True,
        help_text=_("What the sum is, e.g. “damage to the state, as alleged”."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amounts",
        help_text=_("The source that states this figure."),
    )

    # history: registered in translation.py, after the translation columns
    objects = AmountQuerySet.as_manager()

    money_fields = (("amount", "currency"),)  # typed freely, code upper-cased

    class Meta:
        ordering = ["id"]
        verbose_name = _("amount")
        verbose_name_plural = _("amounts")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    charge__isnull=False, sanction__isnull=True, event__isnull=True
                )
                | Q(charge__isnull=True, sanction__isnull=False, event__isnull=True)
                | Q(charge__isnull=True, sanction__isnull=True, event__isnull=False),
                name="amount_has_one_owner",
                violation_error_message=_(
                    "An amount belongs to exactly one charge, sanction or event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(Exact(Length("currency"), 3), currency=Upper("currency")),
                name="amount_currency_is_code",
                violation_error_message=_(
                    "A currency is a three-letter ISO 4217 code in capitals."
                ),
            ),
        ]

    def __str__(self):
        return str(self.money)

    @property
    def money(self):
        return Money(self.amount, self.currency, self.qualifier)


class Statement(Record):
    """A party's own position — a denial, “politically motivated”, testimony —
    shown beside the accusations it answers."""

    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text=_("Whose position this is."),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text=_("The case it answers, if one."),
    )
    date = PartialDateField(
        _("date"), help_text=_("When it was said, as precisely as known.")
    )
    text = models.TextField(
        help_text=_("What the party said or maintains, quoted or closely paraphrased.")
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        default="en",
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}$",
                _("Enter the language as an ISO 639-1 code: en, ru, kk, de…"),
            )
        ],
        help_text=_(
            "Language of the words above as an ISO 639-1 code (en, ru, kk, de…): "
            "the speaker's own where the source gives them."
        ),
    )
    translation = models.TextField(
        _("translation"),
        blank=True,
        help_text=_(
            "The editors' translation of the words above, shown beside them and "
            "marked as a translation."
        ),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text=_("Where it was said or reported."),
    )

    # history: registered in translation.py, after the translation columns
    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = [F("date").asc(nulls_last=True), "id"]
        constraints = [*partial_date_constraints("statement", "date")]

    def __str__(self):
        return self.text[:80]

    @property
    def public_source(self):
        """The source, unless an editor marked it confidential."""
        return self.source if self.source.is_public else None


class SearchEntry(models.Model):
    """Search keys for one text of a party, case, court or ruling.

    Derived data, rebuilt from the records by proceedings.search; never edited.
    """

    kind = models.CharField(
        max_length=10,
        choices=[(k, k) for k in ("party", "case", "court", "ruling")],
        help_text=_("Which kind of record the text belongs to."),
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, related_name="+"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, related_name="+"
    )
    court = models.ForeignKey(
        Court, on_delete=models.CASCADE, null=True, related_name="+"
    )
    ruling = models.ForeignKey(
        Ruling, on_delete=models.CASCADE, null=True, related_name="+"
    )
    field = models.CharField(max_length=20, help_text=_("Which field the text is."))
    weight = models.PositiveSmallIntegerField(help_text=_("Orders ties: lower first."))
    text = models.TextField(help_text=_("The text as entered."))
    folded = models.TextField(help_text=_("Folded, transliterated words."))
    exact = models.CharField(
        max_length=300, blank=True, db_index=True, help_text=_("Folded short text.")
    )
    skeleton = models.TextField(blank=True, help_text=_("Phonetic skeleton per word."))
    ident = models.CharField(
        max_length=300,
        blank=True,
        db_index=True,
        help_text=_("Number or citation key."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="party", party__isnull=False)
                | Q(kind="case", case__isnull=False)
                | Q(kind="court", court__isnull=False)
                | Q(kind="ruling", ruling__isnull=False),
                name="searchentry_has_its_record",
                violation_error_message=_("A search entry belongs to its record."),
            ),
        ]
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.text[:80]


def new_generation():
    return uuid.uuid4().hex


class DataVersion(models.Model):
    """One row whose number every change to the proceedings data advances.

    The response cache keys every entry by it (proceedings.cache), so no worker
    process can serve a page or API answer from before an edit, publish or delete.
    """

    value = models.BigIntegerField(default=0, help_text=_("Advanced by every change."))
    generation = models.CharField(
        max_length=32,
        default=new_generation,
        help_text=_(
            "Replaced by every restore from a backup, so that nothing cached "
            "before it can be served after it."
        ),
    )

    def __str__(self):
        return f"data version {self.value}"


class ThrottleWindow(models.Model):
    """How many API requests one client made in one window of the rate limit,
    when there is no Redis to count them (proceedings.api.throttling)."""

    client = models.CharField(
        max_length=200, help_text=_("Throttle scope and address.")
    )
    period = models.BigIntegerField(
        help_text=_("Window number: its start ÷ its length.")
    )
    hits = models.PositiveIntegerField(default=0, help_text=_("Requests counted."))
    ends = models.FloatField(db_index=True, help_text=_("When the window ends (Unix)."))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "period"], name="throttlewindow_unique"
            )
        ]

    def __str__(self):
        return f"{self.client} {self.period}: {self.hits}"
