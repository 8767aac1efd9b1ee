"""The read-only public API. Every queryset, embedded lists included, starts from
published(); query counts are constant per endpoint (eager loading below)."""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import routers, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.views import APIView

from casetracker import errors
from casetracker.locale import languages

from .. import cache, filters, search
from ..models import (
    Case,
    Court,
    Party,
    Relationship,
    Ruling,
    Sanction,
    Source,
)
from ..querysets import published_sources
from . import serializers as s
from .pagination import StrictPagination, normalise_ordering

ALWAYS_ALLOWED = {"format", "lang"}
SLUG = r"[-a-zA-Z0-9_]+"
LIST_PARAMETERS = {"page", "page_size", "ordering", "cursor", "facets"}


def reject_unknown_parameters(request, allowed, repeatable=()):
    """A 400 naming each unknown parameter, and each parameter given more than
    once that takes one value (which of two values would count is a guess no
    client should depend on)."""
    unknown = sorted(set(request.query_params) - set(allowed) - ALWAYS_ALLOWED)
    if unknown:
        raise ValidationError(
            {
                name: [
                    _("Unknown query parameter. Known: %(known)s.")
                    % {"known": ", ".join(sorted(allowed))}
                ]
                for name in unknown
            }
        )
    names = errors.repeated(
        request.query_params, set(request.query_params) - set(repeatable)
    )
    if names:
        raise ValidationError({name: [errors.REPEATED] for name in names})
    lang = request.query_params.get("lang")
    if lang and lang not in languages():  # empty: not given, as for a filter
        raise ValidationError(
            {
                "lang": [
                    _("Unknown language “%(value)s”: use %(known)s.")
                    % {"value": lang, "known": ", ".join(languages())}
                ]
            }
        )


class StrictOrderingFilter(OrderingFilter):
    """`ordering` with only the listed fields; search rank first when `q` is given.
    Unknown dates and other empty values sort last, on every database."""

    def get_schema_operation_parameters(self, view):
        fields = "|".join(sorted(view.ordering_fields))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Sort by {', '.join(sorted(view.ordering_fields))}: one or "
                    "more, comma-separated, each with - for descending."
                ),
                "schema": {
                    "type": "string",
                    "pattern": f"^-?({fields})(,-?({fields}))*$",
                },
            }
        ]

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        return queryset.order_by(*normalise_ordering(queryset.model, ordering))

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        valid = set(view.ordering_fields)
        if raw:
            fields = [field.strip() for field in raw.split(",") if field.strip()]
            invalid = [f for f in fields if f.lstrip("-") not in valid]
            if invalid or not fields:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _(
                                "Cannot order by %(invalid)s. Use %(valid)s, with - "
                                "for descending."
                            )
                            % {
                                "invalid": ", ".join(invalid) or _("nothing"),
                                "valid": ", ".join(sorted(valid)),
                            }
                        ]
                    }
                )
            return [*fields, *self.get_default_ordering(view)]
        if "search_rank" in queryset.query.annotations:
            return ["search_rank", *self.get_default_ordering(view)]
        return self.get_default_ordering(view)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds no FilterSet (nor its form) for a
    request that names none of its filters (it would leave the list as it is),
    and names the query parameter in an error (`opened_after`, not `opened`)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not (
            request.query_params.keys() & set(filterset_class.parameters())
        ):
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise ValidationError(filterset.parameter_errors())
        return filterset.qs


