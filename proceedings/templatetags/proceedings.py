"""How the pages say dates, terms, money and sanction statuses."""

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext_lazy, ngettext, override
from django.utils.translation import gettext as _

from ..translation import (
    in_language,
    reader_language,
    reader_text,
    statement_translation,
)

register = template.Library()


@register.filter
def when(partial_date, unknown=None):
    """<time datetime="2018-10">October 2018</time>, at the date's precision;
    ``unknown`` (by default "date unknown") for no date."""
    if partial_date is None:
        return _("date unknown") if unknown is None else unknown
    return format_html(
        '<time datetime="{}">{}</time>', partial_date.isoformat(), str(partial_date)
    )


@register.filter
def term(months):
    """204 → "17 years"; 18 → "1 year 6 months"."""
    if months is None:
        return ""
    years, rest = divmod(int(months), 12)
    parts = []
    if years:
        parts.append(
            ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
        )
    if rest or not years:
        parts.append(
            ngettext("%(count)d month", "%(count)d months", rest) % {"count": rest}
        )
    return " ".join(parts)


@register.filter
def one_sided(sources):
    """A mark for a fact whose public sources are all one side's account — a
    party's own statement or website, an advocacy or profile site: "single
    source: advocacy or profile site". Empty otherwise."""
    sources = list(sources)
    if not sources or not all(source.is_one_sided for source in sources):
        return ""
    kinds = sorted({str(source.get_kind_display()) for source in sources})
    if len(sources) == 1:
        text = _("single source: %(kind)s") % {"kind": kinds[0]}
    else:
        text = _("only one-sided sources: %(kinds)s") % {"kinds": ", ".join(kinds)}
    return format_html(
        '<span class="one-sided" title="{}">{}</span>',
        _("No independent source confirms this."),
        text,
    )


@register.filter
def amounts(records):
    """Amounts as readers say them: "more than USD 250 million (damage to the
    state, as alleged); USD 48 million"."""
    return format_html_join(
        "; ",
        "{}{}",
        (
            (
                amount.money,
                format_html(
                    ' <span class="muted">({})</span>', localized(amount, "description")
                )
                if amount.description
                else "",
            )
            for amount in records
        ),
    )


_STATUS_PHRASES = {
    "imposed": gettext_lazy("imposed"),
    "recommended": gettext_lazy("recommended, not imposed"),
    "enforced": gettext_lazy("imposed and enforced"),
    "unenforced": gettext_lazy("imposed — unenforced"),
    "suspended": gettext_lazy("imposed — suspended"),
    "vacated": gettext_lazy("vacated: no longer in force"),
    "overturned": gettext_lazy("overturned on appeal"),
}
# The same, for a sentence passed on someone tried in absentia (whole phrases,
# not "imposed" replaced in the one above: translations word them their own way).
_STATUS_PHRASES_IN_ABSENTIA = {
    "imposed": gettext_lazy("imposed in absentia"),
    "enforced": gettext_lazy("imposed in absentia and enforced"),
    "unenforced": gettext_lazy("imposed in absentia — unenforced"),
    "suspended": gettext_lazy("imposed in absentia — suspended"),
}


@register.filter
def sanction_status(sanction, in_absentia=False):
    """Plain words for where a sanction stands: "imposed in absentia —
    unenforced"."""
    phrase = None
    if in_absentia:
        phrase = _STATUS_PHRASES_IN_ABSENTIA.get(sanction.status)
    if phrase is None:
        phrase = _STATUS_PHRASES.get(sanction.status)
    return sanction.get_status_display() if phrase is None else str(phrase)


@register.simple_tag
def data_licence():
    """A link to the licence the data is published under (DATA_LICENCE)."""
    from django.conf import settings

    return format_html(
        '<a href="{}" rel="license">{}</a>',
        settings.DATA_LICENCE_URL,
        settings.DATA_LICENCE,
    )


@register.simple_tag(takes_context=True)
def query_with(context, name, value):
    """This page's query string with ``name`` set to ``value`` and no page
    number: a link to the same list, narrowed."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query[name] = value
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in each language of the site: [(code, name, address, canonical
    address, current)], absolute. The address keeps the query (the switcher
    keeps the reader on the same list); the canonical one, like the page's
    ``rel=canonical``, does not (the ``hreflang`` alternates). A page that does
    not resolve (a 404) offers each language's home page."""
    request = context.get("request")
    if request is None:
        return []
    try:
        resolve(request.path_info)
        paths = (request.get_full_path(), request.path)
    except Resolver404:
        paths = None
    versions = []
    for code, name in settings.LANGUAGES:
        if paths is None:
            with override(code):
                urls = [reverse("proceedings:home")] * 2
        else:
            urls = [translate_url(path, code) for path in paths]
        address, canonical = (request.build_absolute_uri(url) for url in urls)
        versions.append((code, name, address, canonical, code == get_language()))
    return versions


@register.simple_tag
def localized(record, field):
    """``record``'s ``field`` in the reader's language; where the editors have
    not translated it, the English original, in a ``lang="en"`` span and marked
    "(in English)", never a blank."""
    text = reader_text(record, field)
    if not text.fell_back:
        return text.text
    return format_html(
        '<span lang="{}">{}</span> <span class="untranslated">{}</span>',
        text.language,
        text.text,
        in_language(text.language),
    )


@register.inclusion_tag("proceedings/_statement.html")
def statement(statement, show_case=False):
    """A party's statement: the speaker's words in their language, and the
    editors' translation into the reader's, marked as such."""
    reader = reader_language()
    return {
        "statement": statement,
        "show_case": show_case,
        "translation": statement_translation(statement),
        "reader_language": reader,
        "marker": None
        if statement.language == reader
        else in_language(statement.language),
    }
