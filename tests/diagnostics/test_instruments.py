from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics.models import Answer, Instrument, Item, ItemCompetence
from profrost.diagnostics.services import instruments
from tests import factories


@pytest.fixture
def preexisting(db):
    """The instruments a migration ships are in every test database; list checks skip them."""
    return set(Instrument.objects.values_list("pk", flat=True))


@pytest.fixture
def competences(db):
    return {
        "met": factories.CompetenceFactory(code="T.MET", name="Проектирование урока"),
        "psy": factories.CompetenceFactory(code="T.PSY", name="Учёт возрастных особенностей"),
    }


@pytest.fixture
def methodist(region):
    """Holds MANAGE_INSTRUMENTS over the test region: owns its instruments."""
    return factories.user_with_role(Role.REGIONAL_METHODIST, region)


@pytest.fixture
def other_region(db):
    return factories.RegionFactory(name="Соседняя область")


@pytest.fixture
def outsider(other_region):
    """A methodist of another region."""
    return factories.user_with_role(Role.REGIONAL_METHODIST, other_region)


@pytest.fixture
def own(region, competences):
    """A draft of the test region with four items, one of each scored kind.

    T.MET: item 1 (max 1, weight 1) + item 2 (max 2, weight 2) + item 4 (max 2, weight 1) = 7.
    T.PSY: item 2 (max 2, weight 1) + item 3 (scale 1…5, max 4, weight 1) = 6.
    """
    met, psy = competences["met"], competences["psy"]
    instrument = factories.InstrumentFactory(
        title="Региональный тест", region=region, status="draft", description="Для учителей"
    )
    single = factories.choice_item(instrument, [met], points=(1, 0), text="Что такое УУД?")
    multiple = factories.choice_item(
        instrument, [], points=(1, 1, -1), kind="multiple", text="Какие цели диагностичны?"
    )
    ItemCompetence.objects.create(item=multiple, competence=met, weight=2)
    ItemCompetence.objects.create(item=multiple, competence=psy, weight=1)
    scale = factories.ItemFactory(
        instrument=instrument, kind="scale", text="Насколько вы уверены?", scale_max=5
    )
    ItemCompetence.objects.create(item=scale, competence=psy, weight=1)
    number = factories.ItemFactory(
        instrument=instrument,
        kind="number",
        text="Сколько минут длится урок?",
        correct_number=Decimal(45),
        points=Decimal(2),
    )
    ItemCompetence.objects.create(item=number, competence=met, weight=1)
    for order, item in enumerate((single, multiple, scale, number), start=1):
        Item.objects.filter(pk=item.pk).update(order=order)
    return instrument


@pytest.fixture
def shipped(competences):
    instrument = factories.InstrumentFactory(title="Тест из поставки")
    factories.choice_item(instrument, [competences["met"]], text="Вопрос из поставки")
    return instrument


@pytest.fixture
def foreign(other_region, competences):
    instrument = factories.InstrumentFactory(title="Тест соседей", region=other_region)
    factories.choice_item(instrument, [competences["met"]])
    return instrument


def lock(instrument, two_orgs):
    """Someone answers the instrument."""
    campaign = factories.CampaignFactory(instrument=instrument, region=two_orgs["mun_a"].region)
    attempt = factories.AttemptFactory(campaign=campaign, person=two_orgs["person_a"])
    Answer.objects.create(attempt=attempt, item=instrument.items.first(), options=[])


def instrument_form(**overrides):
    data = {
        "title": "Анкета молодого педагога",
        "kind": "questionnaire",
        "deficit_below": 40,
        "proficient_from": 70,
        "description": "Трудности первых лет работы.",
        "instructions": "Ответьте честно.",
        "positions": [factories.position().pk],
        "subjects": [],
    }
    data.update(overrides)
    return data


def item_form(kind="single", text="Как сформулировать цель урока?", options=(), links=(), **extra):
    data = {
        "item-kind": kind,
        "item-text": text,
        "item-hint": "",
        "item-scale_min": 1,
        "item-scale_max": 5,
        "item-scale_min_label": "",
        "item-scale_max_label": "",
        "item-correct_number": "",
        "item-tolerance": 0,
        "item-points": 1,
        "options-TOTAL_FORMS": len(options),
        "options-INITIAL_FORMS": 0,
        "links-TOTAL_FORMS": len(links),
        "links-INITIAL_FORMS": 0,
    }
    for index, (option_text, points) in enumerate(options):
        data[f"options-{index}-text"] = option_text
        data[f"options-{index}-points"] = points
    for index, (competence, weight) in enumerate(links):
        data[f"links-{index}-competence"] = competence.pk
        data[f"links-{index}-weight"] = weight
    data.update({f"item-{name}": value for name, value in extra.items()})
    return data


