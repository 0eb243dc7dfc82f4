"""Taking a diagnostic through the pages: the own attempts, answering item by item, submitting."""

from datetime import date, timedelta

from profrost.core.roles import Role
from profrost.diagnostics.models import Answer, AttemptStatus, CompetenceResult
from tests import factories

from .conftest import first_option, second_option


def attempt_url(attempt):
    return f"/diagnostics/attempts/{attempt.pk}/"


def answer_url(attempt, item):
    return f"/diagnostics/attempts/{attempt.pk}/items/{item.pk}/answer/"


def htmx_answer(client, attempt, item, **data):
    return client.post(answer_url(attempt, item), data, HTTP_HX_REQUEST="true")


def close_campaign(campaign):
    campaign.starts_on = date.today() - timedelta(days=30)
    campaign.ends_on = date.today() - timedelta(days=1)
    campaign.save()


# The attempt page ------------------------------------------------------------------------------


def test_attempt_detail_owner_sees_all_items_and_the_counter(client, diag):
    client.force_login(diag["teacher_a"])
    response = client.get(attempt_url(diag["attempt_a"]))
    content = response.content.decode()
    assert response.status_code == 200
    for item in diag["items"]:
        assert item.text in content
        assert f'hx-post="{answer_url(diag["attempt_a"], item)}"' in content
    assert "Отвечено 0 из 4" in content
    assert f"/diagnostics/attempts/{diag['attempt_a'].pk}/submit/" in content


