"""Recommendations: written by hand, seen and answered by the addressee, reviewed by the issuer."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.monitoring import services
from profrost.monitoring.models import Recommendation, RecommendationStatus
from tests import factories
from tests.monitoring.test_rules import computed_period, store

D = Decimal


@pytest.fixture
def methodist_a(two_orgs):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])


@pytest.fixture
def org_admin_b(two_orgs):
    return factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])


@pytest.fixture
def period_a(region, two_orgs):
    period = computed_period(region, two_orgs["mun_a"])
    store(period, "young_supported_share", two_orgs["org_a"], 1, 4, 25)
    return period


def to_org_a(two_orgs, by, **changes):
    data = {
        "by": by,
        "title": "Закрепление наставников",
        "text": "Закрепите наставников за молодыми педагогами.",
        "organization": two_orgs["org_a"],
        **changes,
    }
    return services.create_recommendation(**data)


def detail(client, recommendation):
    return client.get(f"/monitoring/recommendations/{recommendation.pk}/")


def answer(client, recommendation, text="Наставники закреплены приказом № 5."):
    return client.post(f"/monitoring/recommendations/{recommendation.pk}/answer/", {"answer": text})


# Writing by hand -----------------------------------------------------------------------------


def test_recommendation_create_form_is_prefilled_from_the_query_string(
    client, two_orgs, methodist_a, period_a
):
    client.force_login(methodist_a)
    response = client.get(
        "/monitoring/recommendations/new/",
        {
            "period": period_a.pk,
            "indicator": "young_supported_share",
            "organization": two_orgs["org_a"].pk,
        },
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert (form.initial["period"], form.initial["organization"], form.initial["indicator"]) == (
        period_a.pk,
        two_orgs["org_a"].pk,
        "young_supported_share",
    )
    assert form.initial["title"] == (
        "Доля молодых педагогов, участвующих в различных формах поддержки и сопровождения: Школа А"
    )
    assert form.initial["text"] == (
        "По итогам периода «2026, I» значение показателя «Доля молодых педагогов, участвующих "
        "в различных формах поддержки и сопровождения» — 25 % при целевом значении 70 %.\n"
    )


def test_recommendation_create_form_ignores_an_organization_out_of_scope(
    client, two_orgs, methodist_a
):
    client.force_login(methodist_a)
    response = client.get(
        "/monitoring/recommendations/new/", {"organization": two_orgs["org_b"].pk}
    )
    assert "organization" not in response.context["form"].initial
    assert "Школа Б" not in response.content.decode()


def test_recommendation_create_by_the_methodist_stores_the_reading(
    client, two_orgs, methodist_a, period_a
):
    client.force_login(methodist_a)
    deadline = timezone.localdate() + timedelta(days=14)
    response = client.post(
        "/monitoring/recommendations/new/",
        {
            "organization": two_orgs["org_a"].pk,
            "period": period_a.pk,
            "indicator": "young_supported_share",
            "title": "Наставничество молодых педагогов",
            "text": "Закрепите наставников за тремя молодыми педагогами.",
            "deadline": deadline.strftime("%d.%m.%Y"),
        },
    )
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/monitoring/recommendations/{recommendation.pk}/"
    assert (
        recommendation.addressee_key,
        recommendation.value,
        recommendation.threshold,
        recommendation.deadline,
        recommendation.rule,
        recommendation.created_by,
    ) == (f"organization:{two_orgs['org_a'].pk}", D(25), D(70), deadline, "", methodist_a)
    assert AuditEntry.objects.filter(action="monitoring.recommendation.created").count() == 1


def test_recommendation_create_without_an_addressee_is_refused(client, methodist_a):
    client.force_login(methodist_a)
    response = client.post("/monitoring/recommendations/new/", {"title": "Тема", "text": "Текст"})
    assert response.status_code == 200
    assert "Укажите одного адресата" in response.content.decode()
    assert Recommendation.objects.count() == 0


def test_recommendation_create_service_refuses_an_addressee_out_of_scope(two_orgs, methodist_a):
    with pytest.raises(ValidationError) as error:
        to_org_a(two_orgs, methodist_a, organization=two_orgs["org_b"])
    assert error.value.message_dict == {
        "organization": ["Этот адресат вне вашей зоны ответственности."]
    }


def test_recommendation_create_municipal_methodist_cannot_address_a_municipality(
    two_orgs, methodist_a
):
    with pytest.raises(ValidationError):
        to_org_a(two_orgs, methodist_a, organization=None, municipality=two_orgs["mun_a"])


def test_recommendation_create_by_organization_admin_is_403(client, org_admin_a):
    client.force_login(org_admin_a)
    assert client.get("/monitoring/recommendations/new/").status_code == 403


def test_recommendation_create_with_a_past_deadline_is_refused(two_orgs, methodist_a):
    with pytest.raises(ValidationError) as error:
        to_org_a(two_orgs, methodist_a, deadline=date(2020, 1, 1))
    assert error.value.message_dict == {"deadline": ["Срок ответа не может быть в прошлом."]}


# Seeing and answering ------------------------------------------------------------------------


def test_recommendation_addressee_sees_it_in_the_inbox_and_answers(
    client, two_orgs, methodist_a, org_admin_a
):
    recommendation = to_org_a(two_orgs, methodist_a)
    client.force_login(org_admin_a)
    listing = client.get("/monitoring/recommendations/").content.decode()
    page = detail(client, recommendation).content.decode()
    response = answer(client, recommendation)
    recommendation.refresh_from_db()
    assert "Закрепление наставников" in listing
    assert "Ждут вашего ответа: 1 рекомендация" in listing
    assert "Ответить" in page
    assert response.status_code == 302
    assert (recommendation.status, recommendation.answer, recommendation.answered_by) == (
        RecommendationStatus.ANSWERED,
        "Наставники закреплены приказом № 5.",
        org_admin_a,
    )
    assert AuditEntry.objects.filter(action="monitoring.recommendation.answered").count() == 1


def test_recommendation_issuer_cannot_answer(client, two_orgs, methodist_a):
    recommendation = to_org_a(two_orgs, methodist_a)
    client.force_login(methodist_a)
    page = detail(client, recommendation).content.decode()
    assert "Ответить" not in page
    assert answer(client, recommendation).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.NEW


def test_recommendation_outsider_gets_404(client, two_orgs, methodist_a, org_admin_b):
    recommendation = to_org_a(two_orgs, methodist_a)
    client.force_login(org_admin_b)
    assert detail(client, recommendation).status_code == 404
    assert answer(client, recommendation).status_code == 404
    assert client.post(f"/monitoring/recommendations/{recommendation.pk}/close/").status_code == 404
    assert (
        "Закрепление наставников" not in client.get("/monitoring/recommendations/").content.decode()
    )


def test_recommendation_empty_answer_is_refused_on_the_page(
    client, two_orgs, methodist_a, org_admin_a
):
    recommendation = to_org_a(two_orgs, methodist_a)
    client.force_login(org_admin_a)
    response = answer(client, recommendation, text="  ")
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.NEW


def test_recommendation_to_a_person_is_answered_by_that_teacher_only(client, two_orgs, methodist_a):
    recommendation = to_org_a(two_orgs, methodist_a, organization=None, person=two_orgs["person_a"])
    teacher = factories.teacher_user(two_orgs["person_a"])
    colleague = factories.teacher_user(
        factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    )
    client.force_login(colleague)
    assert detail(client, recommendation).status_code == 404
    client.force_login(teacher)
    assert "Закрепление наставников" in client.get("/monitoring/recommendations/").content.decode()
    assert answer(client, recommendation).status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.answered_by) == ("answered", teacher)


def test_recommendation_to_a_person_is_not_shown_to_the_organization_admin(
    client, two_orgs, methodist_a, org_admin_a
):
    recommendation = to_org_a(two_orgs, methodist_a, organization=None, person=two_orgs["person_a"])
    client.force_login(org_admin_a)
    assert detail(client, recommendation).status_code == 404


def test_recommendation_to_a_municipality_is_answered_there_and_reviewed_by_the_region(
    client, two_orgs, regional_admin, methodist_a
):
    recommendation = to_org_a(
        two_orgs, regional_admin, organization=None, municipality=two_orgs["mun_a"]
    )
    client.force_login(regional_admin)
    assert answer(client, recommendation).status_code == 403
    client.force_login(methodist_a)
    assert answer(client, recommendation).status_code == 302
    url = f"/monitoring/recommendations/{recommendation.pk}/accept/"
    assert client.post(url).status_code == 403
    client.force_login(regional_admin)
    assert client.post(url).status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.reviewed_by) == ("accepted", regional_admin)


# The status flow -----------------------------------------------------------------------------


def test_recommendation_status_flow_return_answer_accept_close(two_orgs, methodist_a, org_admin_a):
    recommendation = to_org_a(two_orgs, methodist_a)
    services.answer_recommendation(recommendation, by=org_admin_a, answer="Сделаем.")
    with pytest.raises(ValidationError) as error:
        services.return_recommendation(recommendation, by=methodist_a, note="")
    assert error.value.message_dict == {"note": ["Напишите, что нужно доработать."]}
    services.return_recommendation(recommendation, by=methodist_a, note="Укажите сроки.")
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.review_note) == ("new", "Укажите сроки.")
    services.answer_recommendation(recommendation, by=org_admin_a, answer="До 01.09.2026.")
    services.accept_recommendation(recommendation, by=methodist_a)
    with pytest.raises(ValidationError) as error:
        services.answer_recommendation(recommendation, by=org_admin_a, answer="Ещё")
    assert error.value.messages == ["Рекомендация уже рассмотрена: ответ изменить нельзя."]
    services.close_recommendation(recommendation, by=methodist_a)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.answer) == ("closed", "До 01.09.2026.")
    actions = list(
        AuditEntry.objects.filter(object_id=str(recommendation.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "monitoring.recommendation.created",
        "monitoring.recommendation.answered",
        "monitoring.recommendation.returned",
        "monitoring.recommendation.answered",
        "monitoring.recommendation.accepted",
        "monitoring.recommendation.closed",
    ]


def test_recommendation_accept_without_an_answer_is_refused(client, two_orgs, methodist_a):
    recommendation = to_org_a(two_orgs, methodist_a)
    client.force_login(methodist_a)
    response = client.post(f"/monitoring/recommendations/{recommendation.pk}/accept/", follow=True)
    assert "Принять можно только полученный ответ." in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.NEW


def test_recommendation_addressee_cannot_close(two_orgs, methodist_a, org_admin_a):
    recommendation = to_org_a(two_orgs, methodist_a)
    with pytest.raises(PermissionDenied):
        services.close_recommendation(recommendation, by=org_admin_a)


def test_recommendation_update_by_the_issuer_until_answered(
    client, two_orgs, methodist_a, org_admin_a
):
    recommendation = to_org_a(two_orgs, methodist_a)
    url = f"/monitoring/recommendations/{recommendation.pk}/edit/"
    client.force_login(org_admin_a)
    assert client.get(url).status_code == 403
    client.force_login(methodist_a)
    data = {"title": "Наставничество (уточнено)", "text": "Новый текст", "deadline": ""}
    assert client.post(url, data).status_code == 302
    services.answer_recommendation(recommendation, by=org_admin_a, answer="Сделано.")
    with pytest.raises(ValidationError):
        services.update_recommendation(
            recommendation, by=methodist_a, title="Ещё", text="Ещё", deadline=None
        )
    recommendation.refresh_from_db()
    assert recommendation.title == "Наставничество (уточнено)"


# The list ------------------------------------------------------------------------------------


def test_recommendation_list_filters_inbox_and_manual(
    client, two_orgs, regional_admin, methodist_a
):
    to_org_a(two_orgs, methodist_a, title="Школе А")
    to_org_a(
        two_orgs,
        regional_admin,
        organization=None,
        municipality=two_orgs["mun_a"],
        title="Городу А",
    )
    client.force_login(methodist_a)
    inbox = client.get("/monitoring/recommendations/", {"box": "inbox"}).context["object_list"]
    outbox = client.get("/monitoring/recommendations/", {"box": "outbox"}).context["object_list"]
    manual = client.get("/monitoring/recommendations/", {"rule": "manual"}).context["object_list"]
    assert [r.title for r in inbox] == ["Городу А"]
    assert [r.title for r in outbox] == ["Школе А"]
    assert sorted(r.title for r in manual) == ["Городу А", "Школе А"]


def test_recommendation_list_export_has_numbers_as_numbers(client, two_orgs, methodist_a, period_a):
    to_org_a(two_orgs, methodist_a, period=period_a, indicator="young_supported_share")
    client.force_login(methodist_a)
    response = client.get("/monitoring/recommendations/", {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    header = rows[0]
    assert rows[1][header.index("Тема")] == "Закрепление наставников"
    assert rows[1][header.index("Значение")] == 25
    assert rows[1][header.index("Порог (цель)")] == 70
    assert len(rows) == 2


def list_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_recommendation_list_queries_do_not_grow_with_rows(
    client, two_orgs, region, methodist_a, period_a
):
    def add(count):
        for number in range(count):
            person = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
            to_org_a(two_orgs, methodist_a, period=period_a, title=f"Организации {number}")
            to_org_a(
                two_orgs, methodist_a, organization=None, person=person, title=f"Лично {number}"
            )

    client.force_login(methodist_a)
    add(1)
    few = list_queries(client, "/monitoring/recommendations/")
    add(4)
    many = list_queries(client, "/monitoring/recommendations/")
    assert Recommendation.objects.count() == 10
    assert few == many


def test_recommendation_to_a_regional_methodist_is_answered_but_not_reviewed_by_them(
    client, two_orgs, region, regional_admin
):
    person = two_orgs["person_a"]
    methodist = factories.user_with_role(Role.REGIONAL_METHODIST, region, person=person)
    recommendation = to_org_a(two_orgs, regional_admin, organization=None, person=person)
    client.force_login(methodist)
    assert answer(client, recommendation).status_code == 302
    accept = f"/monitoring/recommendations/{recommendation.pk}/accept/"
    assert client.post(accept).status_code == 403
    client.force_login(regional_admin)
    assert client.post(accept).status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.answered_by, recommendation.reviewed_by) == (
        "accepted",
        methodist,
        regional_admin,
    )
