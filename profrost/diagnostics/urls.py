"""Diagnostics URLs, one list per area so that each area's views stay in their own module."""

from .urls_campaigns import urlpatterns as campaigns
from .urls_deficits import urlpatterns as deficits
from .urls_import import urlpatterns as imports
from .urls_instruments import urlpatterns as instruments

app_name = "diagnostics"

urlpatterns = [*instruments, *campaigns, *deficits, *imports]
