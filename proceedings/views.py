"""Public pages. Every queryset starts from published(); lists use the API's
FilterSets and the search service, so pages and API filter and rank alike. Pages
are answered from the response cache when nothing has changed since (cache.py)."""

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from . import exports, filters, pictures, search
from .api.pagination import DeferredJoinPaginator
from .cache import CachedPageMixin
from .models import Case, Court, Party, Ruling, Sanction
from .pictures import appeals, network
from .pictures import timeline as timeline_picture
from .timeline import case_timeline, party_timeline


class HomeView(CachedPageMixin, TemplateView):
    template_name = "proceedings/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_rulings"] = (
            Ruling.objects.published()
            .filter(date__isnull=False)
            .select_related("case__court", "court")
            .order_by("-date", "-id")[:8]
        )
        context["counts"] = {
            "cases": Case.objects.published().count(),
            "parties": Party.objects.published().count(),
            "rulings": Ruling.objects.published().count(),
            "countries": Case.objects.published().values("country").distinct().count(),
        }
        return context


class PublicListView(CachedPageMixin, FilterView):
    """A filtered, paginated list; a bad filter value is a 400 with the form's
    error, never an empty page that pretends all is well."""

    paginate_by = 25
    paginator_class = DeferredJoinPaginator
    strict = False
    # {name: (label, ordering)} a reader can sort by with ?sort=name; the first
    # is the default. Without it, the list's one ``ordering``.
    sorts = {}

    @property
    def single_parameters(self):
        return [
            "page",
            *(["sort"] if self.sorts else []),
            *self.filterset_class.parameters(),
        ]

    def get_queryset(self):
        return self.model.objects.published()

    def get_filterset_kwargs(self, filterset_class):
        # A reader names a party or case by name; the API keeps to slugs.
        return {**super().get_filterset_kwargs(filterset_class), "by_name": True}

    def get(self, request, *args, **kwargs):
        filterset_class = self.get_filterset_class()
        self.filterset = self.get_filterset(filterset_class)
        self.sort = request.GET.get("sort") or next(iter(self.sorts), None)
        sort_error = None
        if self.sorts and self.sort not in self.sorts:
            sort_error = _("Sort by %(choices)s.") % {
                "choices": _(" or ").join(f"“{name}”" for name in self.sorts)
            }
        if sort_error is None and (
            not self.filterset.is_bound or self.filterset.is_valid()
        ):
            ordering = self.sorts[self.sort][1] if self.sorts else self.ordering
            queryset = self.filterset.qs.order_by(*ordering)
            if "search_rank" in queryset.query.annotations:
                queryset = queryset.order_by("search_rank", *ordering)
            self.object_list = queryset
            status = 200
        else:
            self.object_list = self.filterset.queryset.none()
            status = 400
        self.listed = status == 200
        context = self.get_context_data(
            filter=self.filterset, object_list=self.object_list, sort_error=sort_error
        )
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        without_page = self.request.GET.copy()
        without_page.pop("page", None)
        context["query_without_page"] = without_page.urlencode()
        query = filters.list_query(self.request.GET)
        # the list's filters alone (no page, no order): what its feed follows
        context["feed_query"] = query.urlencode()
        context["sort_links"] = [
            (
                label,
                "?" + "&".join(filter(None, [query.urlencode(), f"sort={name}"])),
                name == self.sort,
            )
            for name, (label, _ordering) in self.sorts.items()
        ]
        context["filtered"] = any(value for value in self.request.GET.values())
        if self.listed:
            context["summary"] = self.filterset.summary()
            context["facets"] = facet_links(
                self.filterset,
                self.filterset.facet_counts(self.object_list),
                without_page,
            )
        return context


def facet_links(filterset, counts, query):
    """Each facet's values as links that narrow the list to them, or, for the
    value already chosen, widen it again: [(facet, [(value, href, chosen)])];
    None for the values of a facet that could not be counted in time."""
    shown = []
    for facet in filterset.facets:
        found = counts.get(facet.name, [])
        if found is None:  # ran out of time: said so, not hidden
            shown.append((facet, None))
            continue
        values = []
        for value in found:
            chosen = all(
                query.get(name, "").strip().upper() == str(given).upper()
                for name, given in value.parameters.items()
            )
            narrowed = query.copy()
            for name, given in value.parameters.items():
                if chosen:
                    narrowed.pop(name, None)
                else:
                    narrowed[name] = given
            values.append((value, f"?{narrowed.urlencode()}", chosen))
        if values:
            shown.append((facet, values))
    return shown


