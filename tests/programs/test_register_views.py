"""The ФИС ФРДО pages: the pre-check with its links, the export's download, the document's page
and the printed document, each within the user's providers."""

from io import BytesIO

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from profrost.core.roles import Role
from profrost.programs.models import ExportBatch, FundingSource
from profrost.programs.register import COLUMNS
from tests import factories


def period(frdo):
    start, end = frdo["period"]
    return {
        "provider": frdo["provider"].pk,
        "issued_from": start.strftime("%d.%m.%Y"),
        "issued_to": end.strftime("%d.%m.%Y"),
    }


def test_the_precheck_lists_a_problem_with_its_fix_link(client, frdo):
    first = frdo["enrollments"][0]
    first.funding = None
    first.save()
    client.force_login(frdo["methodist"])

    response = client.get(reverse("programs:register_check"), period(frdo))

    assert response.status_code == 200
    assert [item.enrollment for item in response.context["refused"]] == [first]
    assert len(response.context["due"]) == 2
    assert reverse("programs:enrollment_document", args=[first.pk]) in response.text
    assert "Источник финансирования" in response.text


def test_the_precheck_opens_on_the_year_so_far_of_the_first_provider(client, frdo):
    client.force_login(frdo["methodist"])

    response = client.get(reverse("programs:register_check"))

    assert response.status_code == 200
    assert response.context["form"].cleaned_data["provider"] == frdo["provider"]


def test_the_precheck_is_refused_to_who_reports_for_no_provider(client, frdo):
    client.force_login(factories.user_with_role(Role.ORGANIZATION_ADMIN, frdo["org_a"]))

    assert client.get(reverse("programs:register_check")).status_code == 403


def test_a_provider_outside_the_users_is_not_offered(client, frdo):
    client.force_login(frdo["methodist"])
    data = {**period(frdo), "provider": frdo["org_a"].pk}

    response = client.post(reverse("programs:register_export"), data)

    assert response.status_code == 302
    assert ExportBatch.objects.count() == 0


def test_the_export_downloads_the_documents_that_pass(client, frdo):
    client.force_login(frdo["methodist"])

    response = client.post(reverse("programs:register_export"), period(frdo))

    sheet = load_workbook(BytesIO(response.content))["Шаблон ДПО"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(COLUMNS)
    assert [row[6] for row in rows[1:]] == [e.document_number for e in frdo["enrollments"]]


def test_the_document_page_fixes_the_funding(client, frdo):
    first = frdo["enrollments"][0]
    first.funding = None
    first.save()
    funding = FundingSource.objects.first()
    client.force_login(frdo["methodist"])
    url = reverse("programs:enrollment_document", args=[first.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}

    response = client.post(url, {**data, "funding": funding.pk})

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.funding == funding


def test_the_document_page_is_for_the_provider_side(client, frdo):
    admin = factories.user_with_role(Role.ORGANIZATION_ADMIN, frdo["org_a"])
    client.force_login(admin)

    url = reverse("programs:enrollment_document", args=[frdo["enrollments"][0].pk])
    assert client.get(url).status_code == 403


def test_the_printed_document_carries_series_number_and_registration_number(client, frdo):
    first = frdo["enrollments"][0]
    client.force_login(frdo["methodist"])

    response = client.get(reverse("programs:enrollment_certificate", args=[first.pk]))

    document = Document(BytesIO(response.content))
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert cells[:3] == [
        ["Серия", "ПК"],
        ["Номер", first.document_number],
        ["Регистрационный номер", first.registration_number],
    ]
    assert document.paragraphs[0].text == "УДОСТОВЕРЕНИЕ О ПОВЫШЕНИИ КВАЛИФИКАЦИИ"