def test_attempt_detail_methodist_in_scope_sees_it_read_only(client, diag):
    client.force_login(diag["methodist"])
    response = client.get(attempt_url(diag["attempt_a"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Отвечать может только сам участник диагностики." in content
    assert "hx-post" not in content
    assert diag["items"][0].text not in content


def test_attempt_detail_of_someone_outside_the_scope_is_404(client, diag):
    client.force_login(diag["teacher_b"])
    assert client.get(attempt_url(diag["attempt_a"])).status_code == 404
    client.force_login(factories.user_with_role(Role.ORGANIZATION_ADMIN, diag["org_b"]))
    assert client.get(attempt_url(diag["attempt_a"])).status_code == 404


def test_attempt_detail_shows_saved_answers_on_return(client, diag):
    item = diag["items"][1]
    client.force_login(diag["teacher_a"])
    htmx_answer(client, diag["attempt_a"], item, options=[second_option(item).pk])
    content = client.get(attempt_url(diag["attempt_a"])).content.decode()
    assert (
        f'value="{second_option(item).pk}" id="option-{second_option(item).pk}" checked' in content
    )
    assert f'value="{first_option(item).pk}" id="option-{first_option(item).pk}">' in content
    assert "Отвечено 1 из 4" in content


def test_attempt_detail_closed_campaign_is_read_only_with_a_message(client, diag):
    close_campaign(diag["campaign"])
    client.force_login(diag["teacher_a"])
    content = client.get(attempt_url(diag["attempt_a"])).content.decode()
    ended = diag["campaign"].ends_on.strftime("%d.%m.%Y")
    assert f"Срок диагностики истёк {ended}: ответы больше не принимаются." in content
    assert "hx-post" not in content
    assert "<fieldset disabled>" in content


# Answering -------------------------------------------------------------------------------------


def test_attempt_answer_htmx_saves_and_returns_the_item_and_the_counter(client, diag):
    item = diag["items"][0]
    client.force_login(diag["teacher_a"])
    response = htmx_answer(client, diag["attempt_a"], item, options=[first_option(item).pk])
    content = response.content.decode()
    assert response.status_code == 200
    assert "Сохранено" in content
    assert '<div id="answered-counter" class="fw-semibold" hx-swap-oob="true">' in content
    assert "Отвечено 1 из 4" in content
    assert list(Answer.objects.values_list("item", "options")) == [
        (item.pk, [first_option(item).pk])
    ]
    diag["attempt_a"].refresh_from_db()
    assert diag["attempt_a"].status == AttemptStatus.IN_PROGRESS


def test_attempt_answer_without_javascript_redirects_back_to_the_item(client, diag):
    item = diag["items"][2]
    client.force_login(diag["teacher_a"])
    response = client.post(answer_url(diag["attempt_a"], item), {"options": first_option(item).pk})
    assert response.status_code == 302
    assert response["Location"] == f"{attempt_url(diag['attempt_a'])}#item-{item.pk}"
    assert Answer.objects.get().options == [first_option(item).pk]
    assert "Ответ сохранён." in client.get(response["Location"]).content.decode()


def test_attempt_answer_with_a_foreign_option_shows_the_russian_error(client, diag):
    item, other = diag["items"][0], diag["items"][1]
    client.force_login(diag["teacher_a"])
    for bad in (first_option(other).pk, "abc"):
        response = htmx_answer(client, diag["attempt_a"], item, options=[bad])
        assert "Выбран вариант, которого нет в вопросе." in response.content.decode()
    assert Answer.objects.count() == 0


def test_attempt_answer_on_a_closed_campaign_is_refused_and_nothing_written(client, diag):
    close_campaign(diag["campaign"])
    item = diag["items"][0]
    client.force_login(diag["teacher_a"])
    response = htmx_answer(client, diag["attempt_a"], item, options=[first_option(item).pk])
    ended = diag["campaign"].ends_on.strftime("%d.%m.%Y")
    assert response.status_code == 200
    assert f"Срок диагностики истёк {ended}: ответы больше не принимаются." in (
        response.content.decode()
    )
    assert Answer.objects.count() == 0
    diag["attempt_a"].refresh_from_db()
    assert diag["attempt_a"].status == AttemptStatus.ASSIGNED


def test_attempt_answer_to_another_persons_attempt_is_refused(client, diag):
    item = diag["items"][0]
    data = {"options": first_option(item).pk}
    client.force_login(diag["teacher_a"])
    assert client.post(answer_url(diag["attempt_b"], item), data).status_code == 404
    client.force_login(diag["methodist"])  # sees the attempt, may not answer it
    assert client.post(answer_url(diag["attempt_a"], item), data).status_code == 403
    assert htmx_answer(client, diag["attempt_a"], item, **data).status_code == 403
    assert Answer.objects.count() == 0


def test_attempt_answer_to_an_item_of_another_instrument_is_404(client, diag):
    stranger = factories.choice_item(factories.InstrumentFactory(), [diag["met"]])
    client.force_login(diag["teacher_a"])
    response = client.post(
        answer_url(diag["attempt_a"], stranger), {"options": first_option(stranger).pk}
    )
    assert response.status_code == 404
    assert Answer.objects.count() == 0


# Submitting ------------------------------------------------------------------------------------


def test_attempt_submit_confirmation_names_the_unanswered_items(client, diag):
    items = diag["items"]
    client.force_login(diag["teacher_a"])
    htmx_answer(client, diag["attempt_a"], items[0], options=[first_option(items[0]).pk])
    htmx_answer(client, diag["attempt_a"], items[1], options=[first_option(items[1]).pk])
    content = client.get(f"{attempt_url(diag['attempt_a'])}submit/").content.decode()
    assert "Отвечено 2 из 4." in content
    assert "Без ответа осталось 2 вопроса: они будут засчитаны как 0 баллов." in content
    assert "После завершения ответы изменить нельзя." in content
    diag["attempt_a"].refresh_from_db()
    assert diag["attempt_a"].status == AttemptStatus.IN_PROGRESS


def test_attempt_submit_shows_results_with_levels_and_happens_once(client, diag):
    items = diag["items"]
    picks = [second_option, first_option, first_option, None]  # T.MET 75 %, T.PSY 50 %
    client.force_login(diag["teacher_a"])
    for item, pick in zip(items, picks, strict=True):
        if pick:
            htmx_answer(client, diag["attempt_a"], item, options=[pick(item).pk])
    submit = f"{attempt_url(diag['attempt_a'])}submit/"
    response = client.post(submit)
    assert response.status_code == 302
    assert response["Location"] == attempt_url(diag["attempt_a"])
    content = client.get(attempt_url(diag["attempt_a"])).content.decode()
    assert "Диагностика завершена. Ниже — ваши результаты." in content
    assert '<span class="badge text-bg-success">Сформирована</span>' in content
    assert '<span class="badge text-bg-warning">Частично сформирована</span>' in content
    assert f'href="/diagnostics/people/{diag["person_a"].pk}/map/"' in content
    assert "Карта профессиональных дефицитов" in content
    assert "hx-post" not in content

    again = client.post(submit, follow=True)
    assert "Диагностика уже завершена: ответы изменить нельзя." in again.content.decode()
    assert CompetenceResult.objects.filter(attempt=diag["attempt_a"]).count() == 2
    late = htmx_answer(client, diag["attempt_a"], items[3], options=[first_option(items[3]).pk])
    assert "Диагностика уже завершена: ответы изменить нельзя." in late.content.decode()
    assert Answer.objects.count() == 3


def test_attempt_submit_of_another_person_is_refused(client, diag):
    client.force_login(diag["methodist"])
    submit = f"{attempt_url(diag['attempt_a'])}submit/"
    assert client.get(submit).status_code == 403
    assert client.post(submit).status_code == 403
    client.force_login(diag["teacher_b"])
    assert client.post(submit).status_code == 404
    assert CompetenceResult.objects.count() == 0


def test_attempt_results_are_seen_read_only_by_the_methodist(client, diag):
    client.force_login(diag["teacher_a"])
    client.post(f"{attempt_url(diag['attempt_a'])}submit/")
    client.force_login(diag["methodist"])
    content = client.get(attempt_url(diag["attempt_a"])).content.decode()
    assert content.count('<span class="badge text-bg-danger">Дефицит</span>') == 2
    assert "hx-post" not in content


# The own diagnostics ---------------------------------------------------------------------------


def test_my_diagnostics_lists_open_attempts_first_with_deadline(client, diag):
    today = date.today()
    person = diag["person_a"]
    closed = factories.AttemptFactory(
        person=person,
        campaign__title="Прошлогодняя диагностика",
        campaign__starts_on=today - timedelta(days=400),
        campaign__ends_on=today - timedelta(days=300),
    )
    soon = factories.AttemptFactory(
        person=person,
        campaign__title="Срочная диагностика",
        campaign__starts_on=today - timedelta(days=3),
        campaign__ends_on=today + timedelta(days=2),
    )
    client.force_login(diag["teacher_a"])
    content = client.get("/diagnostics/my/").content.decode()
    order = [content.index(f'data-attempt="{a.pk}"') for a in (soon, diag["attempt_a"], closed)]
    assert order == sorted(order)
    assert "осталось 2 дня" in content
    assert "Срок истёк" in content
    assert "Начать" in content


def test_my_diagnostics_shows_continue_and_results_by_status(client, diag):
    item = diag["items"][0]
    client.force_login(diag["teacher_a"])
    htmx_answer(client, diag["attempt_a"], item, options=[first_option(item).pk])
    content = client.get("/diagnostics/my/").content.decode()
    assert "Продолжить" in content
    assert "отвечено 1 из 4" in content
    client.post(f"{attempt_url(diag['attempt_a'])}submit/")
    content = client.get("/diagnostics/my/").content.decode()
    assert "Результаты" in content
    assert "Завершена" in content


def test_my_diagnostics_empty_states(client, two_orgs, org_admin_a):
    client.force_login(factories.teacher_user(two_orgs["person_b"]))
    assert "Вам пока не назначено ни одной диагностики." in (
        client.get("/diagnostics/my/").content.decode()
    )
    client.force_login(org_admin_a)
    assert "не связана с карточкой работника" in client.get("/diagnostics/my/").content.decode()


def test_home_shows_assigned_diagnostics_to_a_person(client, diag, org_admin_a):
    client.force_login(diag["teacher_a"])
    content = client.get("/").content.decode()
    assert "Назначенные диагностики" in content
    assert "Региональная диагностика" in content
    assert attempt_url(diag["attempt_a"]) in content
    client.force_login(org_admin_a)
    assert "Назначенные диагностики" not in client.get("/").content.decode()


def test_attempt_answer_scale_number_and_text_items(client, diag):
    instrument = diag["instrument"]
    scale = factories.ItemFactory(instrument=instrument, kind="scale", text="Оцените себя")
    number = factories.ItemFactory(
        instrument=instrument, kind="number", text="Сколько?", correct_number=2.5
    )
    text = factories.ItemFactory(instrument=instrument, kind="text", text="Что мешает?")
    attempt = diag["attempt_a"]
    client.force_login(diag["teacher_a"])
    wrong = htmx_answer(client, attempt, scale, number="7")
    assert "Выберите значение шкалы от 1 до 5." in wrong.content.decode()
    assert "Сохранено" in htmx_answer(client, attempt, scale, number="4").content.decode()
    not_a_number = htmx_answer(client, attempt, number, number="два")
    assert "Введите число." in not_a_number.content.decode()
    htmx_answer(client, attempt, number, number="2,5")
    last = htmx_answer(client, attempt, text, text="  Нехватка времени ")
    assert "Отвечено 3 из 7" in last.content.decode()
    content = client.get(attempt_url(attempt)).content.decode()
    assert f'id="item-{scale.pk}-scale-4" checked' in content
    assert f'id="item-{number.pk}-number" value="2,5"' in content
    assert ">Нехватка времени</textarea>" in content