def item_texts(instrument):
    return list(instrument.items.order_by("order").values_list("order", "text"))


def listed(response, preexisting):
    return [
        instrument.title
        for instrument in response.context["object_list"]
        if instrument.pk not in preexisting
    ]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# List


def test_instrument_list_shows_own_and_shipped_not_foreign(
    client, methodist, preexisting, own, shipped, foreign
):
    client.force_login(methodist)
    response = client.get("/diagnostics/instruments/", {"q": "тест"})
    titles = listed(response, preexisting)
    assert titles == ["Региональный тест", "Тест из поставки"]
    assert "Тест соседей" not in response.content.decode()


def test_instrument_list_filters_owner_kind_status_and_searches(
    client, methodist, preexisting, own, shipped, foreign
):
    client.force_login(methodist)

    def titles(**params):
        return listed(client.get("/diagnostics/instruments/", params), preexisting)

    assert titles(owner="shipped") == ["Тест из поставки"]
    assert titles(owner="regional") == ["Региональный тест"]
    assert titles(status="draft") == ["Региональный тест"]
    assert titles(kind="case") == []
    assert titles(q="региональн") == ["Региональный тест"]


def test_instrument_list_exports_xlsx(client, methodist, own, shipped):
    client.force_login(methodist)
    response = client.get("/diagnostics/instruments/", {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [row[:5] for row in sheet.iter_rows(values_only=True)]
    ours = {"Региональный тест", "Тест из поставки"}
    assert [row for row in rows if row[0] in ours or row[0] == "Название"] == [
        ("Название", "Вид", "Статус", "Владелец", "Вопросов"),
        ("Региональный тест", "Тест", "Черновик", "Тестовая область", 4),
        ("Тест из поставки", "Тест", "Опубликован", "Из поставки", 1),
    ]


def test_instrument_list_queries_do_not_grow_with_rows(client, methodist, own, region):
    client.force_login(methodist)
    with CaptureQueriesContext(connection) as one:
        first = client.get("/diagnostics/instruments/", {"q": "Региональный"})
    for number in range(2):
        instrument = factories.InstrumentFactory(title=f"Региональный тест {number}", region=region)
        factories.ItemFactory(instrument=instrument)
    with CaptureQueriesContext(connection) as three:
        response = client.get("/diagnostics/instruments/", {"q": "Региональный"})
    assert (len(first.context["object_list"]), len(response.context["object_list"])) == (1, 3)
    assert len(one) == len(three)


def test_instrument_list_is_forbidden_to_a_teacher(client, two_orgs):
    client.force_login(factories.teacher_user(two_orgs["person_a"]))
    assert client.get("/diagnostics/instruments/").status_code == 403


# Detail


def test_instrument_detail_shows_items_options_links_and_competence_maxima(
    client, methodist, own, competences
):
    client.force_login(methodist)
    response = client.get(f"/diagnostics/instruments/{own.pk}/")
    content = response.content.decode()
    items = [(item.text, maximum) for item, maximum in response.context["items"]]
    assert items == [
        ("Что такое УУД?", Decimal(1)),
        ("Какие цели диагностичны?", Decimal(2)),
        ("Насколько вы уверены?", Decimal(4)),
        ("Сколько минут длится урок?", Decimal(2)),
    ]
    assert response.context["competence_maxima"] == [
        (competences["met"], Decimal(7)),
        (competences["psy"], Decimal(6)),
    ]
    assert "Проектирование урока × 2" in content
    assert "-1 б." in content
    assert "Верный ответ 45 — 2 б." in content


def test_instrument_detail_queries_do_not_grow_with_items(client, methodist, region, competences):
    instrument = factories.InstrumentFactory(title="Растущий тест", region=region)
    factories.choice_item(instrument, [competences["met"]])
    client.force_login(methodist)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/diagnostics/instruments/{instrument.pk}/")
    factories.choice_item(instrument, [competences["psy"]], points=(2, 1, 0))
    factories.choice_item(instrument, [competences["met"], competences["psy"]])
    with CaptureQueriesContext(connection) as three:
        response = client.get(f"/diagnostics/instruments/{instrument.pk}/")
    assert len(response.context["items"]) == 3
    assert len(one) == len(three)


def test_instrument_detail_for_the_owner_offers_changes(client, methodist, own):
    client.force_login(methodist)
    response = client.get(f"/diagnostics/instruments/{own.pk}/")
    content = response.content.decode()
    assert response.context["can_change"] is True
    assert response.context["can_edit_items"] is True
    assert f"/diagnostics/instruments/{own.pk}/items/new/" in content
    assert f"/diagnostics/instruments/{own.pk}/publish/" in content


def test_instrument_detail_for_an_in_scope_reader_offers_no_changes(client, org_admin_a, own):
    client.force_login(org_admin_a)
    response = client.get(f"/diagnostics/instruments/{own.pk}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["can_change"] is False
    assert f"/diagnostics/instruments/{own.pk}/edit/" not in content
    assert f"/diagnostics/instruments/{own.pk}/copy/" not in content


def test_instrument_detail_is_404_for_another_region(client, outsider, own):
    client.force_login(outsider)
    assert client.get(f"/diagnostics/instruments/{own.pk}/").status_code == 404


def test_instrument_detail_of_a_shipped_instrument_offers_only_the_copy(client, methodist, shipped):
    client.force_login(methodist)
    response = client.get(f"/diagnostics/instruments/{shipped.pk}/")
    content = response.content.decode()
    assert response.context["can_change"] is False
    assert "Инструмент из поставки системы: изменить его нельзя." in content
    assert f"/diagnostics/instruments/{shipped.pk}/copy/" in content


# Create and edit


def test_instrument_create_by_methodist_makes_a_draft_of_the_region(client, methodist, region):
    client.force_login(methodist)
    response = client.post("/diagnostics/instruments/new/", instrument_form())
    instrument = Instrument.objects.get(title="Анкета молодого педагога")
    assert response.status_code == 302
    assert response["Location"] == f"/diagnostics/instruments/{instrument.pk}/"
    assert (instrument.region, instrument.status, instrument.kind) == (
        region,
        "draft",
        "questionnaire",
    )
    assert (instrument.deficit_below, instrument.proficient_from) == (40, 70)
    assert list(instrument.positions.all()) == [factories.position()]
    assert AuditEntry.objects.filter(action="diagnostics.instrument.created").count() == 1


def test_instrument_create_with_crossed_thresholds_is_refused(client, methodist):
    client.force_login(methodist)
    data = instrument_form(deficit_below=80, proficient_from=60)
    response = client.post("/diagnostics/instruments/new/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Порог «сформирована» (60 %) не может быть ниже порога дефицита (80 %)." in content
    assert content.count("не может быть ниже порога дефицита") == 1
    assert not Instrument.objects.filter(title="Анкета молодого педагога").exists()


def test_instrument_create_by_a_reader_is_forbidden(client, org_admin_a):
    client.force_login(org_admin_a)
    assert client.get("/diagnostics/instruments/new/").status_code == 403
    assert client.post("/diagnostics/instruments/new/", instrument_form()).status_code == 403


def test_instrument_create_by_a_superuser_asks_for_the_region(client, region, other_region):
    admin = factories.UserFactory(is_superuser=True)
    client.force_login(admin)
    refused = client.post("/diagnostics/instruments/new/", instrument_form())
    created = client.post("/diagnostics/instruments/new/", instrument_form(region=other_region.pk))
    assert refused.status_code == 200
    assert "Обязательное поле." in refused.content.decode()
    assert created.status_code == 302
    assert Instrument.objects.get(title="Анкета молодого педагога").region == other_region


def test_instrument_update_by_owner(client, methodist, own):
    client.force_login(methodist)
    data = instrument_form(title="Региональный тест 2025", kind="test")
    response = client.post(f"/diagnostics/instruments/{own.pk}/edit/", data)
    own.refresh_from_db()
    assert response.status_code == 302
    assert (own.title, own.deficit_below, own.proficient_from) == ("Региональный тест 2025", 40, 70)
    entry = AuditEntry.objects.get(action="diagnostics.instrument.updated")
    assert entry.data["fields"] == [
        "deficit_below",
        "description",
        "instructions",
        "proficient_from",
        "title",
    ]


def test_instrument_update_by_an_in_scope_reader_is_forbidden(client, org_admin_a, own):
    client.force_login(org_admin_a)
    assert client.get(f"/diagnostics/instruments/{own.pk}/edit/").status_code == 403


def test_instrument_update_of_another_region_is_404(client, outsider, own):
    client.force_login(outsider)
    assert client.get(f"/diagnostics/instruments/{own.pk}/edit/").status_code == 404


def test_instrument_update_of_a_shipped_instrument_is_forbidden(client, methodist, shipped):
    client.force_login(methodist)
    response = client.post(
        f"/diagnostics/instruments/{shipped.pk}/edit/", instrument_form(title="Моя версия")
    )
    assert response.status_code == 403
    shipped.refresh_from_db()
    assert shipped.title == "Тест из поставки"


def test_instrument_update_of_a_locked_instrument_keeps_thresholds(
    client, methodist, own, two_orgs
):
    lock(own, two_orgs)
    client.force_login(methodist)
    page = client.get(f"/diagnostics/instruments/{own.pk}/edit/").content.decode()
    data = instrument_form(title="Новое название", kind="test", deficit_below=10)
    response = client.post(f"/diagnostics/instruments/{own.pk}/edit/", data)
    own.refresh_from_db()
    assert "Инструмент уже проходили: пороги уровней изменить нельзя." in page
    assert response.status_code == 302
    assert (own.title, own.deficit_below, own.proficient_from) == ("Новое название", 50, 75)


def test_instrument_update_instrument_service_refuses_thresholds_when_locked(
    methodist, own, two_orgs
):
    lock(own, two_orgs)
    with pytest.raises(ValidationError) as error:
        instruments.update_instrument(own, by=methodist, deficit_below=10)
    assert "Инструмент уже проходили" in error.value.messages[0]


# Items


def test_item_create_with_options_and_links(client, methodist, own, competences):
    client.force_login(methodist)
    data = item_form(
        options=[("С результатов", "1"), ("С заданий", "0"), ("", "")],
        links=[(competences["met"], "1.5"), (competences["psy"], "0,5")],
    )
    response = client.post(f"/diagnostics/instruments/{own.pk}/items/new/", data)
    item = own.items.get(text="Как сформулировать цель урока?")
    assert response.status_code == 302
    assert item.order == 5
    assert list(item.options.values_list("order", "text", "points")) == [
        (1, "С результатов", Decimal(1)),
        (2, "С заданий", Decimal(0)),
    ]
    assert sorted(item.links.values_list("competence__code", "weight")) == [
        ("T.MET", Decimal("1.5")),
        ("T.PSY", Decimal("0.5")),
    ]
    entry = AuditEntry.objects.get(action="diagnostics.instrument.item_added")
    assert (entry.object_id, entry.data) == (str(own.pk), {"item": item.pk})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"options": [("Один", 1)]},
            "У вопроса с выбором должно быть не меньше двух вариантов.",
        ),
        (
            {"options": [("Да", 1), ("Нет", 0)], "links": []},
            "Вопрос даёт баллы: укажите хотя бы одну компетенцию, которую он измеряет.",
        ),
        (
            {"kind": "scale", "scale_min": 5, "scale_max": 1},
            "Конец шкалы должен быть больше начала.",
        ),
        ({"kind": "number"}, "Для числового вопроса укажите верный ответ."),
        ({"text": ""}, "Обязательное поле."),
        (
            {"options": [("", 2), ("Нет", 0)]},
            "Укажите текст варианта или удалите строку.",
        ),
    ],
)
def test_item_create_invalid_shows_russian_error(
    client, methodist, own, competences, data, message
):
    met = competences["met"]
    data = {"links": [(met, 1)], **data}
    client.force_login(methodist)
    response = client.post(f"/diagnostics/instruments/{own.pk}/items/new/", item_form(**data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert own.items.count() == 4


def test_item_create_of_a_scale_drops_the_hidden_options(client, methodist, own, competences):
    client.force_login(methodist)
    data = item_form(kind="scale", options=[("Да", 1), ("Нет", 0)], links=[(competences["psy"], 1)])
    response = client.post(f"/diagnostics/instruments/{own.pk}/items/new/", data)
    item = own.items.get(order=5)
    assert response.status_code == 302
    assert (item.kind, item.options.count()) == ("scale", 0)


def test_item_add_item_service_refuses_options_of_a_scale(methodist, own, competences):
    with pytest.raises(ValidationError) as error:
        instruments.add_item(
            own,
            by=methodist,
            kind="scale",
            text="Насколько уверенно?",
            options=[instruments.OptionData("Да", Decimal(1))],
            links=[(competences["psy"], Decimal(1))],
        )
    assert error.value.message_dict == {
        "options": [
            "Варианты ответа бывают только у вопросов с выбором: удалите их или выберите "
            "вид «Один вариант» или «Несколько вариантов»."
        ]
    }
    assert own.items.count() == 4


def test_item_create_with_a_competence_twice_is_refused(client, methodist, own, competences):
    met = competences["met"]
    client.force_login(methodist)
    data = item_form(options=[("Да", 1), ("Нет", 0)], links=[(met, 1), (met, 2)])
    response = client.post(f"/diagnostics/instruments/{own.pk}/items/new/", data)
    assert "Одна и та же компетенция указана дважды." in response.content.decode()


def test_item_create_of_free_text_needs_no_competence(client, methodist, own):
    client.force_login(methodist)
    data = item_form(kind="text", text="Что вызывает у вас трудности?")
    response = client.post(f"/diagnostics/instruments/{own.pk}/items/new/", data)
    assert response.status_code == 302
    assert own.items.get(order=5).kind == "text"


def test_item_create_by_an_in_scope_reader_is_forbidden(client, org_admin_a, own):
    client.force_login(org_admin_a)
    assert client.get(f"/diagnostics/instruments/{own.pk}/items/new/").status_code == 403


def test_item_create_in_another_region_is_404(client, outsider, own):
    client.force_login(outsider)
    assert client.get(f"/diagnostics/instruments/{own.pk}/items/new/").status_code == 404


def test_item_create_in_a_shipped_instrument_is_forbidden(client, methodist, shipped):
    client.force_login(methodist)
    assert client.get(f"/diagnostics/instruments/{shipped.pk}/items/new/").status_code == 403


def test_item_create_in_a_locked_instrument_is_refused(
    client, methodist, own, two_orgs, competences
):
    lock(own, two_orgs)
    client.force_login(methodist)
    page = client.get(f"/diagnostics/instruments/{own.pk}/items/new/").content.decode()
    data = item_form(options=[("Да", 1), ("Нет", 0)], links=[(competences["met"], 1)])
    response = client.post(f"/diagnostics/instruments/{own.pk}/items/new/", data, follow=True)
    assert "Инструмент уже проходили: вопросы изменить нельзя" in page
    assert "Сделать копию" in page
    assert "Сделайте копию и измените её." in messages_of(response)[0]
    assert own.items.count() == 4


def test_item_update_replaces_options_and_resets_unused_fields(client, methodist, own, competences):
    scale = own.items.get(kind="scale")
    client.force_login(methodist)
    page = client.get(f"/diagnostics/instruments/items/{scale.pk}/edit/")
    data = item_form(
        kind="multiple",
        text="Какие приёмы вы используете?",
        options=[("Кластер", 1), ("Синквейн", 1)],
        links=[(competences["psy"], 2)],
        scale_max=10,
        reverse="on",
    )
    response = client.post(f"/diagnostics/instruments/items/{scale.pk}/edit/", data)
    scale.refresh_from_db()
    assert page.status_code == 200
    assert response.status_code == 302
    assert (scale.kind, scale.text, scale.order) == ("multiple", "Какие приёмы вы используете?", 3)
    assert (scale.scale_max, scale.reverse) == (5, False)
    assert list(scale.options.values_list("text", flat=True)) == ["Кластер", "Синквейн"]
    assert list(scale.links.values_list("competence__code", "weight")) == [("T.PSY", Decimal(2))]


def test_item_update_page_shows_current_options_and_links(client, methodist, own):
    item = own.items.get(kind="multiple")
    client.force_login(methodist)
    response = client.get(f"/diagnostics/instruments/items/{item.pk}/edit/")
    editor = response.context["editor"]
    assert [form.initial["text"] for form in editor.options.initial_forms] == [
        "Вариант 1",
        "Вариант 2",
        "Вариант 3",
    ]
    assert [form.initial["weight"] for form in editor.links.initial_forms] == [
        Decimal(2),
        Decimal(1),
    ]


def test_item_update_by_an_in_scope_reader_is_forbidden(client, org_admin_a, own):
    item = own.items.first()
    client.force_login(org_admin_a)
    assert client.get(f"/diagnostics/instruments/items/{item.pk}/edit/").status_code == 403


def test_item_update_in_another_region_is_404(client, outsider, own):
    item = own.items.first()
    client.force_login(outsider)
    assert client.get(f"/diagnostics/instruments/items/{item.pk}/edit/").status_code == 404


def test_item_delete_asks_then_deletes_and_renumbers(client, methodist, own):
    second = own.items.get(order=2)
    client.force_login(methodist)
    page = client.get(f"/diagnostics/instruments/items/{second.pk}/delete/")
    response = client.post(f"/diagnostics/instruments/items/{second.pk}/delete/")
    assert "Удалить вопрос № 2?" in page.content.decode()
    assert response.status_code == 302
    assert item_texts(own) == [
        (1, "Что такое УУД?"),
        (2, "Насколько вы уверены?"),
        (3, "Сколько минут длится урок?"),
    ]
    assert AuditEntry.objects.filter(action="diagnostics.instrument.item_deleted").count() == 1


def test_item_delete_in_a_locked_instrument_is_refused(client, methodist, own, two_orgs):
    lock(own, two_orgs)
    item = own.items.get(order=4)
    client.force_login(methodist)
    response = client.post(f"/diagnostics/instruments/items/{item.pk}/delete/", follow=True)
    assert "Сделайте копию и измените её." in messages_of(response)[0]
    assert own.items.count() == 4


def test_item_delete_by_an_in_scope_reader_is_forbidden(client, org_admin_a, own):
    item = own.items.first()
    client.force_login(org_admin_a)
    assert client.post(f"/diagnostics/instruments/items/{item.pk}/delete/").status_code == 403
    assert own.items.count() == 4


def test_item_move_up_and_down(client, methodist, own):
    third = own.items.get(order=3)
    first = own.items.get(order=1)
    client.force_login(methodist)
    client.post(f"/diagnostics/instruments/items/{third.pk}/move/", {"direction": "up"})
    client.post(f"/diagnostics/instruments/items/{first.pk}/move/", {"direction": "down"})
    client.post(f"/diagnostics/instruments/items/{first.pk}/move/", {"direction": "up"})
    client.post(f"/diagnostics/instruments/items/{first.pk}/move/", {"direction": "up"})
    assert item_texts(own) == [
        (1, "Что такое УУД?"),
        (2, "Насколько вы уверены?"),
        (3, "Какие цели диагностичны?"),
        (4, "Сколько минут длится урок?"),
    ]
    assert AuditEntry.objects.filter(action="diagnostics.instrument.item_moved").count() == 3


def test_item_move_by_an_in_scope_reader_is_forbidden(client, org_admin_a, own):
    item = own.items.get(order=2)
    client.force_login(org_admin_a)
    url = f"/diagnostics/instruments/items/{item.pk}/move/"
    assert client.post(url, {"direction": "up"}).status_code == 403
    assert own.items.get(order=2) == item


def test_reorder_items_puts_items_in_the_given_order(methodist, own):
    ids = list(own.items.order_by("-order").values_list("pk", flat=True))
    instruments.reorder_items(own, ids, by=methodist)
    assert list(own.items.order_by("order").values_list("pk", flat=True)) == ids
    with pytest.raises(ValidationError):
        instruments.reorder_items(own, ids[:2], by=methodist)


# Copy, publish, archive, delete


def test_instrument_copy_of_a_shipped_instrument_makes_an_editable_draft(
    client, methodist, shipped, region
):
    client.force_login(methodist)
    response = client.post(f"/diagnostics/instruments/{shipped.pk}/copy/")
    copy = Instrument.objects.get(title="Тест из поставки (копия)")
    assert response.status_code == 302
    assert response["Location"] == f"/diagnostics/instruments/{copy.pk}/"
    assert (copy.region, copy.status) == (region, "draft")
    original, copied = instruments.instrument_data(shipped), instruments.instrument_data(copy)
    assert copied.items == original.items
    assert client.get(f"/diagnostics/instruments/{copy.pk}/edit/").status_code == 200
    entry = AuditEntry.objects.get(action="diagnostics.instrument.copied")
    assert (entry.object_id, entry.data) == (str(copy.pk), {"source": shipped.pk})


def test_instrument_copy_of_a_locked_instrument_is_not_locked(client, methodist, own, two_orgs):
    lock(own, two_orgs)
    client.force_login(methodist)
    client.post(f"/diagnostics/instruments/{own.pk}/copy/")
    copy = Instrument.objects.get(title="Региональный тест (копия)")
    assert copy.is_locked is False
    assert instruments.instrument_data(copy).items == instruments.instrument_data(own).items


def test_instrument_copy_by_an_in_scope_reader_is_forbidden(client, org_admin_a, shipped):
    client.force_login(org_admin_a)
    assert client.post(f"/diagnostics/instruments/{shipped.pk}/copy/").status_code == 403


def test_instrument_copy_of_another_region_is_404(client, outsider, own):
    client.force_login(outsider)
    assert client.post(f"/diagnostics/instruments/{own.pk}/copy/").status_code == 404


def test_instrument_publish_and_archive_by_owner(client, methodist, own):
    client.force_login(methodist)
    published = client.post(f"/diagnostics/instruments/{own.pk}/publish/", follow=True)
    own.refresh_from_db()
    status_after_publish = own.status
    client.post(f"/diagnostics/instruments/{own.pk}/archive/")
    own.refresh_from_db()
    assert messages_of(published) == ["Инструмент опубликован."]
    assert (status_after_publish, own.status) == ("published", "archived")
    actions = AuditEntry.objects.filter(object_id=str(own.pk)).values_list("action", flat=True)
    assert sorted(actions) == [
        "diagnostics.instrument.archived",
        "diagnostics.instrument.published",
    ]


def test_instrument_publish_without_scored_items_is_refused(client, methodist, region):
    empty = factories.InstrumentFactory(title="Пустой", region=region, status="draft")
    client.force_login(methodist)
    response = client.post(f"/diagnostics/instruments/{empty.pk}/publish/", follow=True)
    empty.refresh_from_db()
    assert messages_of(response) == [
        "Опубликовать нельзя: в инструменте нет ни одного вопроса, который даёт баллы."
    ]
    assert empty.status == "draft"


def test_instrument_publish_by_an_in_scope_reader_is_forbidden(client, org_admin_a, own):
    client.force_login(org_admin_a)
    assert client.post(f"/diagnostics/instruments/{own.pk}/publish/").status_code == 403
    own.refresh_from_db()
    assert own.status == "draft"


def test_instrument_publish_of_another_region_is_404(client, outsider, own):
    client.force_login(outsider)
    assert client.post(f"/diagnostics/instruments/{own.pk}/publish/").status_code == 404
    assert client.get(f"/diagnostics/instruments/{own.pk}/publish/").status_code == 404


def test_instrument_archive_of_a_shipped_instrument_is_forbidden(client, methodist, shipped):
    client.force_login(methodist)
    assert client.post(f"/diagnostics/instruments/{shipped.pk}/archive/").status_code == 403


def test_instrument_delete_of_an_unused_draft(client, methodist, own):
    client.force_login(methodist)
    response = client.post(f"/diagnostics/instruments/{own.pk}/delete/")
    assert response.status_code == 302
    assert not Instrument.objects.filter(pk=own.pk).exists()
    assert AuditEntry.objects.filter(action="diagnostics.instrument.deleted").count() == 1


def test_instrument_delete_of_an_instrument_with_campaigns_is_refused(
    client, methodist, own, region
):
    factories.CampaignFactory(instrument=own, region=region)
    client.force_login(methodist)
    response = client.post(f"/diagnostics/instruments/{own.pk}/delete/", follow=True)
    assert messages_of(response) == [
        "Инструмент нельзя удалить: по нему проводились диагностические кампании. "
        "Отправьте его в архив."
    ]
    assert Instrument.objects.filter(pk=own.pk).exists()


def test_instrument_delete_by_an_in_scope_reader_is_forbidden(client, org_admin_a, own):
    client.force_login(org_admin_a)
    assert client.post(f"/diagnostics/instruments/{own.pk}/delete/").status_code == 403


def test_item_of_an_instrument_counts_in_scoring_as_the_page_says(own, competences):
    """The page's maxima are the maxima scoring uses for a best possible attempt."""
    maxima = dict(instruments.competence_maxima(own))
    assert maxima == {competences["met"]: Decimal(7), competences["psy"]: Decimal(6)}
    assert Item.objects.filter(instrument=own).count() == 4
