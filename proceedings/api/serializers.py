"""API serializers: explicit fields only, so a new internal field never leaks.

Conventions (DESIGN.md): every object has `id`, its `slug` where it has one, `url`
(its API address), `web_url` (its public page) and `updated_at`; partial dates are
ISO prefixes with `<field>_precision` beside them; money is {"amount", "currency"}.
Embedded lists are built from published() querysets prefetched by the views.
"""

import copy
from urllib.parse import quote

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema_field,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers

from ..fields import DatePrecision, plain_amount
from ..models import (
    Accused,
    Amount,
    Case,
    Charge,
    Court,
    CourtName,
    Event,
    Participation,
    Party,
    PartyName,
    Relationship,
    Ruling,
    RulingReview,
    Sanction,
    Source,
    Statement,
)
from ..translation import fallbacks, statement_translation, translated_fields

# --- Field types -----------------------------------------------------------------


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "example": "2018-10",
        "description": "ISO 8601 prefix at the precision the sources give: "
        "2018-10-08, 2018-10 or 2018.",
    }
)
class PartialDateField(serializers.Field):
    """A partial date as an ISO prefix; `source` names the model's date field."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return getattr(instance, f"{self.source}_partial")

    def to_representation(self, value):
        return value.isoformat()


def precision_field(name):
    """`<name>_precision` beside a partial date (declared under that name)."""
    return serializers.ChoiceField(
        choices=DatePrecision.choices,
        read_only=True,
        allow_blank=True,
        help_text="day, month or year; empty when the date is unknown.",
    )


class AmountSerializer(serializers.Serializer):
    """{"amount": "250000000", "currency": "USD", "qualifier": "more_than", …}"""

    amount = serializers.SerializerMethodField(
        help_text="The figure as the source states it, a decimal string without a "
        "zero fraction: “250000000”, “7700000.50”."
    )
    currency = serializers.CharField(help_text="ISO 4217 code, e.g. USD.")
    qualifier = serializers.ChoiceField(
        choices=Amount.Qualifier.choices,
        help_text="How exact the source is: exact, more_than, at_least, about, up_to.",
    )
    description = serializers.CharField(help_text="What the sum is.")
    source = serializers.SerializerMethodField(
        help_text="Id of the (public) source that states the figure."
    )

    @extend_schema_field({"type": "string", "pattern": r"^[0-9]+([.][0-9]{1,2})?$"})
    def get_amount(self, amount):
        return plain_amount(amount.amount)

    def get_source(self, amount) -> int | None:
        source = amount.source
        return source.pk if source is not None and source.is_public else None


def amounts_field():
    return AmountSerializer(
        many=True,
        read_only=True,
        help_text="Sums as the sources state them, each with its currency and "
        "qualifier; empty when none is stated.",
    )


# reverse() quotes the arguments it puts in a path with these characters kept
URL_SAFE = "!$&'()*+,;=/~:@"
MARKER = "4815162342"  # digits: a valid slug and a valid id


class Links:
    """The absolute addresses one request's answer links to. Each kind of address
    is reversed once, then filled in: the same strings ``reverse()`` and
    ``build_absolute_uri()`` give, for a fraction of the cost (an answer of 50
    cases holds 200 addresses)."""

    PAGES = {"case", "court", "party"}  # public pages addressed by slug

    def __init__(self, request, format=None):
        self.request = request
        self.format = format
        self.templates = {}

    @classmethod
    def of(cls, context):
        links = context.get("links")
        if links is None:
            links = context["links"] = cls(context["request"], context.get("format"))
        return links

    def fill(self, view_name, kwarg, value, format=None):
        key = (view_name, kwarg, format)
        template = self.templates.get(key)
        if template is None:
            kwargs = {kwarg: MARKER, **({"format": format} if format else {})}
            address = self.request.build_absolute_uri(reverse(view_name, kwargs=kwargs))
            template = self.templates[key] = address.rpartition(MARKER)[::2]
        return f"{template[0]}{quote(str(value), safe=URL_SAFE)}{template[1]}"

    def api(self, view_name, lookup_field, instance):
        return self.fill(
            f"api:{view_name}-detail",
            lookup_field,
            getattr(instance, lookup_field),
            self.format,
        )

    def web(self, instance):
        name = instance._meta.model_name
        if name in self.PAGES:
            return self.fill(f"proceedings:{name}-detail", "slug", instance.slug)
        return self.request.build_absolute_uri(instance.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class WebURLField(serializers.Field):
    """The absolute address of the record's public page."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, instance):
        return Links.of(self.context).web(instance)


