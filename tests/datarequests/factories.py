from datetime import timedelta

import factory
from django.utils import timezone

from profrost.datarequests import models
from tests.factories import MunicipalityFactory, OrganizationFactory


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


class DataRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DataRequest

    title = factory.Sequence(lambda n: f"Сведения о наставничестве {n}")
    level = models.RequestLevel.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(lambda request: request.municipality.region)
    deadline = factory.LazyFunction(lambda: in_days(14))


class RequestFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RequestField

    request = factory.SubFactory(DataRequestFactory)
    order = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"Число педагогов {n}")
    kind = models.FieldKind.INTEGER


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RequestRecipient

    request = factory.SubFactory(DataRequestFactory)
    organization = factory.SubFactory(OrganizationFactory)


def sent(data_request):
    """Marks a request built by the factories as sent, as services.send_request would."""
    data_request.status = models.RequestStatus.SENT
    data_request.sent_at = timezone.now()
    data_request.save(update_fields=["status", "sent_at"])
    return data_request


def answer(recipient, field, **columns):
    return models.RequestAnswer.objects.create(recipient=recipient, field=field, **columns)
