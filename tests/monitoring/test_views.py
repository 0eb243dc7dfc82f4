from datetime import date

from profrost.core.roles import Role
from profrost.monitoring.models import MonitoringPeriod, PeriodStatus
from tests import factories


def period_of(municipality, title="Полугодие"):
    return MonitoringPeriod.objects.create(
        title=title,
        level="municipality",
        region=municipality.region,
        municipality=municipality,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )


def test_period_create_municipal_methodist_makes_a_period_of_their_municipality(client, two_orgs):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    client.force_login(methodist)
    response = client.post(
        "/monitoring/periods/new/",
        {
            "title": "Первое полугодие 2026",
            "level": "municipality",
            "region": two_orgs["mun_a"].region_id,
            "municipality": two_orgs["mun_a"].pk,
            "starts_on": "01.01.2026",
            "ends_on": "30.06.2026",
        },
    )
    period = MonitoringPeriod.objects.get()
    assert response.status_code == 302
    assert (period.municipality, period.ends_on) == (two_orgs["mun_a"], date(2026, 6, 30))


def test_period_create_refuses_another_municipality_and_region_level(client, two_orgs):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    client.force_login(methodist)
    data = {
        "title": "Чужой",
        "level": "municipality",
        "region": two_orgs["mun_a"].region_id,
        "municipality": two_orgs["mun_b"].pk,
        "starts_on": "01.01.2026",
        "ends_on": "30.06.2026",
    }
    assert client.post("/monitoring/periods/new/", data).status_code == 200
    data.update(level="region", municipality="")
    assert client.post("/monitoring/periods/new/", data).status_code == 200
    assert MonitoringPeriod.objects.count() == 0


def test_period_compute_by_methodist_stores_values(
    client, two_orgs, django_capture_on_commit_callbacks
):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    period = period_of(two_orgs["mun_a"])
    client.force_login(methodist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/monitoring/periods/{period.pk}/compute/")
    period.refresh_from_db()
    assert response.status_code == 302
    assert period.status == PeriodStatus.COMPUTED
    assert period.values.filter(indicator="diagnosed_share").count() == 2
    page = client.get(f"/monitoring/periods/{period.pk}/").content.decode()
    assert "Пересчитать" in page


def test_period_compute_organization_admin_sees_but_cannot_compute(client, two_orgs, org_admin_a):
    period = period_of(two_orgs["mun_a"])
    client.force_login(org_admin_a)
    assert client.get(f"/monitoring/periods/{period.pk}/").status_code == 200
    assert client.post(f"/monitoring/periods/{period.pk}/compute/").status_code == 403
    assert period.values.count() == 0


def test_period_detail_outsider_gets_404(client, two_orgs, org_admin_a):
    period = period_of(two_orgs["mun_b"])
    client.force_login(org_admin_a)
    assert client.get(f"/monitoring/periods/{period.pk}/").status_code == 404
    assert client.post(f"/monitoring/periods/{period.pk}/compute/").status_code == 404
