"""Diagnostics URLs, one list per area so that each area's views stay in their own module."""

from .campaigns import urlpatterns as campaigns
from .deficits import urlpatterns as deficits
from .imports import urlpatterns as imports
from .instruments import urlpatterns as instruments

app_name = "diagnostics"

urlpatterns = [*instruments, *campaigns, *deficits, *imports]
