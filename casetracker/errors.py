"""Clear 4xx and 5xx answers: JSON under /api/, a page of the site elsewhere.

``RequestGuardMiddleware`` refuses, before any view runs:
- control characters (NUL and the rest of Unicode's Cc category) in the address
  or in any query parameter's name or value: 400, naming the parameter and never
  echoing what was sent (PostgreSQL cannot even compare a NUL, and no page
  should reflect one);
- any method but GET, HEAD and OPTIONS on the public pages, which are read-only:
  a 405 page with ``Allow``, rather than the CSRF check's 403 (the admin and the
  API answer other methods themselves).

The handlers below give every error status a page in the site's style, or JSON
for API clients.
"""

import unicodedata

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEADINGS = {
    400: gettext_lazy("Bad request"),
    403: gettext_lazy("Not allowed"),
    405: gettext_lazy("Read-only page"),
    409: gettext_lazy("Edit conflict"),
    503: gettext_lazy("Temporarily unavailable"),
}

READ_METHODS = ("GET", "HEAD", "OPTIONS")
WRITABLE = ("/admin/", "/api/")


def wants_json(request):
    return request.path.startswith(("/api/", "/admin/autocomplete/"))


def has_control_characters(text):
    return any(unicodedata.category(char) == "Cc" for char in text)


def printable(name):
    """A parameter's name fit to show: control characters made visible."""
    return "".join(
        f"\\x{ord(char):02x}" if unicodedata.category(char) == "Cc" else char
        for char in name
    )


def error_response(request, status, message, *, errors=None):
    """``errors`` maps parameter names to messages (the API's 400 body)."""
    if wants_json(request):
        return JsonResponse(errors or {"detail": message}, status=status)
    return render(
        request,
        "error.html",
        {
            "status": status,
            "heading": HEADINGS.get(status, _("Error")),
            "message": message,
            "errors": errors or {},
        },
        status=status,
    )


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self.refuse(request)
        return refused if refused is not None else self.get_response(request)

    def refuse(self, request):
        if has_control_characters(request.path):
            return error_response(
                request,
                400,
                _("The address contains control characters; remove them."),
            )
        message = _(
            "Control characters (such as NUL or line breaks) are not allowed here."
        )
        bad = sorted(
            {
                printable(name)
                for name, values in request.GET.lists()
                if has_control_characters(name)
                or any(has_control_characters(value) for value in values)
            }
        )
        if bad:
            return error_response(
                request, 400, message, errors={name: [message] for name in bad}
            )
        if request.method not in READ_METHODS and not request.path.startswith(WRITABLE):
            response = error_response(
                request,
                405,
                _("This page can only be read: send GET or HEAD."),
            )
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        return None


REPEATED = gettext_lazy("Give this parameter once: it takes one value.")


def repeated(query, names):
    """Which of ``names`` the query gives more than once, sorted."""
    return sorted(name for name in names if len(query.getlist(name)) > 1)


def repeated_parameters_response(request, single):
    """A 400 naming each of ``single`` given more than once, or None."""
    names = repeated(request.GET, single)
    if not names:
        return None
    return error_response(
        request, 400, str(REPEATED), errors={name: [REPEATED] for name in names}
    )


def bad_request(request, exception=None):
    return error_response(request, 400, _("The request could not be understood."))


def permission_denied(request, exception=None):
    return error_response(
        request, 403, _("You do not have permission to see this page.")
    )


def csrf_failure(request, reason=""):
    """The CSRF check's refusal (admin forms), in the site's style and without
    Django's technical explanation."""
    return error_response(
        request,
        403,
        _(
            "This form has expired or was sent from another site. Go back, reload "
            "the page and send it again."
        ),
    )


def conflict(request, target=None):
    """A save refused because the record changed since the form was opened, in
    a path no form checked first (django-concurrency's 409 handler)."""
    return error_response(
        request,
        409,
        _(
            "Someone else changed this record while you were editing it, so your "
            "change was not saved. Go back, reload the page and make it again."
        ),
    )


def server_error(request):
    if wants_json(request):
        return JsonResponse(
            {"detail": _("Server error: nothing you sent caused it.")}, status=500
        )
    # Rendered without the request's context: whatever failed may be what a
    # context processor or the site's base template needs.
    return HttpResponseServerError(loader.get_template("500.html").render())
