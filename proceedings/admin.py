"""The editorial admin: the editors' product.

The case page is the main screen (participations, charges, rulings, events and
statements inline); rulings have their own page with sanctions inline. Courts,
parties and sources are chosen by autocomplete everywhere, and the admin's search
uses the same spelling-aware search as the site. Publishing is a separate step for
publishers; editors cannot publish or delete. Every change is kept in history.
"""

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.db import router, transaction
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import search, services
from .forms import EditorialForm, EditorialInlineFormSet
from .models import (
    Accused,
    Amount,
    Case,
    Charge,
    Court,
    CourtName,
    Event,
    Participation,
    Party,
    PartyName,
    Relationship,
    Ruling,
    RulingReview,
    Sanction,
    Source,
    Statement,
)

TIMESTAMPS = ("created_at", "updated_at")
ALERT = '<strong class="ct-alert">{}</strong>'
admin.site.site_header = _("casetracker editorial admin")
admin.site.site_title = _("casetracker admin")
admin.site.index_title = _("Proceedings and their sources")


class SpellingSearchMixin:
    """Admin search (and autocomplete) by any spelling, via proceedings.search;
    drafts included. Falls back to the plain search fields as well."""

    search_type = None

    def get_search_results(self, request, queryset, search_term):
        plain, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if not search_term.strip():
            return plain, may_have_duplicates
        ids = search.editorial_pks(search_term, self.search_type)
        return queryset.filter(Q(pk__in=ids) | Q(pk__in=plain.values("pk"))), False


class EditorialFieldsMixin:
    """Leave out `<date>_precision` (EditorialForm asks for each partial date in
    one box and sets the precision itself), and carry the record's revision in a
    hidden field, so a save over someone else's newer change is refused."""

    def get_fields(self, request, obj=None):
        hidden = {
            f"{name}_precision" for name in getattr(self.model, "_partial_dates", ())
        }
        fields = [f for f in super().get_fields(request, obj) if f not in hidden]
        if "version" not in fields:
            fields.append("version")
        return fields

    def get_fieldsets(self, request, obj=None):
        # modeltranslation's admin would list every field of the form when no
        # fields are declared; these are the fields above, each translated one
        # as its English, Russian and Kazakh boxes.
        if self.fieldsets:
            return super().get_fieldsets(request, obj)
        fields = self.get_fields(request, obj)
        translated = getattr(self, "replace_orig_field", None)
        return [(None, {"fields": translated(fields) if translated else fields})]


class HistoryContext(HistoricalRecordContextHelper):
    """The history page's list of changes, without the revision number."""

    def context_for_delta_changes(self, delta):
        return super().context_for_delta_changes(
            dataclasses.replace(
                delta,
                changes=[c for c in delta.changes if c.field != "version"],
                changed_fields=[f for f in delta.changed_fields if f != "version"],
            )
        )


