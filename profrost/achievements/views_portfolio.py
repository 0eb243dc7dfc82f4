"""A person's portfolio: the page, its print view and its XLSX export; «Моё портфолио»."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View, generic

from profrost.core import audit
from profrost.core.exporters import xlsx_response
from profrost.core.roles import Perm
from profrost.core.views import get_scoped_or_404
from profrost.registry.models import Attestation, Employment, Person

from . import portfolio
from .exporters import portfolio_xlsx


def person_head(person):
    """Who the person is now: current jobs, the category in force, a young specialist or not."""
    today = timezone.localdate()
    jobs = (
        Employment.objects.active(today)
        .filter(person=person)
        .select_related("organization", "position")
        .order_by("-is_main", "-start_date")
    )
    category = (
        Attestation.objects.filter(person=person)
        .in_force(today)
        .order_by("-decision_date", "-pk")
        .first()
    )
    return {
        "jobs": list(jobs),
        "category": category.get_category_display() if category else "",
        "young": person.is_young_specialist(today),
        "today": today,
    }


class PortfolioView(generic.TemplateView):
    template_name = "achievements/portfolio.html"

    def get(self, request, *args, **kwargs):
        self.person = get_scoped_or_404(
            Person, request.user, kwargs["person_pk"], Perm.VIEW_NETWORK
        )
        self.sections = portfolio.build(self.person, request.user)
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        head = person_head(self.person)
        organization = head["jobs"][0].organization if head["jobs"] else ""
        audit.log(self.request.user, "achievements.portfolio.exported", self.person)
        content = portfolio_xlsx(self.person, organization, self.sections)
        return xlsx_response(f"portfolio_{self.person.pk}", content)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            person_head(self.person),
            person=self.person,
            sections=self.sections,
            summary=portfolio.summary(self.sections),
            own=self.request.user.person_id == self.person.pk,
            title=_("Портфолио: %(person)s") % {"person": self.person.full_name},
            return_to=reverse("achievements:portfolio", args=[self.person.pk]),
        )
        return context


class PortfolioPrintView(PortfolioView):
    template_name = "achievements/portfolio_print.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit.log(request.user, "achievements.portfolio.printed", self.person)
        return response


class MyPortfolioView(View):
    """«Моё портфолио»: the portfolio of the user's own person record."""

    def get(self, request):
        if request.user.person_id:
            return redirect("achievements:portfolio", person_pk=request.user.person_id)
        messages.info(
            request,
            _(
                "Ваша учётная запись не связана с карточкой работника, поэтому своего "
                "портфолио у вас нет. Портфолио работников открываются из списка экспертов, "
                "участников конкурсов и авторов публикаций."
            ),
        )
        return redirect("home")
