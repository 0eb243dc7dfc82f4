"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of data requests: a sent
request of the organization's municipality with a field, the organization as its recipient and an
answer; a user of another organization must never reach them."""

from profrost.datarequests.models import DataRequest, RequestField, RequestRecipient
from tests.datarequests.factories import (
    DataRequestFactory,
    RecipientFactory,
    RequestFieldFactory,
    answer,
    sent,
)


def extend(objects, user):
    organization = objects["organization"]
    municipality = organization.municipality
    data_request = sent(
        DataRequestFactory(
            title=f"Запрос {organization.short_name}",
            municipality=municipality,
            region=municipality.region,
        )
    )
    field = RequestFieldFactory(request=data_request, label="Число педагогов-наставников")
    recipient = RecipientFactory(request=data_request, organization=organization)
    answer(recipient, field, number=4)
    objects.update(
        {
            DataRequest: data_request,
            RequestField: field,
            RequestRecipient: recipient,
            "field": field,
        }
    )