@extend_schema_field(OpenApiTypes.URI)
class APIURLField(serializers.Field):
    """The absolute address of the record in the API."""

    def __init__(self, view_name, lookup_field="pk", **kwargs):
        self.view_name, self.lookup_field = view_name, lookup_field
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, instance):
        return Links.of(self.context).api(self.view_name, self.lookup_field, instance)


def api_url(view_name, lookup_field="pk"):
    return APIURLField(view_name, lookup_field)


# DRF's ModelSerializer, deriving its fields from the model once per class instead
# of on every use. An answer uses a dozen nested serializers, and deriving their
# fields (field mapping, validators, choices) again each time was a third of a
# case's cost; each use still gets its own copy of the fields. (A comment: the
# schema would publish a docstring as every serializer's description.)
class ModelSerializer(serializers.ModelSerializer):
    def get_fields(self):
        cls = type(self)
        template = cls.__dict__.get("_fields_template")
        if template is None:
            template = super().get_fields()
            translated = [
                name
                for name, field in template.items()
                if (field.source or name) in translated_fields(self.Meta.model)
            ]
            if translated:
                template["untranslated"] = UntranslatedField(translated)
            cls._fields_template = template
        return copy.deepcopy(template)


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": ["en"]},
        "description": "The text fields of this object that have no translation "
        "into the requested language (`lang`, else `Accept-Language`), each with "
        "the language its text is given in instead: the original, English. Empty "
        "when every text is in the requested language, as always in English.",
        "example": {"summary": "en"},
    }
)
class UntranslatedField(serializers.Field):
    """Which of the object's translated text fields fell back to English."""

    def __init__(self, names, **kwargs):
        self.names = names
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return fallbacks(record, self.names)


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "description": "The editors' translation of `text` into the requested "
        "language; null when `text` is already in that language or there is none.",
    }
)
class StatementTranslationField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, statement):
        return statement_translation(statement)


# --- Brief forms, for embedding --------------------------------------------------


class CourtBriefSerializer(ModelSerializer):
    url = api_url("court", "slug")
    web_url = WebURLField()

    class Meta:
        model = Court
        fields = ["id", "slug", "url", "web_url", "name", "short_name", "country"]


class PartyBriefSerializer(ModelSerializer):
    url = api_url("party", "slug")
    web_url = WebURLField()

    class Meta:
        model = Party
        fields = ["id", "slug", "url", "web_url", "name", "kind"]


class CaseBriefSerializer(ModelSerializer):
    url = api_url("case", "slug")
    web_url = WebURLField()

    class Meta:
        model = Case
        fields = ["id", "slug", "url", "web_url", "number", "title", "kind", "status"]


class RulingBriefSerializer(ModelSerializer):
    url = api_url("ruling")
    web_url = WebURLField()
    date = PartialDateField()
    date_precision = precision_field("date")

    class Meta:
        model = Ruling
        fields = [
            "id",
            "url",
            "web_url",
            "date",
            "date_precision",
            "kind",
            "outcome",
            "title",
            "citation",
        ]


class SourceSerializer(ModelSerializer):
    url = api_url("source")
    web_url = serializers.SerializerMethodField(
        help_text="Where the source can be read, if it is online."
    )
    date = PartialDateField()
    date_precision = precision_field("date")

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "web_url",
            "title",
            "publisher",
            "kind",
            "date",
            "date_precision",
            "archived_url",
            "language",
            "updated_at",
        ]

    def get_web_url(self, source) -> str | None:
        return source.url or None


# --- Courts ----------------------------------------------------------------------


class CourtNameSerializer(ModelSerializer):
    class Meta:
        model = CourtName
        fields = ["name", "kind", "language", "note"]


class CourtSerializer(ModelSerializer):
    url = api_url("court", "slug")
    web_url = WebURLField()
    parent = CourtBriefSerializer(read_only=True, allow_null=True)
    other_names = CourtNameSerializer(
        many=True,
        read_only=True,
        help_text="Abbreviations and names in other languages, each with its language.",
    )

    class Meta:
        model = Court
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "name",
            "short_name",
            "country",
            "kind",
            "level",
            "parent",
            "website",
            "other_names",
            "updated_at",
        ]


