"""OpenAPI schema details that drf-spectacular cannot infer."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema

ERROR_BODY = {
    "type": "object",
    "description": "Each key names the offending query parameter (or `detail`), "
    "each value lists the reasons.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
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


class PublicAPISchema(AutoSchema):
    """Documents the error answers every read operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
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
