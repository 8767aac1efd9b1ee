"""Public pages. Every queryset starts from published()."""

from django.core.paginator import Paginator
from django.views.generic import DetailView, TemplateView

from . import search
from .models import Case, Court, Party


class HomeView(TemplateView):
    template_name = "proceedings/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cases"] = Case.objects.published().select_related("court")
        context["party_count"] = Party.objects.published().count()
        return context


class CaseDetailView(DetailView):
    template_name = "proceedings/case_detail.html"

    def get_queryset(self):
        return Case.objects.published().select_related("court")


class PartyDetailView(DetailView):
    template_name = "proceedings/party_detail.html"

    def get_queryset(self):
        return Party.objects.published()


class CourtDetailView(DetailView):
    template_name = "proceedings/court_detail.html"

    def get_queryset(self):
        return Court.objects.published()


class SearchView(TemplateView):
    """/search/?q=…: the same ranked search as /api/v1/search/."""

    template_name = "proceedings/search.html"
    paginate_by = 20

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
        return context

    def render_to_response(self, context, **kwargs):
        kwargs.setdefault("status", 400 if context.get("error") else 200)
        return super().render_to_response(context, **kwargs)