class EditorialAdmin(EditorialFieldsMixin, SimpleHistoryAdmin):
    form = EditorialForm
    readonly_fields = TIMESTAMPS
    save_on_top = True

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryContext(self.model, historical_record)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and hasattr(obj, "_history"):
            # Reverting from history: the old version is a proposal made now, so
            # the form carries the revision stored now (a change saved after this
            # page was opened still stops the revert).
            obj.version = (
                type(obj)
                ._base_manager.filter(pk=obj.pk)
                .values_list("version", flat=True)
                .first()
            )
        return super().get_form(request, obj, change=change, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # One transaction, as the change form has: the revision check locks the
        # row until the revert is saved.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )


class PublishableAdmin(EditorialAdmin):
    """Publish and unpublish as actions for publishers; the flag is read-only for
    editors. A record without a public source is never published."""

    actions = ["publish_selected", "unpublish_selected"]

    def publish_permission(self):
        return f"{self.opts.app_label}.publish_{self.opts.model_name}"

    def has_publish_permission(self, request):
        return request.user.has_perm(self.publish_permission())

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("is_published")
        return fields

    @admin.action(
        description=_("Publish selected (needs a public source)"),
        permissions=["publish"],
    )
    def publish_selected(self, request, queryset):
        result = services.publish(records=queryset, user=request.user)
        if result.done:
            self.message_user(
                request,
                ngettext(
                    "Published %(count)d %(records)s.",
                    "Published %(count)d %(records)s.",
                    len(result.done),
                )
                % {
                    "count": len(result.done),
                    "records": self.opts.verbose_name_plural,
                },
            )
        for record, reason in result.refused:
            self.message_user(
                request,
                gettext("Not published: “%(record)s” — %(reason)s.")
                % {"record": record, "reason": reason},
                messages.ERROR,
            )

    @admin.action(description=_("Unpublish selected"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        result = services.unpublish(records=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "Unpublished %(count)d %(records)s.",
                "Unpublished %(count)d %(records)s.",
                len(result.done),
            )
            % {"count": len(result.done), "records": self.opts.verbose_name_plural},
        )

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # Only publishers change what is public, whatever the form or a
            # history revert carries.
            stored = (
                type(obj)
                .objects.filter(pk=obj.pk)
                .values_list("is_published", flat=True)
            )
            obj.is_published = bool(obj.pk and stored.first())
        # A publisher's form has already refused publishing without a public
        # source (EditorialForm.check_public_source).
        super().save_model(request, obj, form, change)

    @admin.display(
        description=pgettext_lazy("publication state", "publication"),
        ordering="is_published",
    )
    def publication(self, obj):
        if not obj.is_published:
            return format_html(ALERT, pgettext("publication state", "draft"))
        published = pgettext("publication state", "published")
        pending = getattr(obj, "unpublished_parts", 0)
        if pending:
            return format_html(
                "{} — " + ALERT,
                published,
                ngettext(
                    "%(count)d unpublished ruling",
                    "%(count)d unpublished rulings",
                    pending,
                )
                % {"count": pending},
            )
        return published


# --- Inlines ---------------------------------------------------------------------


class EditorialInline(EditorialFieldsMixin):
    form = EditorialForm
    formset = EditorialInlineFormSet


class PartyNameInline(EditorialInline, admin.TabularInline):
    model = PartyName
    extra = 1
    fields = ["name", "kind", "language", "script", "note"]


class ParticipationInline(EditorialInline, TranslationTabularInline):
    model = Participation
    extra = 1
    autocomplete_fields = ["party", "represents"]
    fields = ["party", "role", "name_in_case", "represents", "start", "end", "note"]


class ChargeInline(EditorialInline, TranslationStackedInline):
    model = Charge
    extra = 0
    show_change_link = True
    autocomplete_fields = ["sources"]
    fields = [("offence", "statute"), "note", "sources"]
    verbose_name_plural = _(
        "charges and claims (open one to name its accused, with what was decided "
        "for each, and its amounts)"
    )


class CourtNameInline(EditorialInline, admin.TabularInline):
    model = CourtName
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["name", "kind", "language", "source", "note"]


class AccusedInline(EditorialInline, TranslationTabularInline):
    model = Accused
    extra = 1
    autocomplete_fields = ["party", "ruling"]
    fields = ["party", "disposition", "not_punished", "ruling", "note"]


class AmountInline(EditorialInline, TranslationTabularInline):
    model = Amount
    extra = 1
    autocomplete_fields = ["source"]
    fields = ["qualifier", "amount", "currency", "description", "source"]


class RulingReviewInline(EditorialInline, TranslationTabularInline):
    model = RulingReview
    fk_name = "ruling"
    extra = 1
    autocomplete_fields = ["reviewed"]
    fields = ["kind", "reviewed", "note"]
    verbose_name_plural = _(
        "earlier rulings this one decides on (appeal, objections, review, remand)"
    )


class RulingInline(EditorialInline, TranslationTabularInline):
    model = Ruling
    fk_name = "case"
    extra = 0
    show_change_link = True
    fields = [
        "date",
        "kind",
        "outcome",
        "title",
        "citation",
        "is_final",
        "is_published",
    ]
    readonly_fields = ["is_published"]
    verbose_name_plural = _(
        "rulings (open one to add its judges, sanctions and sources)"
    )


class EventInline(EditorialInline, TranslationTabularInline):
    model = Event
    extra = 0
    show_change_link = True
    autocomplete_fields = ["parties", "sources"]
    fields = ["date", "kind", "description", "parties", "sources"]


class StatementInline(EditorialInline, TranslationTabularInline):
    model = Statement
    fk_name = "case"
    extra = 0
    autocomplete_fields = ["party", "source"]
    fields = ["party", "date", "text", "language", "translation", "source"]


class SanctionInline(EditorialInline, TranslationStackedInline):
    model = Sanction
    extra = 0
    show_change_link = True
    autocomplete_fields = ["party", "sources"]
    fields = [
        ("party", "kind", "status"),
        ("term_months", "regime"),
        "note",
        "sources",
    ]
    verbose_name_plural = _("sanctions (open one to enter its amounts)")


# --- Model admins ----------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    list_display = ["title", "publisher", "kind", "date", "language", "is_public"]
    list_filter = ["kind", "is_public", "language"]
    search_fields = ["title", "publisher", "url"]
    search_help_text = _("Title, publisher or URL.")
    date_hierarchy = "date"
    fields = [
        "title",
        ("publisher", "kind"),
        ("date", "language"),
        "url",
        "archived_url",
        "is_public",
        "note",
        *TIMESTAMPS,
    ]


@admin.register(Court)
class CourtAdmin(SpellingSearchMixin, EditorialAdmin, TranslationAdmin):
    search_type = "court"
    list_display = ["name", "short_name", "country", "kind", "level", "parent"]
    list_select_related = ["parent"]
    list_filter = [("country", admin.AllValuesFieldListFilter), "kind", "level"]
    search_fields = ["name", "short_name", "other_names__name"]
    search_help_text = _("Name, short name or another name (BVGer, TAF…).")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [CourtNameInline]


class DuplicatePartyForm(EditorialForm):
    not_a_duplicate = forms.BooleanField(
        required=False,
        label=_("This is a different party"),
        help_text=_("Tick to save although a party with a similar name exists."),
    )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if self.instance.pk or not name or cleaned.get("not_a_duplicate"):
            return cleaned
        try:
            results = search.search(name, types=["party"], include_unpublished=True)
        except search.SearchQueryError:
            return cleaned
        similar = [
            hit
            for hit in results.hits.plain
            if hit.match <= search.MatchKind.KEY and hit.field in {"name", "other_name"}
        ][:5]
        if similar:
            names = "; ".join(
                hit.label
                if hit.text == hit.label
                else gettext("%(name)s (as “%(spelling)s”)")
                % {"name": hit.label, "spelling": hit.text}
                for hit in similar
            )
            self.add_error(
                None,
                gettext(
                    "Possible duplicate: %(names)s. Check whether this is the same "
                    "party under another spelling; if not, tick “This is a different "
                    "party” and save again."
                )
                % {"names": names},
            )
        return cleaned


@admin.register(Party)
class PartyAdmin(SpellingSearchMixin, PublishableAdmin, TranslationAdmin):
    search_type = "party"
    form = DuplicatePartyForm
    ordering = ["name", "id"]  # explicit: the annotated queryset would lose it
    list_display = [
        "name",
        "kind",
        "country",
        "publication",
        "case_count",
        "updated_at",
    ]
    list_filter = ["is_published", "kind", ("country", admin.AllValuesFieldListFilter)]
    search_fields = ["name", "other_names__name", "slug"]
    search_help_text = _("Any spelling of a name, in any script.")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sources"]
    inlines = [PartyNameInline]
    fields = [
        "name",
        "slug",
        ("kind", "gender"),
        ("birth_date", "country"),
        "description",
        "wikidata_qid",
        "sources",
        "is_published",
        "not_a_duplicate",
        *TIMESTAMPS,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(cases=Count("participations__case", distinct=True))
        )

    @admin.display(description=_("cases"), ordering="cases")
    def case_count(self, obj):
        return obj.cases

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [f for f in fields if f != "not_a_duplicate" or obj is None]


@admin.register(PartyName)
class PartyNameAdmin(EditorialAdmin):
    list_display = ["name", "party", "kind", "language", "script"]
    list_select_related = ["party"]
    list_filter = ["kind", "script"]
    search_fields = ["name", "party__name"]
    autocomplete_fields = ["party"]


@admin.register(Relationship)
class RelationshipAdmin(EditorialAdmin, TranslationAdmin):
    list_display = ["subject", "kind", "object", "start", "end"]
    list_select_related = ["subject", "object"]
    list_filter = ["kind"]
    search_fields = ["subject__name", "object__name", "note"]
    search_help_text = _("Either party's name.")
    autocomplete_fields = ["subject", "object", "sources"]
    fields = [
        ("subject", "kind", "object"),
        ("start", "end"),
        "note",
        "sources",
        *TIMESTAMPS,
    ]


@admin.register(Case)
class CaseAdmin(SpellingSearchMixin, PublishableAdmin, TranslationAdmin):
    search_type = "case"
    ordering = Case._meta.ordering  # explicit: the annotated queryset loses it
    list_display = [
        "title",
        "number",
        "court",
        "country",
        "kind",
        "status",
        "opened",
        "publication",
    ]
    list_select_related = ["court"]
    list_filter = [
        "is_published",
        "kind",
        "status",
        "in_absentia",
        ("country", admin.AllValuesFieldListFilter),
        "court",
    ]
    search_fields = ["title", "number", "rulings__citation"]
    search_help_text = _(
        "Title, any spelling of a party's name, case number or citation."
    )
    date_hierarchy = "opened"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["court", "appeal_of", "related_cases", "sources"]
    inlines = [
        ParticipationInline,
        ChargeInline,
        RulingInline,
        EventInline,
        StatementInline,
    ]
    fields = [
        "title",
        "slug",
        ("court", "country", "number"),
        ("kind", "status", "in_absentia"),
        ("opened", "closed"),
        "summary",
        "appeal_of",
        "related_cases",
        "sources",
        "is_published",
        *TIMESTAMPS,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                unpublished_parts=Count(
                    "rulings", filter=Q(rulings__is_published=False), distinct=True
                )
            )
        )

    def get_search_results(self, request, queryset, search_term):
        # a party's name finds the cases the party takes part in
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return results, duplicates
        parties = search.editorial_pks(search_term, "party", best=search.MatchKind.KEY)
        by_party = queryset.filter(participations__party__in=parties).values("pk")
        return queryset.filter(
            Q(pk__in=results.values("pk")) | Q(pk__in=by_party)
        ), False


@admin.register(Ruling)
class RulingAdmin(SpellingSearchMixin, PublishableAdmin, TranslationAdmin):
    search_type = "ruling"
    list_display = ["__str__", "case", "date", "kind", "outcome", "publication"]
    list_select_related = ["case"]
    list_filter = [
        "is_published",
        "kind",
        "outcome",
        "is_final",
        ("case__country", admin.AllValuesFieldListFilter),
    ]
    search_fields = ["title", "citation", "ecli", "case__title", "case__number"]
    search_help_text = _("Citation, title or case.")
    date_hierarchy = "date"
    autocomplete_fields = ["case", "court", "judges", "sources"]
    inlines = [RulingReviewInline, SanctionInline]
    fields = [
        "case",
        ("date", "kind", "outcome"),
        "title",
        ("citation", "ecli"),
        "court",
        "judges",
        "summary",
        "document_url",
        "is_final",
        "sources",
        "is_published",
        *TIMESTAMPS,
    ]


@admin.register(Participation)
class ParticipationAdmin(EditorialAdmin, TranslationAdmin):
    list_display = ["party", "role", "case"]
    list_select_related = ["party", "case"]
    list_filter = ["role"]
    search_fields = ["party__name", "case__title"]
    autocomplete_fields = ["case", "party", "represents"]


@admin.register(Charge)
class ChargeAdmin(EditorialAdmin, TranslationAdmin):
    list_display = ["offence", "case", "accused_names"]
    list_select_related = ["case"]
    list_filter = ["accused__disposition"]
    search_fields = ["offence", "accused__party__name", "case__title"]
    autocomplete_fields = ["case", "sources"]
    inlines = [AccusedInline, AmountInline]
    fields = ["case", ("offence", "statute"), "note", "sources", *TIMESTAMPS]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("accused__party")

    @admin.display(description=_("accused"))
    def accused_names(self, obj):
        return "; ".join(
            gettext("%(party)s (%(disposition)s)")
            % {"party": accused.party, "disposition": accused.get_disposition_phrase()}
            for accused in obj.accused.all()
        )


@admin.register(Sanction)
class SanctionAdmin(EditorialAdmin, TranslationAdmin):
    list_display = ["kind", "party", "ruling", "term_months", "amounts_shown", "status"]
    list_select_related = ["party", "ruling"]
    list_filter = ["kind", "status"]
    search_fields = ["party__name", "ruling__title", "ruling__case__title"]
    autocomplete_fields = ["ruling", "party", "sources"]
    inlines = [AmountInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("amounts")

    @admin.display(description=_("amounts"))
    def amounts_shown(self, obj):
        return "; ".join(str(amount) for amount in obj.amounts.all())


class EventForm(EditorialForm):
    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("case") and not cleaned.get("parties"):
            self.add_error(
                "parties",
                _(
                    "An event outside any case must name at least one party: it is "
                    "shown on their pages."
                ),
            )
        return cleaned


@admin.register(Event)
class EventAdmin(EditorialAdmin, TranslationAdmin):
    form = EventForm
    list_display = ["kind", "date", "case"]
    list_select_related = ["case"]
    list_filter = ["kind"]
    search_fields = ["description", "case__title"]
    date_hierarchy = "date"
    autocomplete_fields = ["case", "parties", "sources"]
    inlines = [AmountInline]


@admin.register(Statement)
class StatementAdmin(EditorialAdmin, TranslationAdmin):
    list_display = ["party", "date", "case", "short_text"]
    list_select_related = ["party", "case"]
    search_fields = ["text", "party__name"]
    autocomplete_fields = ["party", "case", "source"]

    @admin.display(description=_("text"))
    def short_text(self, obj):
        return obj.text[:80]


@admin.register(CourtName)
class CourtNameAdmin(EditorialAdmin):
    list_display = ["name", "court", "kind", "language"]
    list_select_related = ["court"]
    list_filter = ["kind", "language"]
    search_fields = ["name", "court__name"]
    autocomplete_fields = ["court", "source"]


@admin.register(Accused)
class AccusedAdmin(EditorialAdmin, TranslationAdmin):
    list_display = ["party", "charge", "disposition", "not_punished", "ruling"]
    list_select_related = ["party", "charge", "ruling"]
    list_filter = ["disposition", "not_punished"]
    search_fields = ["party__name", "charge__offence", "charge__case__title"]
    autocomplete_fields = ["charge", "party", "ruling"]


@admin.register(Amount)
class AmountAdmin(EditorialAdmin, TranslationAdmin):
    list_display = ["__str__", "description", "charge", "sanction", "event"]
    list_select_related = ["charge", "sanction", "event"]
    list_filter = ["qualifier", "currency"]
    search_fields = ["description", "currency"]
    autocomplete_fields = ["charge", "sanction", "event", "source"]


@admin.register(RulingReview)
class RulingReviewAdmin(EditorialAdmin, TranslationAdmin):
    list_display = ["ruling", "kind", "reviewed"]
    list_select_related = ["ruling", "reviewed"]
    list_filter = ["kind"]
    search_fields = ["ruling__title", "reviewed__title", "ruling__citation"]
    autocomplete_fields = ["ruling", "reviewed"]
