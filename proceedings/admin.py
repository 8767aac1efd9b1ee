"""A plain registration of every model; the editorial admin is built on this."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Case,
    Charge,
    Court,
    Event,
    Participation,
    Party,
    PartyName,
    Relationship,
    Ruling,
    Sanction,
    Source,
    Statement,
)

TIMESTAMPS = ("created_at", "updated_at")


class PartyNameInline(admin.TabularInline):
    model = PartyName
    extra = 0


@admin.register(Court)
class CourtAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "country", "kind", "level"]
    list_filter = ["country", "kind", "level"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = TIMESTAMPS


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "is_published", "updated_at"]
    list_filter = ["is_published", "kind", "country"]
    search_fields = ["name", "other_names__name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = TIMESTAMPS
    inlines = [PartyNameInline]
    filter_horizontal = ["sources"]


@admin.register(PartyName)
class PartyNameAdmin(SimpleHistoryAdmin):
    list_display = ["name", "party", "kind", "language", "script"]
    list_select_related = ["party"]
    search_fields = ["name", "party__name"]
    readonly_fields = TIMESTAMPS


@admin.register(Relationship)
class RelationshipAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "kind", "object"]
    list_select_related = ["subject", "object"]
    list_filter = ["kind"]
    search_fields = ["subject__name", "object__name"]
    readonly_fields = TIMESTAMPS
    filter_horizontal = ["sources"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "number", "court", "kind", "status", "is_published"]
    list_select_related = ["court"]
    list_filter = ["is_published", "kind", "status", "court__country"]
    search_fields = ["title", "number"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = TIMESTAMPS
    filter_horizontal = ["sources", "related_cases"]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["party", "role", "case"]
    list_select_related = ["party", "case"]
    list_filter = ["role"]
    search_fields = ["party__name", "case__title"]
    readonly_fields = TIMESTAMPS


@admin.register(Ruling)
class RulingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "case", "date", "kind", "outcome", "is_published"]
    list_select_related = ["case"]
    list_filter = ["is_published", "kind", "outcome"]
    search_fields = ["title", "citation", "case__title"]
    readonly_fields = TIMESTAMPS
    filter_horizontal = ["judges", "sources"]


@admin.register(Charge)
class ChargeAdmin(SimpleHistoryAdmin):
    list_display = ["offence", "party", "case", "disposition"]
    list_select_related = ["party", "case"]
    list_filter = ["disposition"]
    search_fields = ["offence", "party__name", "case__title"]
    readonly_fields = TIMESTAMPS
    filter_horizontal = ["sources"]


@admin.register(Sanction)
class SanctionAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "party", "ruling", "status"]
    list_select_related = ["party", "ruling"]
    list_filter = ["kind", "status"]
    search_fields = ["party__name", "ruling__title", "ruling__case__title"]
    readonly_fields = TIMESTAMPS
    filter_horizontal = ["sources"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "date", "case"]
    list_select_related = ["case"]
    list_filter = ["kind"]
    search_fields = ["description", "case__title"]
    readonly_fields = TIMESTAMPS
    filter_horizontal = ["parties", "sources"]


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["party", "date", "case"]
    list_select_related = ["party", "case"]
    search_fields = ["text", "party__name"]
    readonly_fields = TIMESTAMPS


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "date", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title", "publisher", "url"]
    readonly_fields = TIMESTAMPS
