from datetime import date
from decimal import Decimal

import factory

from profrost.staffing.models import Vacancy
from tests import factories


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    organization = factory.SubFactory(factories.OrganizationFactory)
    position = factory.LazyFunction(factories.position)
    subject = factory.LazyFunction(factories.subject)
    hours = Decimal(18)
    opened_on = date(2025, 9, 1)
    contact = "Приёмная: +7 (800) 000-00-00"
