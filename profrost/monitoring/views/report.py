"""The analytical report (аналитическая справка) of a scope in a computed period as DOCX."""

from urllib.parse import quote

from django.http import Http404, HttpResponse

from profrost.core import audit

from .. import selectors
from ..report import DOCX_CONTENT_TYPE, build_report, report_filename
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
        response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
        filename = report_filename(period, scope)
        response["Content-Disposition"] = (
            f'attachment; filename="report-{period.pk}-{scope.level}-{scope.pk}.docx"; '
            f"filename*=UTF-8''{quote(filename)}"
        )
        return response


report_docx = ReportView.as_view()
