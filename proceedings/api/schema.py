"""OpenAPI schema details that drf-spectacular cannot infer."""

from django.conf import settings
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

ERROR_BODY = {
    "type": "object",
    "description": "Each key names the offending query parameter (or `detail`), "
    "each value lists the reasons.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}

CSV_BODY = {
    "type": "string",
    "description": "CSV, UTF-8, with a header row: the fields of the JSON answer, "
    "a nested object's as dotted columns (court.slug), lists of values joined by "
    "';', lists of objects as JSON.",
}

ERRORS = {
    "400": "A query parameter is unknown, has an invalid value, is given twice "
    "though it takes one value, or holds a control character; the body names it.",
    "404": "No published record here, or no such page.",
    "429": "Too many requests from this address; retry after the seconds in the "
    "Retry-After header.",
    "503": "The database is not answering; retry after the seconds in the "
    "Retry-After header.",
}


# No query parameter or path segment may hold a control character (the request
# guard refuses them, casetracker/errors.py).
PRINTABLE = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"


def document_parameter_rules(result, generator, request, public):
    """drf-spectacular postprocessing hook: the rules every parameter follows.

    - An optional query parameter may be empty, and then means "no filter", as
      an HTML form sends it (``allowEmptyValue``).
    - Free text (no enum, no format, no pattern of its own) holds no control
      characters.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
                schema = parameter.get("schema", {})
                if schema.get("type") == "array":
                    schema = schema.get("items", {})
                if schema.get("type") == "string" and not (
                    {"enum", "format", "pattern"} & set(schema)
                ):
                    schema["pattern"] = PRINTABLE
    return result


FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="json (the default) or csv: the same rows as CSV, nested objects "
    "as dotted columns, lists of objects as JSON cells; a list's count and next "
    "and previous pages are then in the X-Total-Count and Link headers. "
    "`Accept: text/csv` does the same.",
)


LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in settings.LANGUAGES],
    description="en, ru or kk: the language of the answer's messages (errors "
    "included). Without it, the `Accept-Language` header chooses, else English. "
    "The answer's `Content-Language` says which was used.",
)


FACETS_BODY = {
    "type": "object",
    "description": "Only with `facets`: for each facet asked for, the values it "
    "takes in the filtered list (all pages), most frequent first, at most 20; "
    "null when counting them took longer than the time limit (narrow the list "
    "with a filter and ask again).",
    "additionalProperties": {
        "type": "array",
        "nullable": True,
        "items": {
            "type": "object",
            "properties": {
                "value": {
                    "type": "string",
                    "description": "What to give the filter of the same name "
                    "(for `year`: the year, or both bounds of `date`).",
                },
                "label": {"type": "string", "description": "The value in words."},
                "count": {"type": "integer", "minimum": 1},
            },
            "required": ["value", "label", "count"],
        },
    },
}


def facets_parameter(filterset):
    names = [facet.name for facet in filterset.facets]
    one = "|".join(names)
    return OpenApiParameter(
        "facets",
        {"type": "string", "pattern": f"^({one})(,({one}))*$"},
        description=(
            "Count the filtered list's records per value of these fields, "
            f"comma-separated: {', '.join(names)}. The answer then carries "
            "`facets`, as Datasette shows them beside a table (JSON only: a CSV "
            "answer is the rows)."
        ),
    )


def document_facets(result, generator, request, public):
    """drf-spectacular postprocessing hook: a list that takes `facets` answers
    them beside its results."""
    components = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not any(p["name"] == "facets" for p in operation.get("parameters", [])):
                continue
            content = operation["responses"]["200"]["content"]["application/json"]
            name = content["schema"]["$ref"].rsplit("/", 1)[-1]
            components[name]["properties"]["facets"] = FACETS_BODY
    return result


class PublicAPISchema(AutoSchema):
    """Documents the error answers every read operation can give, and the
    choice of format."""

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), FORMAT, LANG]
        filterset = getattr(self.view, "filterset_class", None)
        if self._is_list_view() and getattr(filterset, "facets", None):
            parameters.append(facets_parameter(filterset))
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for response in responses.values():
            if "text/csv" in response.get("content", {}):
                response["content"]["text/csv"] = {"schema": CSV_BODY}
        for code, description in ERRORS.items():
            responses.setdefault(
                code,
                {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR_BODY}},
                },
            )
        return responses


class DescribedFilterExtension(DjangoFilterExtension):
    """drf-spectacular's django-filter support, keeping a filter's help text as
    its description when the filter's class states its own schema (country,
    currency, amount, slug filters: drf-spectacular drops it then)."""

    priority = 1

    def resolve_filter_field(
        self, auto_schema, model, filterset_class, field_name, filter_field
    ):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        help_text = filter_field.extra.get("help_text")
        for parameter in parameters:
            if help_text and not parameter.get("description"):
                parameter["description"] = str(help_text)
        return parameters
