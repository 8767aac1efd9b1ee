"""The read-only public API. Every queryset starts from published()."""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from .. import search
from .serializers import SearchHitSerializer

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


def reject_unknown_parameters(request, allowed):
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise ValidationError({name: ["Unknown query parameter."] for name in unknown})


def positive_int(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: ["A whole number is required."]}) from None
    if value < 1:
        raise ValidationError({name: ["Must be 1 or more."]})
    if maximum is not None and value > maximum:
        raise ValidationError({name: [f"Must be at most {maximum}."]})
    return value


class SearchView(APIView):
    """Ranked search over published parties, cases, courts and rulings.

    `q` (required) is matched under any spelling: other scripts, transliterations,
    word order, partial names, small typos, case numbers with or without
    punctuation and neutral citations. `type` limits the results to one kind
    (party, case, court, ruling); give it several times for several kinds.
    """

    allowed_parameters = {"q", "type", "page", "page_size", "format"}

    def get(self, request):
        reject_unknown_parameters(request, self.allowed_parameters)
        types = request.query_params.getlist("type")
        unknown_types = sorted(set(types) - set(search.ResultType.values))
        if unknown_types:
            raise ValidationError(
                {
                    "type": [
                        f"Unknown type {', '.join(unknown_types)}: use "
                        f"{', '.join(search.ResultType.values)}."
                    ]
                }
            )
        page_size = positive_int(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        page = positive_int(request, "page", 1)
        try:
            results = search.search(request.query_params.get("q"), types=types)
        except search.SearchQueryError as error:
            raise ValidationError({"q": [str(error)]}) from None

        start = (page - 1) * page_size
        if page > 1 and start >= results.count:
            raise NotFound({"page": ["There is no such page."]})
        hits = results.hits[start : start + page_size]
        url = request.build_absolute_uri()
        return Response(
            {
                "count": results.count,
                "next": replace_query_param(url, "page", page + 1)
                if start + page_size < results.count
                else None,
                "previous": (
                    remove_query_param(url, "page")
                    if page == 2
                    else replace_query_param(url, "page", page - 1)
                )
                if page > 1
                else None,
                "results": SearchHitSerializer(
                    hits, many=True, context={"request": request}
                ).data,
            }
        )
