"""Which language a request is answered in.

A page says it in its address: `/ru/…`, `/kk/…`, English without a prefix
(`i18n_patterns` in casetracker/urls.py), so that every page has one address per
language, a link or a cache never mixes them, and the browser's wishes never
change what an address shows. The admin and the API have no prefix: the admin
follows the editor's browser (its language cookie, then `Accept-Language`), and
so does the API, where a `lang` parameter comes first (an unknown one is the
API's 400: proceedings/api/views.py).
"""

from django.conf import settings
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers

# The Babel locale that formats dates, numbers and country names for each
# language of the site (British English: "8 October 2018").
BABEL_LOCALES = {"en": "en_GB", "ru": "ru", "kk": "kk"}


def reader_language():
    """The active language as one of the site's (en, ru, kk); English when none
    or another is active."""
    language = (translation.get_language() or "").split("-")[0]
    return language if language in BABEL_LOCALES else settings.LANGUAGE_CODE


def babel_locale(language=None):
    """The Babel locale of ``language``, by default the active one."""
    language = (language or reader_language()).split("-")[0]
    return BABEL_LOCALES.get(language, "en_GB")


NEGOTIATED = ("/admin/", "/api/")


def languages():
    """The codes of the site's languages: en, ru, kk."""
    return [code for code, _name in settings.LANGUAGES]


def negotiated(request):
    """Whether the request's language comes from the browser, not the address."""
    return request.path_info.startswith(NEGOTIATED)


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_request(self, request):
        if not negotiated(request):
            return super().process_request(request)
        asked = (
            request.GET.get("lang") if request.path_info.startswith("/api/") else None
        )
        translation.activate(
            asked
            if asked in languages()
            else translation.get_language_from_request(request, check_path=False)
        )
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if negotiated(request):
            patch_vary_headers(response, ("Accept-Language",))
        # A page's language is its address's: no Vary, whatever was asked.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