def cached(request, handler):
    """JSON answers go through the response cache, after the throttle and the
    parameter checks (which run in ``initial``); any other format does not."""
    if request.accepted_renderer.format != "json":
        return handler()
    # the language too: labels and messages follow Accept-Language
    variant = f"{request.accepted_media_type} {get_language()}"
    return cache.cached_response(request, handler, variant=variant)


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, published records only, strict about query parameters."""

    pagination_class = StrictPagination
    filter_backends = [FilterBackend, StrictOrderingFilter]
    list_serializer_class = None
    # What a lookup can be: anything else is "no such address", answered before
    # the database is asked.
    lookup_value_regex = r"[0-9]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            reject_unknown_parameters(
                request, set(self.filterset_class.parameters()) | LIST_PARAMETERS
            )
        elif self.action == "retrieve":
            reject_unknown_parameters(request, set())
        # any other method is answered 405 by the handler lookup

    def list(self, request, *args, **kwargs):
        names = self.requested_facets(request)

        def answer():
            response = super(PublicViewSet, self).list(request)
            # CSV carries rows only (its count is a header): no facets there.
            if names and request.accepted_renderer.format == "json":
                response.data["facets"] = {
                    name: None
                    if values is None  # not counted within the time limit
                    else [
                        {"value": v.value, "label": v.label, "count": v.count}
                        for v in values
                    ]
                    for name, values in self.filterset_class.facet_counts(
                        self.filtered, names
                    ).items()
                }
            return response

        return cached(request, answer)

    def requested_facets(self, request):
        """The facets named in ``?facets=country,kind``, checked."""
        raw = request.query_params.get("facets", "")
        names = [name.strip() for name in raw.split(",") if name.strip()]
        known = [facet.name for facet in self.filterset_class.facets]
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValidationError(
                {
                    "facets": [
                        _(
                            "No facet %(unknown)s: this list counts %(known)s, "
                            "comma-separated."
                        )
                        % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
                    ]
                }
            )
        return list(dict.fromkeys(names))

    def filter_queryset(self, queryset):
        self.filtered = super().filter_queryset(queryset)
        return self.filtered

    def retrieve(self, request, *args, **kwargs):
        return cached(
            request, lambda: super(PublicViewSet, self).retrieve(request, **kwargs)
        )

    def get_serializer_class(self):
        if self.action == "list" and self.list_serializer_class:
            return self.list_serializer_class
        return self.serializer_class

    def get_queryset(self):
        queryset = self.model.objects.published()
        if self.action == "list":
            return self.list_queryset(queryset)
        return self.detail_queryset(queryset)

    def list_queryset(self, queryset):
        return queryset

    def detail_queryset(self, queryset):
        return self.list_queryset(queryset)


class CourtViewSet(PublicViewSet):
    """Courts, tribunals, prosecutors and authorities that decide."""

    model = Court
    serializer_class = s.CourtSerializer
    filterset_class = filters.CourtFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    ordering_fields = ["name", "country", "updated_at", "id"]
    ordering = ["country", "name", "id"]

    def list_queryset(self, queryset):
        return queryset.select_related("parent").prefetch_related("other_names")


class PartyViewSet(PublicViewSet):
    """People and organisations. A party embeds its other names, relationships
    (read from its side), participations, sanctions and statements."""

    model = Party
    serializer_class = s.PartyDetailSerializer
    list_serializer_class = s.PartySerializer
    filterset_class = filters.PartyFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    ordering_fields = ["name", "updated_at", "id"]
    ordering = ["name", "id"]

    def detail_queryset(self, queryset):
        return queryset.with_details()


class CaseViewSet(PublicViewSet):
    """Proceedings. A case embeds its court, participations, charges, rulings,
    sanctions, events, statements and sources: one call answers a case."""

    model = Case
    serializer_class = s.CaseDetailSerializer
    list_serializer_class = s.CaseListSerializer
    filterset_class = filters.CaseFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    ordering_fields = ["opened", "closed", "title", "updated_at", "id"]
    ordering = ["-opened", "title", "id"]

    def list_queryset(self, queryset):
        return queryset.with_court()

    def detail_queryset(self, queryset):
        return queryset.with_details()


class RulingViewSet(PublicViewSet):
    """Decisions: verdicts, judgments, orders, opinions, recommendations."""

    model = Ruling
    serializer_class = s.RulingDetailSerializer
    list_serializer_class = s.RulingSerializer
    filterset_class = filters.RulingFilter
    ordering_fields = ["date", "updated_at", "id"]
    ordering = ["date", "id"]

    def list_queryset(self, queryset):
        return queryset.with_case()

    def detail_queryset(self, queryset):
        return queryset.with_details()


class SanctionViewSet(PublicViewSet):
    """What rulings imposed, recommended or vacated, on whom."""

    model = Sanction
    serializer_class = s.SanctionSerializer
    filterset_class = filters.SanctionFilter
    ordering_fields = ["term_months", "updated_at", "id"]
    ordering = ["ruling__date", "id"]

    def list_queryset(self, queryset):
        return queryset.select_related(
            "ruling__case__court", "ruling__court", "party"
        ).with_amounts()


class RelationshipViewSet(PublicViewSet):
    """Links between parties, readable from either end ("son of", "father of")."""

    model = Relationship
    serializer_class = s.RelationshipSerializer
    filterset_class = filters.RelationshipFilter
    ordering_fields = ["kind", "updated_at", "id"]
    ordering = ["id"]

    def list_queryset(self, queryset):
        return queryset.select_related("subject", "object").prefetch_related(
            published_sources()
        )


class SourceViewSet(PublicViewSet):
    """Where the facts come from."""

    model = Source
    serializer_class = s.SourceSerializer
    filterset_class = filters.SourceFilter
    ordering_fields = ["date", "title", "updated_at", "id"]
    ordering = ["title", "id"]


class SearchView(APIView):
    """Ranked search over published parties, cases, courts and rulings.

    `q` is matched under any spelling: other scripts, transliterations, word
    order, partial names, small typos, case numbers with or without punctuation
    and neutral citations. `type` limits the results to one kind (repeat it for
    several). At most 1,000 results, best first.
    """

    allowed_parameters = {"q", "type", "page", "page_size"}
    csv_serializer_class = s.SearchHitSerializer  # the columns of its CSV

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 200},
                required=True,
                description="What to look for: at most 200 characters and 12 words, "
                "with a letter or digit.",
            ),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                enum=search.ResultType.values,
                many=True,
                description="Only results of this type (repeat for several).",
            ),
            OpenApiParameter(
                "page", {"type": "integer", "minimum": 1}, description="Page number."
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": 100},
                description="Results per page, at most 100.",
            ),
        ],
        responses=inline_serializer(
            "PaginatedSearchHitList",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": s.SearchHitSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        reject_unknown_parameters(request, self.allowed_parameters, repeatable={"type"})
        return cached(request, lambda: self.answer(request))

    def answer(self, request):
        types = [t for t in request.query_params.getlist("type") if t]
        unknown_types = sorted(set(types) - set(search.ResultType.values))
        if unknown_types:
            raise ValidationError(
                {
                    "type": [
                        _("Unknown type %(unknown)s: use %(known)s.")
                        % {
                            "unknown": ", ".join(unknown_types),
                            "known": ", ".join(search.ResultType.values),
                        }
                    ]
                }
            )
        try:
            results = search.search(request.query_params.get("q"), types=types)
        except search.SearchQueryError as error:
            raise ValidationError({"q": [str(error)]}) from None
        paginator = StrictPagination()
        hits = paginator.paginate_queryset(results.hits, request, view=self)
        return paginator.get_paginated_response(
            s.SearchHitSerializer(hits, many=True, context={"request": request}).data
        )


def not_found(request, *args, **kwargs):
    """JSON 404 for any address under /api/ that no route matches."""
    return JsonResponse({"detail": _("No such API address.")}, status=404)


class APIRootView(routers.APIRootView):
    """The API's resources, its search and documentation, and the bulk downloads
    of everything at once."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["search"] = request.build_absolute_uri(reverse("api:search"))
        response.data["downloads"] = request.build_absolute_uri(
            reverse("proceedings:data")
        )
        return response
