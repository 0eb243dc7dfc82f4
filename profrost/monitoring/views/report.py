"""The analytical report (аналитическая справка) of a scope in a computed period as DOCX."""

from django.http import Http404

from profrost.core import audit, documents

from .. import selectors
from ..report import build_report, report_filename
from .analysis import AnalysisView


class ReportView(AnalysisView):
    """GET `scope=level:id` like the dashboard (the broadest scope of the user when empty);
    a period or a scope outside the user's reach is 404."""

    def get(self, request, *args, **kwargs):
        period = self.period_from_path()
        scopes = selectors.visible_scopes(request.user, period)
        key = request.GET.get("scope")
        scope = selectors.scope_by_key(scopes, key) if key else selectors.default_scope(scopes)
        if scope is None:
            raise Http404
        content = build_report(period, scope, request.user)
        audit.log(
            request.user,
            "monitoring.report.exported",
            period,
            scope=scope.key,
            filters=request.GET.urlencode(),
        )
        return documents.docx_response(
            content,
            f"report-{period.pk}-{scope.level}-{scope.pk}.docx",
            report_filename(period, scope),
        )


report_docx = ReportView.as_view()