# --- Parties ---------------------------------------------------------------------


class PartySerializer(ModelSerializer):
    url = api_url("party", "slug")
    web_url = WebURLField()
    birth_date = PartialDateField()
    birth_date_precision = precision_field("birth_date")

    class Meta:
        model = Party
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "name",
            "kind",
            "country",
            "birth_date",
            "birth_date_precision",
            "description",
            "wikidata_qid",
            "updated_at",
        ]


class PartyNameSerializer(ModelSerializer):
    class Meta:
        model = PartyName
        fields = ["name", "kind", "language", "script", "note"]


# What both readings of a relationship share: its address, dates and sources. (A
# comment: the schema would publish a docstring as the subclasses' description.)
class RelationshipFieldsSerializer(ModelSerializer):
    url = api_url("relationship")
    start = PartialDateField()
    start_precision = precision_field("start")
    end = PartialDateField()
    end_precision = precision_field("end")
    sources = SourceSerializer(many=True, read_only=True)


class PartyRelationshipSerializer(RelationshipFieldsSerializer):
    """A relationship read from one party's side (``context["party"]``): "son of
    Viktor Khrapunov"."""

    reading = serializers.SerializerMethodField(help_text="e.g. “son of”, “wife of”.")
    party = serializers.SerializerMethodField(help_text="The other party.")

    class Meta:
        model = Relationship
        fields = [
            "id",
            "url",
            "kind",
            "reading",
            "party",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "note",
            "sources",
        ]

    def get_reading(self, relationship) -> str:
        return relationship.reading_for(self.context["party"])[0]

    @extend_schema_field(PartyBriefSerializer)
    def get_party(self, relationship):
        other = relationship.reading_for(self.context["party"])[1]
        return PartyBriefSerializer(other, context=self.context).data


class PartyParticipationSerializer(ModelSerializer):
    case = CaseBriefSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["id", "case", "role", "name_in_case", "note"]


class PartySanctionSerializer(ModelSerializer):
    url = api_url("sanction")
    ruling = RulingBriefSerializer(read_only=True)
    case = CaseBriefSerializer(source="ruling.case", read_only=True)
    amounts = amounts_field()

    class Meta:
        model = Sanction
        fields = [
            "id",
            "url",
            "case",
            "ruling",
            "kind",
            "term_months",
            "regime",
            "amounts",
            "status",
            "note",
        ]


class PartyChargeSerializer(ModelSerializer):
    """A charge or claim against the party, with what was decided for them."""

    id = serializers.IntegerField(source="charge_id", read_only=True)
    case = CaseBriefSerializer(source="charge.case", read_only=True)
    offence = serializers.CharField(source="charge.offence", read_only=True)
    statute = serializers.CharField(source="charge.statute", read_only=True)
    ruling = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Accused
        fields = [
            "id",
            "case",
            "offence",
            "statute",
            "disposition",
            "not_punished",
            "ruling",
            "note",
        ]


class PartyStatementSerializer(ModelSerializer):
    case = CaseBriefSerializer(read_only=True, allow_null=True)
    date = PartialDateField()
    date_precision = precision_field("date")
    source = SourceSerializer(source="public_source", read_only=True, allow_null=True)
    translation = StatementTranslationField()

    class Meta:
        model = Statement
        fields = [
            "id",
            "case",
            "date",
            "date_precision",
            "text",
            "language",
            "translation",
            "source",
        ]


class EventSerializer(ModelSerializer):
    date = PartialDateField()
    date_precision = precision_field("date")
    parties = PartyBriefSerializer(many=True, read_only=True)
    amounts = amounts_field()
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "date",
            "date_precision",
            "kind",
            "description",
            "parties",
            "amounts",
            "sources",
        ]


class PartyDetailSerializer(PartySerializer):
    other_names = PartyNameSerializer(many=True, read_only=True)
    relationships = serializers.SerializerMethodField()
    participations = PartyParticipationSerializer(many=True, read_only=True)
    charges = PartyChargeSerializer(
        source="accusations",
        many=True,
        read_only=True,
        help_text="Charges and claims against the party, each with what was "
        "decided for them.",
    )
    sanctions = PartySanctionSerializer(many=True, read_only=True)
    events = EventSerializer(
        many=True,
        read_only=True,
        help_text="Dated facts about the party outside any case (a dismissal from "
        "office, emigration, a reported estimate), with their amounts.",
    )
    statements = PartyStatementSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)

    class Meta(PartySerializer.Meta):
        fields = [
            *PartySerializer.Meta.fields,
            "other_names",
            "relationships",
            "participations",
            "charges",
            "sanctions",
            "events",
            "statements",
            "sources",
        ]

    @extend_schema_field(PartyRelationshipSerializer(many=True))
    def get_relationships(self, party):
        relationships = [item[2] for item in party.relationships_from_here()]
        return PartyRelationshipSerializer(
            relationships, many=True, context={**self.context, "party": party}
        ).data


