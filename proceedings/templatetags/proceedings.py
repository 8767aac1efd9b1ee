"""How the pages say dates, terms, money and sanction statuses."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def when(partial_date, unknown="date unknown"):
    """<time datetime="2018-10">October 2018</time>, at the date's precision."""
    if partial_date is None:
        return unknown
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
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if rest or not years:
        parts.append(f"{rest} month{'s' if rest != 1 else ''}")
    return " ".join(parts)


@register.filter
def money(value):
    """Money → "USD 250,000.00"."""
    return str(value) if value else ""


_STATUS_PHRASES = {
    "imposed": "imposed",
    "recommended": "recommended, not imposed",
    "enforced": "imposed and enforced",
    "unenforced": "imposed — unenforced",
    "suspended": "imposed — suspended",
    "vacated": "vacated: no longer in force",
    "overturned": "overturned on appeal",
}


@register.filter
def sanction_status(sanction, in_absentia=False):
    """Plain words for where a sanction stands: "imposed in absentia —
    unenforced"."""
    phrase = _STATUS_PHRASES.get(sanction.status, sanction.get_status_display())
    if in_absentia and phrase.startswith("imposed"):
        phrase = phrase.replace("imposed", "imposed in absentia", 1)
    return phrase
