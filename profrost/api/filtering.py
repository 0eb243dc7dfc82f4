"""The API's filter backend: django-filter's, with the project's filter set base.

Kept apart from `api.base`: DRF imports the filter backends while `rest_framework.generics`
loads, which `api.base` itself imports.
"""

from django_filters.rest_framework import DjangoFilterBackend

from profrost.core.filters import FilterSet


class FilterBackend(DjangoFilterBackend):
    # A viewset's `filterset_fields` build its filter set on this base, so their numbers are
    # held to the database's range too.
    filterset_base = FilterSet