# --- Cases -----------------------------------------------------------------------


class CaseSerializer(ModelSerializer):
    url = api_url("case", "slug")
    web_url = WebURLField()
    court = CourtBriefSerializer(read_only=True, allow_null=True)
    country = serializers.CharField(
        read_only=True,
        help_text="The jurisdiction (ISO 3166-1 alpha-2): set even when the court "
        "is unknown; by default the court's country.",
    )
    opened = PartialDateField()
    opened_precision = precision_field("opened")
    closed = PartialDateField()
    closed_precision = precision_field("closed")
    appeal_of = serializers.SerializerMethodField(
        help_text="Slug of the case in the lower court that this one reviews."
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "slug",
            "url",
            "web_url",
            "number",
            "title",
            "court",
            "country",
            "kind",
            "status",
            "opened",
            "opened_precision",
            "closed",
            "closed_precision",
            "in_absentia",
            "summary",
            "appeal_of",
            "updated_at",
        ]

    def get_appeal_of(self, case) -> str | None:
        return case.appeal_of_slug


UPDATED_AT = serializers.DateTimeField()


# CaseSerializer's answer, built without DRF's per-field machinery: the case list
# is the most requested answer, and that machinery was most of its cost
# (bench/RESULTS.md). tests/test_lean.py holds it equal to CaseSerializer for every
# case of the demo data and of the factories. (A comment, not a docstring: the
# schema would publish a docstring as the component's description.)
COURT_TEXT, CASE_TEXT = translated_fields(Court), translated_fields(Case)


@extend_schema_serializer(component_name="Case")  # the same answer, the same name
class CaseListSerializer(CaseSerializer):
    def to_representation(self, case):
        links = Links.of(self.context)
        court = case.court
        opened, closed = case.opened_partial, case.closed_partial
        return {
            "id": case.id,
            "slug": case.slug,
            "url": links.api("case", "slug", case),
            "web_url": links.web(case),
            "number": case.number,
            "title": case.title,
            "court": None
            if court is None
            else {
                "id": court.id,
                "slug": court.slug,
                "url": links.api("court", "slug", court),
                "web_url": links.web(court),
                "name": court.name,
                "short_name": court.short_name,
                "country": court.country,
                "untranslated": fallbacks(court, COURT_TEXT),
            },
            "country": case.country,
            "kind": case.kind,
            "status": case.status,
            "opened": None if opened is None else opened.isoformat(),
            "opened_precision": case.opened_precision,
            "closed": None if closed is None else closed.isoformat(),
            "closed_precision": case.closed_precision,
            "in_absentia": case.in_absentia,
            "summary": case.summary,
            "appeal_of": self.get_appeal_of(case),
            "updated_at": UPDATED_AT.to_representation(case.updated_at),
            "untranslated": fallbacks(case, CASE_TEXT),
        }


class ParticipationSerializer(ModelSerializer):
    party = PartyBriefSerializer(read_only=True)
    represents = PartyBriefSerializer(read_only=True, allow_null=True)
    start = PartialDateField()
    start_precision = precision_field("start")
    end = PartialDateField()
    end_precision = precision_field("end")

    class Meta:
        model = Participation
        fields = [
            "id",
            "party",
            "role",
            "name_in_case",
            "represents",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "note",
        ]


class AccusedSerializer(ModelSerializer):
    party = PartyBriefSerializer(read_only=True)
    ruling = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Id of the ruling that decided the charge for this accused; null "
        "while it is pending.",
    )

    class Meta:
        model = Accused
        fields = ["party", "disposition", "not_punished", "ruling", "note"]


class ChargeSerializer(ModelSerializer):
    accused = AccusedSerializer(
        many=True,
        read_only=True,
        help_text="Who is accused or sued on this charge (published parties "
        "only), each with what was decided.",
    )
    amounts = amounts_field()
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Charge
        fields = [
            "id",
            "offence",
            "statute",
            "accused",
            "amounts",
            "note",
            "sources",
        ]


