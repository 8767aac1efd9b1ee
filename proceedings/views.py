"""Public pages. Every queryset starts from published()."""

from django.views.generic import DetailView, TemplateView

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