class CaseListView(PublicListView):
    model = Case
    filterset_class = filters.CaseFilter
    template_name = "proceedings/case_list.html"
    ordering = Case._meta.ordering

    def get_queryset(self):
        return super().get_queryset().with_court().order_by(*self.ordering)


class PartyListView(PublicListView):
    model = Party
    filterset_class = filters.PartyFilter
    template_name = "proceedings/party_list.html"
    ordering = ["name", "id"]

    def get_queryset(self):
        return super().get_queryset().with_case_count().order_by(*self.ordering)


NEWEST = F("date").desc(nulls_last=True)
OLDEST = F("date").asc(nulls_last=True)


class RulingListView(PublicListView):
    model = Ruling
    filterset_class = filters.RulingFilter
    template_name = "proceedings/ruling_list.html"
    sorts = {
        "newest": (gettext_lazy("newest first"), [NEWEST, "-id"]),
        "oldest": (gettext_lazy("oldest first"), [OLDEST, "id"]),
    }

    def get_queryset(self):
        return super().get_queryset().with_case()


class SanctionListView(PublicListView):
    model = Sanction
    filterset_class = filters.SanctionFilter
    template_name = "proceedings/sanction_list.html"
    sorts = {
        "newest": (
            gettext_lazy("newest first"),
            [F("ruling__date").desc(nulls_last=True), "-id"],
        ),
        "oldest": (
            gettext_lazy("oldest first"),
            [F("ruling__date").asc(nulls_last=True), "id"],
        ),
    }

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("ruling__case__court", "ruling__court", "party")
            .with_amounts()
        )


class CourtListView(CachedPageMixin, ListView):
    template_name = "proceedings/court_list.html"

    def get_queryset(self):
        return (
            Court.objects.published()
            .annotate(
                case_count=Count("cases", filter=Q(cases__in=Case.objects.published()))
            )
            .order_by("country", "name")
        )


class DrawsPictures:
    """A page or address with pictures: besides the data, they depend on the day
    (a pending proceeding runs up to today), so the cached answer does too."""

    def cache_variant(self):
        return timezone.localdate().isoformat()

    def figure(self, draw, record, url_name, words):
        """``draw``'s picture of ``record`` for the page, with its own address
        (``url_name``) and the id of the section saying the same in ``words``;
        None when there is nothing to draw."""
        drawing = draw(record, self.request)
        if drawing is None:
            return None
        url = reverse(f"proceedings:{url_name}", args=[record.slug])
        return pictures.figure(drawing, self.request, url, words)


class PictureView(DrawsPictures, CachedPageMixin, DetailView):
    """A picture at its own address, as a standalone SVG document to embed:
    ``draw(record, request)`` makes it, or returns None when the record has
    nothing to draw (a 404: the address does not exist for it)."""

    draw = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        drawing = type(self).draw(self.object, request)
        if drawing is None:
            raise Http404(_("There is no such picture for this record."))
        return HttpResponse(drawing.document(), content_type=pictures.MEDIA_TYPE)


class PartyTimelineSVG(PictureView):
    draw = timeline_picture.draw

    def get_queryset(self):
        return Party.objects.published().with_proceedings()


class PartyNetworkSVG(PictureView):
    draw = network.draw  # reads the links itself

    def get_queryset(self):
        return Party.objects.published()


class CaseAppealsSVG(PictureView):
    draw = appeals.draw  # walks the chain itself

    def get_queryset(self):
        return Case.objects.published()


class CaseDetailView(DrawsPictures, CachedPageMixin, DetailView):
    template_name = "proceedings/case_detail.html"

    def get_queryset(self):
        return Case.objects.published().with_details()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        roles = {}
        for participation in case.participations.all():
            roles.setdefault(participation.get_role_display(), []).append(participation)
        charges = list(case.charges.all())
        accused = {a.party_id for charge in charges for a in charge.accused.all()}
        statements = list(case.statements.all())
        context.update(
            roles=roles,
            charges=charges,
            replies=[s for s in statements if s.party_id in accused],
            other_statements=[s for s in statements if s.party_id not in accused],
            sanctions=case.rulings_sanctions(),
            timeline=case_timeline(case),
            sources=list(case.sources.all()),
        )
        context["appeals_figure"] = self.figure(
            appeals.draw, case, "case-appeals-svg", "related"
        )
        return context


