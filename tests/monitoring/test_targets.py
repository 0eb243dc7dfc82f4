from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.monitoring import selectors, services
from profrost.monitoring.indicators import REGISTRY
from profrost.monitoring.models import Target
from profrost.monitoring.selectors import AnalysisScope
from tests import factories

D = Decimal
DIAGNOSED = REGISTRY["diagnosed_share"]
ROUTES = REGISTRY["route_share"]


def scopes(two_orgs):
    org_a, mun_a = two_orgs["org_a"], two_orgs["mun_a"]
    return {
        "region": AnalysisScope("region", mun_a.region_id, mun_a.region.name, mun_a.region_id),
        "municipality": AnalysisScope("municipality", mun_a.pk, mun_a.name, mun_a.region_id),
        "organization": AnalysisScope(
            "organization", org_a.pk, org_a.short_name, mun_a.region_id, mun_a.pk, mun_a.name
        ),
    }


def target(two_orgs, value, year=2026, indicator="diagnosed_share", **scope):
    return Target.objects.create(
        indicator=indicator, year=year, region=two_orgs["mun_a"].region, value=D(value), **scope
    )


# Resolution ------------------------------------------------------------------------------------


def test_target_for_falls_back_to_the_default(two_orgs):
    found = selectors.target_for(DIAGNOSED, 2026, scopes(two_orgs)["organization"])
    assert (found.value, found.source) == (D(20), "default")


def test_target_for_resolution_order_organization_municipality_region(two_orgs):
    levels = scopes(two_orgs)
    target(two_orgs, 30)
    assert selectors.target_for(DIAGNOSED, 2026, levels["organization"]).value == D(30)
    target(two_orgs, 35, municipality=two_orgs["mun_a"])
    assert selectors.target_for(DIAGNOSED, 2026, levels["organization"]).value == D(35)
    assert selectors.target_for(DIAGNOSED, 2026, levels["region"]).value == D(30)
    target(two_orgs, 40, organization=two_orgs["org_a"])
    found = selectors.target_for(DIAGNOSED, 2026, levels["organization"])
    assert (found.value, found.source) == (D(40), "organization")
    assert selectors.target_for(DIAGNOSED, 2026, levels["municipality"]).value == D(35)
    # Another year and another indicator keep their own values.
    assert selectors.target_for(DIAGNOSED, 2027, levels["organization"]).value == D(20)
    assert selectors.target_for(ROUTES, 2026, levels["organization"]).value == D(15)


def test_target_for_another_municipality_does_not_leak(two_orgs):
    target(two_orgs, 50, municipality=two_orgs["mun_b"])
    assert selectors.target_for(DIAGNOSED, 2026, scopes(two_orgs)["organization"]).value == D(20)


def test_target_book_resolves_a_page_in_one_query(two_orgs):
    levels = scopes(two_orgs)
    target(two_orgs, 30)
    target(two_orgs, 40, organization=two_orgs["org_a"])
    with CaptureQueriesContext(connection) as queries:
        book = selectors.TargetBook(2026, [two_orgs["mun_a"].region_id])
        found = [
            book.resolve(indicator, scope)
            for indicator in REGISTRY.values()
            for scope in levels.values()
        ]
    assert len(queries.captured_queries) == 1
    assert [t.value for t in found[:3]] == [D(30), D(30), D(40)]


# Services --------------------------------------------------------------------------------------


