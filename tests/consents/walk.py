"""The URL walk's objects of consents: the region's text and the consent of the opponent's
person (with a scan)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from profrost.consents.models import Consent, ConsentMethod, ConsentText


def extend(objects, user):
    person = objects["person"]
    region = objects["organization"].municipality.region
    text = ConsentText.objects.filter(region=region).first() or ConsentText.objects.create(
        region=region, version=1, title="Согласие", operator="ЦНППМ", purposes="Учёт", body="Текст"
    )
    objects[Consent] = Consent.objects.create(
        person=person,
        text=text,
        method=ConsentMethod.PAPER,
        given_on=date(2026, 11, 20),
        scan=SimpleUploadedFile("walk.pdf", b"%PDF-1.4"),
    )
