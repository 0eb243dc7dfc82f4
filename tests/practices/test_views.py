"""Pages of practices: who sees and changes what (owner, in-scope non-owner, outsider), the
forms with their Russian messages, the expert's sheet, the list exports and query counts."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.practices.models import Practice, PracticeStatus
from profrost.practices.validators import MAX_UPLOAD_MB
from tests import factories
from tests.practices.factories import (
    DisseminationFactory,
    PracticeFactory,
    ReviewFactory,
    completed_review,
    days_ago,
    teacher,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def login(client, user):
    client.force_login(user)
    return client


# Scoping: owner, in-scope non-owner, outsider ---------------------------------------------------


@pytest.mark.parametrize("who", ["author_user", "admin_a", "methodist_a", "regional"])
def test_practice_page_opens_for_the_author_and_the_managers_around_it(client, bank, who):
    response = login(client, bank[who]).get(f"/practices/{bank['practice'].pk}/")

    assert response.status_code == 200
    assert "Листы самопроверки на уроках математики" in response.content.decode()


@pytest.mark.parametrize("who", ["teacher_b", "admin_b"])
def test_practice_page_is_not_found_for_an_outsider(client, bank, who):
    response = login(client, bank[who]).get(f"/practices/{bank['practice'].pk}/")

    assert response.status_code == 404


def test_practice_list_shows_only_the_practices_in_scope(client, bank):
    PracticeFactory(title="Практика школы Б", organization=bank["org_b"])

    own = login(client, bank["author_user"]).get("/practices/").content.decode()
    outsider = login(client, bank["admin_b"]).get("/practices/").content.decode()

    assert ("Листы самопроверки" in own, "Практика школы Б" in own) == (True, False)
    assert ("Листы самопроверки" in outsider, "Практика школы Б" in outsider) == (False, True)


def test_practice_edit_is_forbidden_to_a_colleague_who_only_sees_it(client, bank):
    colleague = teacher(bank["org_a"], last_name="Коллегова")
    ReviewFactory(practice=bank["practice"], expert=colleague)

    response = login(client, factories.teacher_user(colleague)).get(
        f"/practices/{bank['practice'].pk}/edit/"
    )

    assert response.status_code == 403


def test_practice_edit_after_the_expertise_started_sends_the_author_back(client, bank):
    practice = bank["practice"]
    practice.status = PracticeStatus.EXPERTISE
    practice.save()

    response = login(client, bank["author_user"]).get(f"/practices/{practice.pk}/edit/")

    assert response.status_code == 302
    assert response["Location"] == f"/practices/{practice.pk}/"


# Submitting -------------------------------------------------------------------------------------


def practice_form(bank, **changes):
    return {
        "title": "Кейс-метод на уроках обществознания",
        "kind": "pedagogical",
        "level": "municipal",
        "organization": bank["org_a"].pk,
        "description": "Кейсы из жизни района на уроках обществознания.",
        "results": "",
        "link": "",
        **changes,
    }


def test_teacher_submits_their_own_practice(client, bank):
    upload = SimpleUploadedFile("кейсы.pdf", b"%PDF-1.4 demo", content_type="application/pdf")

    response = login(client, bank["author_user"]).post(
        "/practices/new/", practice_form(bank, file=upload)
    )

    practice = Practice.objects.get(title="Кейс-метод на уроках обществознания")
    assert response.status_code == 302
    assert (practice.main_author, practice.submitted_by, practice.status) == (
        bank["person_a"],
        bank["author_user"],
        PracticeStatus.SUBMITTED,
    )
    download = client.get(f"/practices/{practice.pk}/file/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"%PDF-1.4 demo")


def test_submit_refuses_a_file_of_another_type(client, bank):
    upload = SimpleUploadedFile("script.exe", b"MZ", content_type="application/octet-stream")

    response = login(client, bank["author_user"]).post(
        "/practices/new/", practice_form(bank, file=upload)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Файлы с расширением «exe» не принимаются. Допустимые форматы: pdf, doc, docx, odt, "
        "rtf, txt, xls, xlsx, ods, ppt, pptx, odp, jpg, jpeg, png, zip."
    ]


def test_submit_refuses_a_file_over_the_limit(client, bank):
    big = SimpleUploadedFile("big.pdf", b"0" * (MAX_UPLOAD_MB * 1024 * 1024 + 1))

    response = login(client, bank["author_user"]).post(
        "/practices/new/", practice_form(bank, file=big)
    )

    assert response.context["form"].errors["file"] == [
        f"Файл больше {MAX_UPLOAD_MB} МБ: уменьшите его или разместите по ссылке."
    ]


def test_submit_for_an_organization_out_of_reach_is_refused(client, bank):
    response = login(client, bank["author_user"]).post(
        "/practices/new/", practice_form(bank, organization=bank["org_b"].pk)
    )

    assert response.context["form"].errors["organization"] == [
        "Выберите корректный вариант. Вашего варианта нет среди допустимых значений."
    ]


def test_practice_file_is_not_found_for_an_outsider(client, bank):
    practice = bank["practice"]
    practice.file = SimpleUploadedFile("a.pdf", b"%PDF")
    practice.save()

    response = login(client, bank["admin_b"]).get(f"/practices/{practice.pk}/file/")

    assert response.status_code == 404


# Expertise pages --------------------------------------------------------------------------------


def test_methodist_names_experts_on_the_page(client, bank):
    practice = bank["practice"]

    response = login(client, bank["methodist_a"]).post(
        f"/practices/{practice.pk}/experts/",
        {"experts": [bank["expert_1"].pk, bank["expert_2"].pk]},
    )

    practice.refresh_from_db()
    assert response.status_code == 302
    assert (practice.status, practice.reviews.count()) == (PracticeStatus.EXPERTISE, 2)


def test_experts_page_is_forbidden_to_the_author(client, bank):
    response = login(client, bank["author_user"]).get(f"/practices/{bank['practice'].pk}/experts/")

    assert response.status_code == 403


def test_expert_fills_their_sheet_from_my_reviews(client, bank):
    practice = bank["practice"]
    practice.status = PracticeStatus.EXPERTISE
    practice.save()
    review = ReviewFactory(practice=practice, expert=bank["expert_1"])
    login(client, bank["expert_1_user"])

    listed = client.get("/practices/my-reviews/")
    response = client.post(
        f"/practices/reviews/{review.pk}/",
        {
            "relevance": "3",
            "novelty": "3",
            "effectiveness": "2",
            "replicability": "2",
            "elaboration": "2",
            "recommendation": "include",
            "comment": "",
        },
    )

    review.refresh_from_db()
    assert list(listed.context["waiting"]) == [review]
    assert response.status_code == 302
    assert (review.total, review.recommendation) == (12, "include")


def test_sheet_of_another_expert_is_forbidden_to_a_colleague_who_sees_it(client, bank):
    review = ReviewFactory(practice=bank["practice"], expert=bank["expert_1"])

    response = login(client, bank["methodist_a"]).get(f"/practices/reviews/{review.pk}/")

    assert response.status_code == 403


def test_sheet_of_another_expert_is_not_found_for_an_outsider(client, bank):
    review = ReviewFactory(practice=bank["practice"], expert=bank["expert_1"])

    response = login(client, bank["teacher_b"]).get(f"/practices/reviews/{review.pk}/")

    assert response.status_code == 404


def test_expert_from_elsewhere_opens_the_sheet_and_the_file(client, bank):
    practice = bank["practice"]
    practice.status = PracticeStatus.EXPERTISE
    practice.file = SimpleUploadedFile("a.pdf", b"%PDF")
    practice.save()
    review = ReviewFactory(practice=practice, expert=bank["person_b"])
    login(client, bank["teacher_b"])

    assert client.get(f"/practices/reviews/{review.pk}/").status_code == 200
    assert client.get(f"/practices/{practice.pk}/file/").status_code == 200
    assert client.get(f"/practices/{practice.pk}/").status_code == 200


def test_include_page_shows_the_refusal(client, bank):
    practice = bank["practice"]
    practice.status = PracticeStatus.EXPERTISE
    practice.save()
    completed_review(practice, (3, 3, 3, 3, 3), expert=bank["expert_1"])

    response = login(client, bank["methodist_a"]).post(
        f"/practices/{practice.pk}/include/", {"included_on": days_ago(0).strftime("%d.%m.%Y")}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Для включения в банк нужно не менее 2 заполненных листов оценки; заполнено: 1."
    ]


def test_include_page_puts_the_practice_in_the_bank(client, bank):
    practice = bank["practice"]
    practice.status = PracticeStatus.EXPERTISE
    practice.save()
    completed_review(practice, (3, 3, 3, 3, 3), expert=bank["expert_1"])
    completed_review(practice, (2, 2, 2, 2, 2), expert=bank["expert_2"])

    response = login(client, bank["methodist_a"]).post(
        f"/practices/{practice.pk}/include/",
        {"included_on": days_ago(1).strftime("%d.%m.%Y"), "comment": ""},
    )

    practice.refresh_from_db()
    assert response.status_code == 302
    assert (practice.status, practice.included_on) == (PracticeStatus.IN_BANK, days_ago(1))


def test_author_sees_the_conclusions_without_names_after_the_decision(client, bank):
    practice = bank["practice"]
    practice.status = PracticeStatus.REJECTED
    practice.save()
    completed_review(practice, (1, 1, 1, 1, 1), expert=bank["expert_1"], recommendation="reject")

    content = login(client, bank["author_user"]).get(f"/practices/{practice.pk}/").content.decode()

    assert "Нужна доработка описания." in content
    assert bank["expert_1"].last_name not in content


def test_dissemination_page_records_the_event(client, bank):
    practice = PracticeFactory(
        organization=bank["org_a"], status=PracticeStatus.IN_BANK, included_on=days_ago(30)
    )

    response = login(client, bank["methodist_a"]).post(
        f"/practices/{practice.pk}/disseminations/new/",
        {
            "held_on": days_ago(2).strftime("%d.%m.%Y"),
            "kind": "talk",
            "title": "Августовская конференция",
            "level": "municipal",
            "url": "",
            "participants": "120",
        },
    )

    practice.refresh_from_db()
    assert response.status_code == 302
    assert practice.status == PracticeStatus.DISSEMINATED


def test_dissemination_without_event_needs_a_title(client, bank):
    practice = PracticeFactory(
        organization=bank["org_a"], status=PracticeStatus.IN_BANK, included_on=days_ago(30)
    )

    response = login(client, bank["methodist_a"]).post(
        f"/practices/{practice.pk}/disseminations/new/",
        {"held_on": days_ago(2).strftime("%d.%m.%Y"), "kind": "talk", "level": "municipal"},
    )

    assert response.context["form"].errors == {"title": ["Укажите мероприятие или издание."]}


# Export and query counts ------------------------------------------------------------------------


def test_practice_list_exports_xlsx_with_numbers(client, bank):
    practice = bank["practice"]
    practice.status = PracticeStatus.EXPERTISE
    practice.save()
    completed_review(practice, (3, 3, 3, 3, 2), expert=bank["expert_1"])
    completed_review(practice, (2, 2, 2, 2, 2), expert=bank["expert_2"])

    response = login(client, bank["methodist_a"]).get("/practices/?export=xlsx")

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    header = rows[0]
    row = dict(zip(header, rows[1], strict=True))
    assert (row["Практика"], row["Средний балл"], row["Заполнено листов оценки"]) == (
        "Листы самопроверки на уроках математики",
        12.0,
        2,
    )


def add_practices(bank, count):
    for _number in range(count):
        practice = PracticeFactory(organization=bank["org_a"], status=PracticeStatus.EXPERTISE)
        completed_review(practice, (2, 2, 2, 2, 2))
        ReviewFactory(practice=practice)
        practice.subjects.add(*practice.subjects.model.objects.all()[:2])
        DisseminationFactory(practice__organization=bank["org_a"])


@pytest.mark.parametrize("url", ["/practices/", "/practices/?export=xlsx"])
def test_practice_list_query_count_does_not_grow_with_rows(client, bank, url):
    login(client, bank["methodist_a"])
    add_practices(bank, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_practices(bank, 4)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_my_reviews_query_count_does_not_grow_with_rows(client, bank):
    login(client, bank["expert_1_user"])
    ReviewFactory(expert=bank["expert_1"], practice__organization=bank["org_a"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/practices/my-reviews/").status_code == 200
    for _number in range(4):
        ReviewFactory(expert=bank["expert_1"], practice__organization=bank["org_a"])
    with CaptureQueriesContext(connection) as many:
        client.get("/practices/my-reviews/")

    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("who", "status"), [("methodist_a", 200), ("admin_a", 403), ("admin_b", 404)]
)
def test_dissemination_edit_is_for_the_managers_of_the_practice(client, bank, who, status):
    dissemination = DisseminationFactory(practice__organization=bank["org_a"])

    response = login(client, bank[who]).get(f"/practices/disseminations/{dissemination.pk}/edit/")

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    # The author does not see the score sheets of their practice at all.
    [("methodist_a", 200), ("admin_a", 403), ("author_user", 404), ("admin_b", 404)],
)
def test_withdraw_page_is_for_the_managers_of_the_practice(client, bank, who, status):
    review = ReviewFactory(practice=bank["practice"], expert=bank["expert_1"])

    response = login(client, bank[who]).get(f"/practices/reviews/{review.pk}/withdraw/")

    assert response.status_code == status