def test_set_region_targets_creates_updates_and_removes(two_orgs, regional_admin):
    region = two_orgs["mun_a"].region
    changes = services.set_region_targets(
        region, 2026, {"diagnosed_share": D(25), "route_share": D(18)}, by=regional_admin
    )
    assert changes == 2
    changes = services.set_region_targets(
        region, 2026, {"diagnosed_share": D(25), "route_share": None}, by=regional_admin
    )
    assert changes == 1
    assert list(Target.objects.values_list("indicator", "value")) == [("diagnosed_share", D(25))]
    assert list(
        AuditEntry.objects.filter(action__startswith="monitoring.target.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["monitoring.target.created", "monitoring.target.created", "monitoring.target.deleted"]


def test_set_region_targets_refuses_share_above_100(two_orgs, regional_admin):
    region = two_orgs["mun_a"].region
    with pytest.raises(ValidationError) as error:
        services.set_region_targets(region, 2026, {"diagnosed_share": D(120)}, by=regional_admin)
    assert error.value.message_dict == {"diagnosed_share": ["Доля не может быть больше 100 %."]}
    assert Target.objects.count() == 0


def test_save_target_refuses_neutral_indicator(two_orgs, regional_admin):
    vacancies = Target(
        indicator="staffing_needs", year=2026, region=two_orgs["mun_a"].region, value=D(1)
    )
    with pytest.raises(ValidationError) as error:
        services.save_target(vacancies, by=regional_admin)
    assert "цель для него не задаётся" in error.value.messages[0]


def test_save_target_refuses_a_second_target_of_the_same_scope(two_orgs, regional_admin):
    target(two_orgs, 30, organization=two_orgs["org_a"])
    again = Target(
        indicator="diagnosed_share",
        year=2026,
        region=two_orgs["mun_a"].region,
        organization=two_orgs["org_a"],
        value=D(31),
    )
    with pytest.raises(ValidationError) as error:
        services.save_target(again, by=regional_admin)
    assert error.value.messages == [
        "Цель этого показателя на 2026 год для этой области уже задана: измените её."
    ]


# The targets page ------------------------------------------------------------------------------


def test_target_list_regional_admin_saves_region_values(client, two_orgs, regional_admin):
    region = two_orgs["mun_a"].region
    client.force_login(regional_admin)
    response = client.post(
        "/monitoring/targets/",
        {"region": region.pk, "year": 2026, "diagnosed_share": "22,5", "route_share": ""},
    )
    assert response.status_code == 302
    assert list(Target.objects.values_list("indicator", "year", "value", "scope_key")) == [
        ("diagnosed_share", 2026, D("22.5"), f"region:{region.pk}")
    ]
    page = client.get(f"/monitoring/targets/?year=2026&region={region.pk}").content.decode()
    assert 'value="22,50"' in page


def test_target_list_shows_russian_errors(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    response = client.post(
        "/monitoring/targets/",
        {"region": two_orgs["mun_a"].region_id, "year": 2026, "diagnosed_share": "150"},
    )
    assert response.status_code == 200
    assert "Убедитесь, что это значение меньше либо равно 100." in response.content.decode()
    assert Target.objects.count() == 0


def test_target_list_methodist_reads_only(client, two_orgs):
    target(two_orgs, 30)
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    client.force_login(methodist)
    response = client.get("/monitoring/targets/?year=2026")
    page = response.content.decode()
    assert response.context["can_manage"] is False
    assert 'name="diagnosed_share"' not in page
    assert response.context["groups"][0][1][0].effective.value == D(30)
    post = client.post(
        "/monitoring/targets/",
        {"region": two_orgs["mun_a"].region_id, "year": 2026, "diagnosed_share": "10"},
    )
    assert post.status_code == 403
    assert Target.objects.get().value == D(30)


def test_target_list_hides_overrides_outside_reach(client, two_orgs, org_admin_a):
    target(two_orgs, 30, organization=two_orgs["org_a"])
    target(two_orgs, 40, organization=two_orgs["org_b"])
    target(two_orgs, 45, municipality=two_orgs["mun_b"])
    client.force_login(org_admin_a)
    response = client.get("/monitoring/targets/?year=2026")
    assert [t.scope_name for t in response.context["overrides"]] == ["Школа А"]
    page = response.content.decode()
    assert "Школа Б" not in page
    assert "Район Б" not in page


def test_target_list_other_region_is_404(client, two_orgs, regional_admin):
    other = factories.RegionFactory(name="Чужая область")
    client.force_login(regional_admin)
    assert client.get(f"/monitoring/targets/?region={other.pk}").status_code == 404


def test_target_list_xlsx_has_numbers_as_numbers(client, two_orgs, regional_admin):
    target(two_orgs, "22.5")
    target(two_orgs, 40, organization=two_orgs["org_a"])
    client.force_login(regional_admin)
    response = client.get("/monitoring/targets/?year=2026&export=xlsx")
    rows = [
        list(r) for r in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[0] == [
        "Код",
        "Показатель",
        "Единица",
        "Направление",
        "Область",
        "Уровень",
        "Целевое значение",
        "Источник",
    ]
    by_code = {(row[0], row[5]): row for row in rows[1:]}
    assert by_code[("diagnosed_share", "Регион")][6:] == [22.5, "цель региона"]
    assert by_code[("route_share", "Регион")][6:] == [15, "по умолчанию (РСНМС, 2024)"]
    assert by_code[("diagnosed_share", "Организация")][4:] == [
        "Школа А",
        "Организация",
        40,
        "цель организации",
    ]


# Overrides -------------------------------------------------------------------------------------


def test_target_create_override_for_an_organization(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    response = client.post(
        "/monitoring/targets/new/",
        {
            "indicator": "diagnosed_share",
            "year": 2026,
            "organization": two_orgs["org_a"].pk,
            "value": "35",
        },
    )
    assert response.status_code == 302
    created = Target.objects.get()
    assert (created.scope_key, created.region, created.value) == (
        f"organization:{two_orgs['org_a'].pk}",
        two_orgs["mun_a"].region,
        D(35),
    )
    assert AuditEntry.objects.filter(action="monitoring.target.created").count() == 1


def test_target_create_needs_exactly_one_scope(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    data = {"indicator": "diagnosed_share", "year": 2026, "value": "35"}
    response = client.post("/monitoring/targets/new/", data)
    assert "Укажите либо муниципалитет, либо организацию." in response.content.decode()
    data.update(municipality=two_orgs["mun_a"].pk, organization=two_orgs["org_a"].pk)
    response = client.post("/monitoring/targets/new/", data)
    assert "Укажите либо муниципалитет, либо организацию." in response.content.decode()
    assert Target.objects.count() == 0


def test_target_create_refused_to_methodist(client, two_orgs):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    client.force_login(methodist)
    assert client.get("/monitoring/targets/new/").status_code == 403
    data = {"indicator": "diagnosed_share", "year": 2026, "municipality": two_orgs["mun_a"].pk}
    assert client.post("/monitoring/targets/new/", {**data, "value": "1"}).status_code == 403


def test_target_update_owner_changes_the_value(client, two_orgs, regional_admin):
    override = target(two_orgs, 30, organization=two_orgs["org_a"])
    client.force_login(regional_admin)
    assert client.get(f"/monitoring/targets/{override.pk}/edit/").status_code == 200
    response = client.post(f"/monitoring/targets/{override.pk}/edit/", {"value": "33,5"})
    override.refresh_from_db()
    assert (response.status_code, override.value) == (302, D("33.5"))
    assert AuditEntry.objects.filter(action="monitoring.target.updated").count() == 1


def test_target_update_in_scope_but_not_manager_is_403(client, two_orgs, org_admin_a):
    override = target(two_orgs, 30, organization=two_orgs["org_a"])
    client.force_login(org_admin_a)
    assert client.get(f"/monitoring/targets/{override.pk}/edit/").status_code == 403
    assert (
        client.post(f"/monitoring/targets/{override.pk}/edit/", {"value": "1"}).status_code == 403
    )


def test_target_update_outsider_is_404(client, two_orgs, org_admin_a):
    override = target(two_orgs, 30, organization=two_orgs["org_b"])
    client.force_login(org_admin_a)
    assert client.get(f"/monitoring/targets/{override.pk}/edit/").status_code == 404
    assert client.post(f"/monitoring/targets/{override.pk}/delete/").status_code == 404
    assert Target.objects.count() == 1


def test_target_delete_by_owner_is_audited(client, two_orgs, regional_admin):
    override = target(two_orgs, 30, municipality=two_orgs["mun_a"])
    client.force_login(regional_admin)
    assert client.get(f"/monitoring/targets/{override.pk}/delete/").status_code == 200
    response = client.post(f"/monitoring/targets/{override.pk}/delete/")
    assert response.status_code == 302
    assert Target.objects.count() == 0
    assert AuditEntry.objects.filter(action="monitoring.target.deleted").count() == 1


def test_set_region_targets_presence_is_one_or_zero(two_orgs, regional_admin):
    region = two_orgs["mun_a"].region
    code = next(i.code for i in REGISTRY.values() if i.kind == "presence")
    with pytest.raises(ValidationError) as error:
        services.set_region_targets(region, 2026, {code: D(2)}, by=regional_admin)
    assert error.value.message_dict == {
        code: ["Цель показателя наличия — 1 (есть) или 0 (не требуется)."]
    }
    services.set_region_targets(region, 2026, {code: D(0)}, by=regional_admin)
    assert Target.objects.get().value == D(0)
