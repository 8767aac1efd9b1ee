"""OpenAPI schema details that drf-spectacular cannot infer."""

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
    "400": "A query parameter is unknown or has an invalid value; the body names it.",
    "404": "No published record here, or no such page.",
    "429": "Too many requests from this address; retry later.",
}


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
