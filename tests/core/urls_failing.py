"""The site's URLs and error handlers, with pages that fail: for tests/core/test_error_pages.py."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from profrost.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fails(request):
    raise RuntimeError("the page failed")


def suspicious(request):
    raise SuspiciousOperation("a request not to be trusted")


urlpatterns = [
    path("test-failing/", fails),
    path("test-suspicious/", suspicious),
    *urlpatterns,
]
