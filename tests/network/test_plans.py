"""Annual plans of methodical work: who sees and changes them, the fulfilment, the XLSX, the list
page."""

from datetime import timedelta
from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.core.roles import Perm
from profrost.network import selectors, services
from profrost.network.models import Event, EventStatus, PlanLevel, WorkPlan
from tests.network.factories import EventFactory, WorkPlanFactory, in_days


def plan_with_events(net):
    """The plan of «Город А»: two held, one cancelled, one past but not marked, two upcoming."""
    plan = WorkPlanFactory(title="План Город А", municipality=net["mun_a"])
    organizer = net["service_a"]
    for status in (EventStatus.HELD, EventStatus.HELD, EventStatus.CANCELLED, EventStatus.PLANNED):
        EventFactory(
            plan=plan,
            organizer_organization=organizer,
            status=status,
            starts_at=in_days(-10),
            ends_at=in_days(-10) + timedelta(hours=2),
        )
    for _ in range(2):
        EventFactory(plan=plan, organizer_organization=organizer)
    return plan


def test_plan_fulfilment_counts_in_the_database(net):
    plan = plan_with_events(net)

    fulfilment = selectors.plan_fulfilment(plan)

    assert fulfilment == {
        "total": 6,
        "held": 2,
        "cancelled": 1,
        "overdue": 1,
        "upcoming": 2,
        "planned": 3,
        "due": 4,
        "share": 33,
        "due_share": 50,
        "participants": 0,
    }


def test_plan_list_annotates_the_share_held(net, client):
    plan_with_events(net)
    WorkPlanFactory(title="Пустой план", municipality=net["mun_a"])
    client.force_login(net["teacher_a"])

    rows = client.get("/network/plans/").context["object_list"]

    assert sorted((row.title, row.event_count, row.held_count, row.fulfilment) for row in rows) == [
        ("План Город А", 6, 2, 33),
        ("Пустой план", 0, 0, None),
    ]


def test_plan_trio_methodist_changes_teacher_reads_outsider_404(net, client):
    plan = WorkPlanFactory(municipality=net["mun_a"])
    statuses = {}
    for name in ("methodist_a", "teacher_a2", "teacher_b"):
        client.force_login(net[name])
        statuses[name] = (
            client.get(f"/network/plans/{plan.pk}/").status_code,
            client.get(f"/network/plans/{plan.pk}/edit/").status_code,
        )

    assert statuses == {
        "methodist_a": (200, 200),
        "teacher_a2": (200, 403),
        "teacher_b": (404, 404),
    }


def test_plan_head_of_rmo_creates_the_plan_of_the_rmo(net, client):
    client.force_login(net["teacher_a"])

    response = client.post(
        "/network/plans/new/",
        {
            "title": "План работы РМО учителей математики",
            "year": "2025",
            "level": "association",
            "association": net["rmo"].pk,
        },
    )

    plan = WorkPlan.objects.get(title="План работы РМО учителей математики")
    assert response.status_code == 302
    assert (plan.level, plan.region, plan.municipality, plan.school_year) == (
        PlanLevel.ASSOCIATION,
        net["region"],
        net["mun_a"],
        "2025/2026",
    )
    assert WorkPlan.objects.changeable_by(net["teacher_a"], Perm.MANAGE_EVENTS).get() == plan


def test_plan_school_admin_cannot_plan_for_the_municipality(net, client):
    client.force_login(net["org_admin_a"])

    response = client.post(
        "/network/plans/new/",
        {
            "title": "Чужой план",
            "year": "2025",
            "level": "municipality",
            "municipality": net["mun_a"].pk,
        },
    )

    assert response.status_code == 200
    assert not WorkPlan.objects.filter(title="Чужой план").exists()


def test_plan_xlsx_lists_the_events_with_status_and_the_fulfilment(net, client):
    plan = plan_with_events(net)
    client.force_login(net["methodist_a"])

    response = client.get(f"/network/plans/{plan.pk}/xlsx/")

    rows = [
        list(r) for r in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    header = next(i for i, row in enumerate(rows) if row[0] == "№")
    statuses = [row[8] for row in rows[header + 1 :]]
    assert rows[0][0] == "План Город А"
    assert rows[3][0] == (
        "Мероприятий: 6; проведено: 2; запланировано: 3; отменено: 1; выполнение: 33 %"
    )
    assert sorted(statuses) == sorted(
        ["Проведено", "Проведено", "Отменено", "Запланировано", "Запланировано", "Запланировано"]
    )


def test_plan_delete_keeps_its_events(net):
    plan = plan_with_events(net)

    events = list(plan.events.values_list("pk", flat=True))

    services.delete_plan(plan, by=net["methodist_a"])

    assert not WorkPlan.objects.filter(pk=plan.pk).exists()
    assert Event.objects.filter(pk__in=events, plan__isnull=True).count() == 6


def test_plan_list_query_count_does_not_grow_with_rows(net, client):
    client.force_login(net["methodist_a"])
    plan_with_events(net)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/network/plans/").status_code == 200
        return len(queries)

    few = count_queries()
    for _ in range(3):
        plan_with_events(net)
    WorkPlanFactory(level="association", association=net["rmo"], municipality=net["mun_a"])
    many = count_queries()

    assert few == many


def test_plan_detail_shows_the_share(net, client):
    plan = plan_with_events(net)
    client.force_login(net["teacher_a"])

    page = client.get(f"/network/plans/{plan.pk}/").content.decode()

    assert "Проведено 2 из 6 мероприятий плана (33 %)." in page
    assert "Не отмечены как проведённые, хотя прошли: 1." in page
