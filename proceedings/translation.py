"""The text readers see, in English, Russian and Kazakh (django-modeltranslation).

Each field named here gets one column per language beside it in the same row
(``title_en``, ``title_ru``, ``title_kk``), so a page in Russian costs no more
queries than a page in English. English is the original: ``title_en`` is what
the editors first entered and what every other language falls back to, and
``Record.save`` keeps the plain ``title`` column equal to it, so the search
index, the exports and raw SQL read one language whatever the editor's.

django-simple-history copies a model's fields when its historical model is
made, so the models with translated fields register their history here, after
the translation columns exist; the history of a translation is kept like any
other change.
"""

from dataclasses import dataclass

import simple_history
from babel import Locale
from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext
from modeltranslation.translator import (
    NotRegistered,
    TranslationOptions,
    register,
    translator,
)

from casetracker.locale import babel_locale, reader_language

from .models import (
    Accused,
    Amount,
    Case,
    Charge,
    Court,
    Event,
    Participation,
    Party,
    Relationship,
    Ruling,
    RulingReview,
    Sanction,
    Statement,
)


class Translated(TranslationOptions):
    # The English box is required wherever the field itself is (the library's
    # rule for the default language); Russian and Kazakh are the editors' own
    # translations, never required.
    required_languages = ()


@register(Court)
class CourtText(Translated):
    fields = ("name",)
    # Court names are unique per country in each language; an untranslated
    # name is NULL rather than "", so two untranslated courts do not clash.
    empty_values = {"name": None}


@register(Party)
class PartyText(Translated):
    fields = ("description",)


@register(Relationship)
class RelationshipText(Translated):
    fields = ("note",)


@register(Case)
class CaseText(Translated):
    fields = ("title", "summary")


@register(Participation)
class ParticipationText(Translated):
    fields = ("note",)


@register(Ruling)
class RulingText(Translated):
    fields = ("title", "summary")


@register(RulingReview)
class RulingReviewText(Translated):
    fields = ("note",)


@register(Charge)
class ChargeText(Translated):
    fields = ("offence", "note")


@register(Accused)
class AccusedText(Translated):
    fields = ("note",)


@register(Sanction)
class SanctionText(Translated):
    fields = ("note",)


@register(Event)
class EventText(Translated):
    fields = ("description",)


@register(Amount)
class AmountText(Translated):
    fields = ("description",)


@register(Statement)
class StatementText(Translated):
    # The statement's own words stay in ``text``, untranslated, in the language
    # its speaker used; ``translation`` holds the editors' translations of them.
    fields = ("translation",)


# The history of each model above, made now that its translation columns exist.
TRANSLATED_HISTORY = {
    Court: {},
    Party: {"m2m_fields": ["sources"]},
    Relationship: {"m2m_fields": ["sources"]},
    Case: {"m2m_fields": ["sources"]},
    Participation: {},
    Ruling: {"m2m_fields": ["judges", "sources"]},
    RulingReview: {},
    Charge: {"m2m_fields": ["sources"]},
    Accused: {},
    Sanction: {"m2m_fields": ["sources"]},
    Event: {"m2m_fields": ["parties", "sources"]},
    Amount: {},
    Statement: {},
}
for model, options in TRANSLATED_HISTORY.items():
    simple_history.register(model, **options)


ORIGINAL = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def translated_fields(model):
    """The names of ``model``'s translated fields, or an empty tuple."""
    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()


@dataclass(frozen=True)
class ReaderText:
    """A text as a reader gets it: in their language, or else in the original."""

    text: str
    language: str

    @property
    def fell_back(self):
        """Whether the text is not in the reader's language."""
        return bool(self.text) and self.language != reader_language()

    def __str__(self):
        return self.text


def reader_text(record, field):
    """``record``'s ``field`` in the reader's language, else in English."""
    language = reader_language()
    text = getattr(record, f"{field}_{language}", None)
    if text:
        return ReaderText(text, language)
    return ReaderText(getattr(record, f"{field}_{ORIGINAL}", None) or "", ORIGINAL)


def in_reader_language(path):
    """A query expression for the translated field at ``path`` ("case__title")
    in the reader's language, else in English: for lists of plain values."""
    language = reader_language()
    if language == ORIGINAL:
        return F(path)
    return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), F(path))


def fallbacks(record, fields):
    """Of ``fields``, those not in the reader's language: {field: language}."""
    found = {}
    for field in fields:
        text = reader_text(record, field)
        if text.fell_back:
            found[field] = text.language
    return found


def statement_translation(statement):
    """The editors' translation of a statement into the reader's language, or
    None when the reader reads the speaker's language or none was made."""
    language = reader_language()
    if statement.language == language:
        return None
    return getattr(statement, f"translation_{language}", None) or None


def in_language(language):
    """The marker beside a text not in the reader's language: "(in English)"."""
    if language == ORIGINAL:
        return gettext("(in English)")
    name = Locale.parse(babel_locale()).languages.get(language, language)
    return gettext("(in %(language)s)") % {"language": name}