class DecidedChargeSerializer(ModelSerializer):
    """One accused's charge, as decided by a ruling."""

    id = serializers.IntegerField(source="charge_id", read_only=True)
    offence = serializers.CharField(source="charge.offence", read_only=True)
    statute = serializers.CharField(source="charge.statute", read_only=True)
    party = PartyBriefSerializer(read_only=True)
    sources = SourceSerializer(source="charge.sources", many=True, read_only=True)

    class Meta:
        model = Accused
        fields = [
            "id",
            "offence",
            "statute",
            "party",
            "disposition",
            "not_punished",
            "note",
            "sources",
        ]


class ReviewLinkSerializer(ModelSerializer):
    """A link to an earlier ruling this one decides on, with its kind."""

    ruling = serializers.IntegerField(
        source="reviewed_id", read_only=True, help_text="Id of the earlier ruling."
    )

    class Meta:
        model = RulingReview
        fields = ["ruling", "kind", "note"]


class ReviewedByLinkSerializer(ModelSerializer):
    """A later ruling deciding on this one, with the link's kind."""

    ruling = serializers.SerializerMethodField()

    class Meta:
        model = RulingReview
        fields = ["ruling", "kind", "note"]

    @extend_schema_field(RulingBriefSerializer)
    def get_ruling(self, link):
        return RulingBriefSerializer(link.ruling, context=self.context).data


class ReviewedLinkSerializer(ReviewedByLinkSerializer):
    """An earlier ruling this one decides on, embedded, with the link's kind."""

    @extend_schema_field(RulingBriefSerializer)
    def get_ruling(self, link):
        return RulingBriefSerializer(link.reviewed, context=self.context).data


def appeal_of_field():
    return ReviewLinkSerializer(
        source="review_links",
        many=True,
        read_only=True,
        help_text="The earlier rulings this one decides on: appeals from them, "
        "objections to them, reviews or remands.",
    )


class SanctionInCaseSerializer(ModelSerializer):
    url = api_url("sanction")
    party = PartyBriefSerializer(read_only=True)
    ruling = serializers.PrimaryKeyRelatedField(read_only=True)
    amounts = amounts_field()
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Sanction
        fields = [
            "id",
            "url",
            "ruling",
            "party",
            "kind",
            "term_months",
            "regime",
            "amounts",
            "status",
            "note",
            "sources",
        ]


class RulingInCaseSerializer(RulingBriefSerializer):
    court = CourtBriefSerializer(read_only=True, allow_null=True)
    judges = PartyBriefSerializer(many=True, read_only=True)
    appeal_of = appeal_of_field()
    sources = SourceSerializer(many=True, read_only=True)

    class Meta(RulingBriefSerializer.Meta):
        fields = [
            *RulingBriefSerializer.Meta.fields,
            "court",
            "summary",
            "ecli",
            "judges",
            "document_url",
            "appeal_of",
            "is_final",
            "sources",
        ]


class StatementSerializer(PartyStatementSerializer):
    party = PartyBriefSerializer(read_only=True)

    class Meta(PartyStatementSerializer.Meta):
        fields = [
            "id",
            "party",
            "date",
            "date_precision",
            "text",
            "language",
            "translation",
            "source",
        ]


class CaseDetailSerializer(CaseSerializer):
    appeal_of = serializers.SerializerMethodField()
    appeals = CaseBriefSerializer(many=True, read_only=True)
    related_cases = CaseBriefSerializer(many=True, read_only=True)
    participations = ParticipationSerializer(many=True, read_only=True)
    charges = ChargeSerializer(many=True, read_only=True)
    rulings = RulingInCaseSerializer(many=True, read_only=True)
    sanctions = serializers.SerializerMethodField()
    events = EventSerializer(many=True, read_only=True)
    statements = StatementSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "appeals",
            "related_cases",
            "participations",
            "charges",
            "rulings",
            "sanctions",
            "events",
            "statements",
            "sources",
        ]

    @extend_schema_field(CaseBriefSerializer(allow_null=True))
    def get_appeal_of(self, case):
        if not case.appeal_of_published:
            return None
        return CaseBriefSerializer(case.appeal_of, context=self.context).data

    @extend_schema_field(SanctionInCaseSerializer(many=True))
    def get_sanctions(self, case):
        return SanctionInCaseSerializer(
            case.rulings_sanctions(), many=True, context=self.context
        ).data


