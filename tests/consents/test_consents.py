"""Consents (152-ФЗ): the region's text in versions, paper consent entered with its scan,
consent accepted online, withdrawal, the people without consent and their printable forms."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from profrost.consents import selectors, services
from profrost.consents.models import Consent, ConsentMethod
from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.home import task_groups
from tests import factories

TEXT = {
    "title": "Согласие на обработку персональных данных",
    "operator": "ЦНППМ, г. Северогорск",
    "purposes": "Учёт педагогических работников.",
    "body": "Перечень данных: ФИО, дата рождения.\nСогласие действует до отзыва.",
}


def scan(name="consent.pdf", content=b"%PDF-1.4 signed"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def text(region, regional_admin):
    return services.save_text(by=regional_admin, region=region, **TEXT)


@pytest.fixture
def teacher_a(two_orgs):
    return factories.teacher_user(two_orgs["person_a"])


def test_each_text_change_is_a_new_version_by_the_regional_admin_only(
    region, regional_admin, org_admin_a, text
):
    second = services.save_text(by=regional_admin, region=region, **{**TEXT, "body": "Новая."})

    assert (text.version, second.version) == (1, 2)
    assert selectors.current_text(region) == second
    with pytest.raises(PermissionDenied):
        services.save_text(by=org_admin_a, region=region, **TEXT)
    with pytest.raises(ValidationError) as error:
        services.save_text(by=regional_admin, region=region, **{**TEXT, "purposes": " "})
    assert error.value.message_dict == {"purposes": ["Заполните поле."]}


def test_school_enters_a_signed_paper_once(two_orgs, org_admin_a, text):
    person = two_orgs["person_a"]
    consent = services.record_paper(
        person, by=org_admin_a, given_on=date(2026, 11, 20), scan=scan()
    )

    assert (consent.method, consent.text, consent.recorded_by) == (
        ConsentMethod.PAPER,
        text,
        org_admin_a,
    )
    assert consent.scan.name.endswith(".pdf")
    assert AuditEntry.objects.filter(
        action="consents.consent.given", object_id=str(consent.pk)
    ).exists()
    with pytest.raises(ValidationError, match="уже есть действующее согласие от 20.11.2026"):
        services.record_paper(person, by=org_admin_a, given_on=date(2026, 11, 21), scan=scan())


def test_paper_consent_refuses_other_schools_bad_dates_and_files(two_orgs, org_admin_a, text):
    with pytest.raises(PermissionDenied):
        services.record_paper(
            two_orgs["person_b"], by=org_admin_a, given_on=date(2026, 11, 20), scan=scan()
        )
    person = two_orgs["person_a"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    cases = [
        ({"given_on": tomorrow, "scan": scan()}, "не может быть в будущем"),
        ({"given_on": date(1970, 1, 1), "scan": scan()}, "раньше даты рождения"),
        ({"given_on": date(2026, 11, 20), "scan": scan("x.exe")}, "«.exe» не принимаются"),
        ({"given_on": date(2026, 11, 20), "scan": None}, "Загрузите скан"),
    ]
    for arguments, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.record_paper(person, by=org_admin_a, **arguments)
    assert not Consent.objects.exists()


def test_no_consent_without_the_regions_text(two_orgs, org_admin_a):
    with pytest.raises(ValidationError, match="не утвердил текст согласия"):
        services.record_paper(
            two_orgs["person_a"], by=org_admin_a, given_on=date(2026, 11, 20), scan=scan()
        )


def test_person_accepts_the_text_they_read(region, regional_admin, teacher_a, text):
    consent = services.accept_online(teacher_a, text_id=text.pk)

    assert consent.method == ConsentMethod.ONLINE
    assert consent.given_on == timezone.localdate()
    consent.delete()
    newer = services.save_text(by=regional_admin, region=region, **TEXT)
    with pytest.raises(ValidationError, match="Текст согласия обновился"):
        services.accept_online(teacher_a, text_id=text.pk)
    assert services.accept_online(teacher_a, text_id=newer.pk).text == newer


def test_withdrawal_by_the_person_or_the_school_with_a_reason(
    two_orgs, org_admin_a, teacher_a, text
):
    consent = services.accept_online(teacher_a, text_id=text.pk)
    outsider = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])

    with pytest.raises(PermissionDenied):
        services.withdraw(consent, by=outsider)
    with pytest.raises(ValidationError) as error:
        services.withdraw(consent, by=org_admin_a, note="")
    assert "note" in error.value.message_dict
    services.withdraw(consent, by=teacher_a)

    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert selectors.in_force(two_orgs["person_a"]) is None
    assert AuditEntry.objects.filter(action="consents.consent.withdrawn").count() == 1
    with pytest.raises(ValidationError, match="уже отозвано"):
        services.withdraw(consent, by=teacher_a)
    # Given again after a withdrawal: the history keeps both.
    services.accept_online(teacher_a, text_id=text.pk)
    assert Consent.objects.filter(person=two_orgs["person_a"]).count() == 2


def test_missing_list_and_task_hold_the_schools_people_without_consent_only(
    client, two_orgs, org_admin_a, text
):
    colleague = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    services.record_paper(colleague, by=org_admin_a, given_on=date(2026, 11, 20), scan=scan())

    client.force_login(org_admin_a)
    page = client.get("/consents/missing/").content.decode()

    assert "Альфина" in page
    assert colleague.last_name not in page
    assert "Бетова" not in page
    groups = {group.key: group for group in task_groups(org_admin_a)}
    missing = groups["consent-missing"]
    assert [task.title for task in missing.tasks] == [two_orgs["person_a"].full_name]
    assert missing.tasks[0].url == f"/consents/people/{two_orgs['person_a'].pk}/"


def test_a_person_without_consent_is_asked_on_the_home_page(teacher_a, text):
    assert "my-consent" in {group.key for group in task_groups(teacher_a)}

    services.accept_online(teacher_a, text_id=text.pk)

    assert "my-consent" not in {group.key for group in task_groups(teacher_a)}


def test_printed_forms_are_filled_for_the_chosen_people_in_reach_only(
    client, two_orgs, org_admin_a, text
):
    client.force_login(org_admin_a)
    ids = [two_orgs["person_a"].pk, two_orgs["person_b"].pk]
    response = client.post("/consents/print/", {"ids": ids})

    assert response.status_code == 200
    document = Document(BytesIO(response.content))
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert two_orgs["person_a"].full_name in body
    assert "17.05.1980" in body
    assert "Учёт педагогических работников." in body
    assert "Редакция текста № 1." in body
    assert two_orgs["person_b"].full_name not in body
    assert AuditEntry.objects.filter(action="consents.forms.printed").exists()


def test_pages_of_a_person_and_the_scan_stay_in_scope(client, two_orgs, org_admin_a, text):
    consent = services.record_paper(
        two_orgs["person_a"], by=org_admin_a, given_on=date(2026, 11, 20), scan=scan()
    )
    outsider = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])

    client.force_login(org_admin_a)
    page = client.get(f"/consents/people/{two_orgs['person_a'].pk}/").content.decode()
    assert "Действует согласие от <strong>20.11.2026</strong>" in page
    assert client.get(f"/consents/{consent.pk}/scan/").status_code == 200
    assert (
        client.get(f"/registry/people/{two_orgs['person_a'].pk}/")
        .content.decode()
        .count("Согласие на обработку ПДн")
        == 1
    )

    client.force_login(outsider)
    assert client.get(f"/consents/people/{two_orgs['person_a'].pk}/").status_code == 404
    assert client.get(f"/consents/{consent.pk}/scan/").status_code == 404
    assert client.get(f"/consents/{consent.pk}/withdraw/").status_code == 404


def test_paper_consent_through_the_page(client, two_orgs, org_admin_a, text):
    client.force_login(org_admin_a)
    url = f"/consents/people/{two_orgs['person_a'].pk}/"

    refused = client.post(url, {"given_on": "2030-01-01", "scan": scan()})
    assert "не может быть в будущем" in refused.content.decode()
    response = client.post(url, {"given_on": "2026-11-20", "scan": scan()})

    assert response.status_code == 302
    assert selectors.in_force(two_orgs["person_a"]).given_on == date(2026, 11, 20)


def test_the_person_gives_and_withdraws_on_their_own_page(client, teacher_a, text):
    client.force_login(teacher_a)
    page = client.get("/consents/my/").content.decode()
    assert "Учёт педагогических работников." in page

    assert (
        "Отметьте согласие" in client.post("/consents/my/", {"text_id": text.pk}).content.decode()
    )
    client.post("/consents/my/", {"text_id": text.pk, "agree": "on"})
    consent = selectors.in_force(teacher_a.person)
    assert consent is not None

    assert client.get(f"/consents/{consent.pk}/withdraw/").status_code == 200
    assert client.post(f"/consents/{consent.pk}/withdraw/").status_code == 302
    assert selectors.in_force(teacher_a.person) is None


def test_texts_page_lets_only_the_regional_admin_approve(client, regional_admin, org_admin_a):
    client.force_login(org_admin_a)
    assert "Новая редакция" not in client.get("/consents/texts/").content.decode()

    client.force_login(regional_admin)
    response = client.post("/consents/texts/", TEXT)

    assert response.status_code == 302
    assert "№ 1" in client.get("/consents/texts/").content.decode()


# «Мои данные» --------------------------------------------------------------------------------


def test_my_data_holds_every_kind_of_record_of_the_person_and_nobody_elses(
    client, two_orgs, org_admin_a, teacher_a, text
):
    from profrost.consents import mydata

    person, other = two_orgs["person_a"], two_orgs["person_b"]
    services.accept_online(teacher_a, text_id=text.pk)
    client.force_login(org_admin_a)
    client.get(f"/registry/people/{person.pk}/")  # the card opened: the person sees it
    client.force_login(teacher_a)

    found = {section.title: section for section in mydata.sections(person)}

    # Every model that points at a person has its section.
    for model, _link in mydata.person_links():
        title = str(model._meta.verbose_name_plural)
        assert any(name.startswith(title) for name in found), title
    assert found["Места работы"].rows
    assert found["Аттестации"].rows
    assert found["Согласия на обработку персональных данных"].rows
    assert found["Учётная запись"].rows[0][0] == teacher_a.username
    assert found["Кто открывал ваши данные"].rows[0][1] == mydata.actor_name(org_admin_a)
    flat = str([section.rows for section in found.values()])
    assert "Альфина" in flat
    assert "Бетова" not in flat
    assert other.snils not in flat

    response = client.get("/consents/my/data/?format=json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["person"] == person.full_name
    assert "Бетова" not in response.content.decode()
    xlsx = client.get("/consents/my/data/?format=xlsx")
    assert xlsx["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(action="consents.mydata.downloaded").count() == 2
    assert "Места работы" in client.get("/consents/my/data/").content.decode()


def test_my_data_is_for_a_person_only(client, regional_admin):
    client.force_login(regional_admin)
    assert client.get("/consents/my/data/").status_code == 404
