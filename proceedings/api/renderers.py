"""Instant CSV: any API answer as CSV, with `?format=csv` or `Accept: text/csv`.

The columns come from the answer's serializer, so every page of a list has the
same header, even an empty one: a nested object becomes dotted columns
(``court.slug``, ``court.name``); a list of scalars is joined by ";"; a list of
objects (a case's charges, a sanction's amounts) is one cell of JSON, as Datasette
writes JSON columns. A list answers its page, as in JSON: the page number, page
size and cursor rules are the same, the count is in ``X-Total-Count`` and the
next and previous pages in the ``Link`` header (RFC 8288). The whole of a table
at once is a bulk download (/data/). Errors stay JSON.
"""

import csv
import io
import json

from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.utils.encoders import JSONEncoder


def columns(serializer, prefix=""):
    """[(column name, path of keys)] for the fields of ``serializer``."""
    found = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            found += [
                (f"{prefix}{name}.{column}", (name, *path))
                for column, path in columns(field)
            ]
        else:
            found.append((f"{prefix}{name}", (name,)))
    return found


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        if all(isinstance(item, str | int) for item in value):
            return ";".join(str(item) for item in value)
        return json.dumps(value, cls=JSONEncoder, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, cls=JSONEncoder, ensure_ascii=False)
    return str(value)


def lookup(row, path):
    for key in path:
        if not isinstance(row, dict):
            return None
        row = row.get(key)
    return row


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response, view = context.get("response"), context.get("view")
        if response is not None and response.status_code >= 400:
            # an error says what to fix, in the same JSON as for any client
            response["Content-Type"] = "application/json"
            return JSONRenderer().render(data, "application/json", context)
        rows = data
        if isinstance(data, dict) and "results" in data:
            rows = data["results"]
            if response is not None:
                self.paging_headers(response, data)
        elif isinstance(data, dict):
            rows = [data]
        header = columns(self.serializer(view)) if view is not None else []
        if not header and rows:  # no serializer to ask: the first row's keys
            header = [(key, (key,)) for key in rows[0]]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([name for name, _ in header])
        for row in rows:
            writer.writerow([cell(lookup(row, path)) for _, path in header])
        if response is not None:
            response["Content-Type"] = "text/csv; charset=utf-8; header=present"
        return out.getvalue().encode()

    @staticmethod
    def serializer(view):
        serializer_class = getattr(view, "csv_serializer_class", None)
        if serializer_class is not None:
            return serializer_class()
        return view.get_serializer()

    @staticmethod
    def paging_headers(response, data):
        response["X-Total-Count"] = str(data.get("count", ""))
        links = [
            f'<{data[key]}>; rel="{rel}"'
            for key, rel in (("next", "next"), ("previous", "prev"))
            if data.get(key)
        ]
        if links:
            response["Link"] = ", ".join(links)


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, with an unknown `format` parameter a 400 that names it
    and the formats there are (DRF answers 404, as it does, rightly, for an
    address with an unknown suffix)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        name = self.settings.URL_FORMAT_OVERRIDE
        format = request.query_params.get(name) if name else None
        known = [renderer.format for renderer in renderers]
        if format_suffix is None and format and format not in known:
            raise ValidationError(
                {
                    name: [
                        gettext("Unknown format “%(format)s”: use %(known)s.")
                        % {"format": format, "known": ", ".join(known)}
                    ]
                }
            )
        return super().select_renderer(request, renderers, format_suffix)