# --- Rulings, sanctions, relationships -------------------------------------------


class RulingSerializer(RulingBriefSerializer):
    case = CaseBriefSerializer(read_only=True)
    court = CourtBriefSerializer(
        source="deciding_court", read_only=True, allow_null=True
    )
    judges = PartyBriefSerializer(many=True, read_only=True)
    appeal_of = appeal_of_field()

    class Meta(RulingBriefSerializer.Meta):
        fields = [
            *RulingBriefSerializer.Meta.fields,
            "case",
            "court",
            "summary",
            "ecli",
            "judges",
            "document_url",
            "appeal_of",
            "is_final",
            "updated_at",
        ]


class RulingDetailSerializer(RulingSerializer):
    appeal_of = ReviewedLinkSerializer(
        source="review_links",
        many=True,
        read_only=True,
        help_text="The earlier rulings this one decides on, each with the kind of "
        "link: appeal, objection, review or remand.",
    )
    reviews = ReviewedByLinkSerializer(
        source="reviewed_by_links",
        many=True,
        read_only=True,
        help_text="The later rulings that decide on this one, each with the kind "
        "of link.",
    )
    sanctions = SanctionInCaseSerializer(many=True, read_only=True)
    charges_decided = DecidedChargeSerializer(
        source="accused_decided",
        many=True,
        read_only=True,
        help_text="The charges this ruling decided, one entry per accused.",
    )
    sources = SourceSerializer(many=True, read_only=True)

    class Meta(RulingSerializer.Meta):
        fields = [
            *RulingSerializer.Meta.fields,
            "reviews",
            "sanctions",
            "charges_decided",
            "sources",
        ]


class SanctionSerializer(ModelSerializer):
    url = api_url("sanction")
    web_url = WebURLField()
    ruling = RulingBriefSerializer(read_only=True)
    case = CaseBriefSerializer(source="ruling.case", read_only=True)
    court = CourtBriefSerializer(
        source="ruling.deciding_court", read_only=True, allow_null=True
    )
    party = PartyBriefSerializer(read_only=True)
    amounts = amounts_field()
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Sanction
        fields = [
            "id",
            "url",
            "web_url",
            "ruling",
            "case",
            "court",
            "party",
            "kind",
            "term_months",
            "regime",
            "amounts",
            "status",
            "note",
            "sources",
            "updated_at",
        ]


class RelationshipSerializer(RelationshipFieldsSerializer):
    subject = PartyBriefSerializer(read_only=True)
    object = PartyBriefSerializer(read_only=True)
    readings = serializers.SerializerMethodField()

    class Meta:
        model = Relationship
        fields = [
            "id",
            "url",
            "subject",
            "kind",
            "object",
            "readings",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "note",
            "sources",
            "updated_at",
        ]

    @extend_schema_field(
        inline_serializer(
            "RelationshipReadings",
            {
                "subject": serializers.CharField(help_text="e.g. “father of”"),
                "object": serializers.CharField(help_text="e.g. “son of”"),
            },
        )
    )
    def get_readings(self, relationship):
        return {
            "subject": relationship.reading_for(relationship.subject)[0],
            "object": relationship.reading_for(relationship.object)[0],
        }


# --- Search ----------------------------------------------------------------------


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="party, case, court or ruling")
    id = serializers.IntegerField(source="object.pk")
    slug = serializers.SerializerMethodField()
    name = serializers.CharField(source="label", help_text="Name, title or citation.")
    url = serializers.SerializerMethodField(help_text="The record in the API.")
    web_url = serializers.SerializerMethodField(help_text="The public page.")
    match = serializers.SerializerMethodField(
        help_text="How it matched: exact name, exact other name, key match or fuzzy "
        "match (best first)."
    )
    matched_field = serializers.CharField(source="field")
    matched_text = serializers.CharField(source="text")

    def get_slug(self, hit) -> str | None:
        return getattr(hit.object, "slug", None)

    def get_url(self, hit) -> str:
        lookup_field = "slug" if hit.type != "ruling" else "pk"
        return Links.of(self.context).api(hit.type, lookup_field, hit.object)

    def get_web_url(self, hit) -> str:
        return Links.of(self.context).web(hit.object)

    def get_match(self, hit) -> str:
        return hit.match.label