class PartyDetailView(DrawsPictures, CachedPageMixin, DetailView):
    template_name = "proceedings/party_detail.html"

    def get_queryset(self):
        return Party.objects.published().with_details()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        party = self.object
        context.update(
            local_name=party.name_for_readers(),
            relationships=party.relationships_from_here(),
            timeline=party_timeline(party),
            charges=list(party.accusations.all()),
            events=list(party.events.all()),
            sanctions=list(party.sanctions.all()),
            statements=list(party.statements.all()),
        )
        context["timeline_figure"] = self.figure(
            timeline_picture.draw, party, "party-timeline-svg", "proceedings"
        )
        context["network_figure"] = self.figure(
            network.draw, party, "party-network-svg", "relationships"
        )
        return context


class CourtDetailView(CachedPageMixin, DetailView):
    template_name = "proceedings/court_detail.html"

    def get_queryset(self):
        return (
            Court.objects.published()
            .select_related("parent")
            .prefetch_related("other_names")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases = Case.objects.published().filter(court=self.object).with_court()
        context["page"] = Paginator(cases.order_by(*Case._meta.ordering), 50).get_page(
            self.request.GET.get("page")
        )
        return context


class SearchView(CachedPageMixin, TemplateView):
    """/search/?q=…: the same ranked search as /api/v1/search/."""

    template_name = "proceedings/search.html"
    paginate_by = 20
    single_parameters = ("q", "page")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "")
        types = [t for t in self.request.GET.getlist("type") if t]
        context.update(query=q, types=types, type_choices=search.ResultType.choices)
        if "q" not in self.request.GET:
            return context  # the empty search form
        try:
            results = search.search(q, types=types)
        except search.SearchQueryError as error:
            context["error"] = str(error)
            return context
        page = Paginator(results.hits, self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(results=results, page=page)
        suggestion = search.did_you_mean(results)
        if suggestion:
            # The same search (its types kept) for the suggested spelling.
            params = self.request.GET.copy()
            params["q"] = suggestion
            params.pop("page", None)
            context.update(suggestion=suggestion, suggestion_query=params.urlencode())
        return context

    def render_to_response(self, context, **kwargs):
        kwargs.setdefault("status", 400 if context.get("error") else 200)
        return super().render_to_response(context, **kwargs)


class DataView(TemplateView):
    """/data/: the bulk downloads, each with its format, size, records and
    SHA-256, the data version and time of the build, and the licence."""

    template_name = "proceedings/data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        manifest = exports.ensure_current()
        if manifest is not None:
            # The manifest names each file's format in English; the page says it
            # in the reader's language.
            manifest = {
                **manifest,
                "files": [
                    {**entry, "format": _(entry["format"])}
                    for entry in manifest["files"]
                ],
            }
        context["manifest"] = manifest
        context["rebuilding"] = manifest is None
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["rebuilding"]:
            response["Retry-After"] = str(REBUILD_RETRY_AFTER)
        return response


REBUILD_RETRY_AFTER = 30  # seconds a client is asked to wait for a rebuild


def data_file(request, name):
    """/data/<file>: one file of the current set. While a rebuild catches up with
    an edit, a 503 asking the client to come back (never an older file)."""
    if name not in exports.FILES:
        raise Http404(_("There is no such download."))
    manifest = exports.ensure_current()
    try:
        file = open(manifest["folder"] / name, "rb")  # noqa: SIM115 (Django closes it)
    except (TypeError, FileNotFoundError):
        # no current set, or a newer one replaced it since the manifest was read
        response = HttpResponse(
            _("The downloads are being rebuilt after an edit; try again shortly."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(REBUILD_RETRY_AFTER)
        return response
    entry = next(f for f in manifest["files"] if f["name"] == name)
    response = FileResponse(
        file, as_attachment=True, filename=name, content_type=entry["media_type"]
    )
    response["ETag"] = f'"{entry["sha256"]}"'
    response["Cache-Control"] = "no-cache"  # revalidate: the data may change
    return response
