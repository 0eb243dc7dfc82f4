"""Associations: who sees and who changes them (the head of an РМО manages it), members,
reports, validation, and the list page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.core.models import AuditEntry
from profrost.core.roles import Perm
from profrost.network import services
from profrost.network.models import Association, Membership, MembershipRole
from tests import factories
from tests.network.factories import AssociationFactory, MembershipFactory, school_association


def visible(user):
    return set(Association.objects.visible_to(user, Perm.VIEW_NETWORK))


def changeable(user):
    return set(Association.objects.changeable_by(user, Perm.MANAGE_ASSOCIATIONS))


# Scope -------------------------------------------------------------------------------------


def test_association_head_sees_and_changes_their_rmo(net):
    assert net["rmo"] in visible(net["teacher_a"])
    assert changeable(net["teacher_a"]) == {net["rmo"]}


def test_association_colleague_in_the_municipality_sees_but_does_not_change(net):
    assert net["rmo"] in visible(net["teacher_a2"])
    assert changeable(net["teacher_a2"]) == set()


def test_association_teacher_of_another_municipality_does_not_see_it(net):
    assert net["rmo"] not in visible(net["teacher_b"])


def test_association_school_admin_sees_the_municipal_one_and_changes_own_shmo(net):
    shmo_a = school_association(net["org_a"])
    shmo_b = school_association(net["org_b"])

    assert visible(net["org_admin_a"]) == {net["rmo"], shmo_a}
    assert changeable(net["org_admin_a"]) == {shmo_a}
    assert shmo_b not in visible(net["org_admin_a"])


def test_association_member_of_another_municipality_makes_it_visible_to_their_admin(net):
    rmo_b = AssociationFactory(municipality=net["mun_b"], title="РМО Район Б")
    MembershipFactory(association=rmo_b, person=net["person_a2"])

    assert rmo_b in visible(net["org_admin_a"])
    assert rmo_b not in changeable(net["org_admin_a"])


def test_association_pages_head_edits_another_teacher_gets_403_outsider_404(net, client):
    url = f"/network/associations/{net['rmo'].pk}/edit/"
    statuses = {}
    for name in ("teacher_a", "teacher_a2", "teacher_b"):
        client.force_login(net[name])
        statuses[name] = client.get(url).status_code

    assert statuses == {"teacher_a": 200, "teacher_a2": 403, "teacher_b": 404}


def test_association_head_saves_the_edit_form(net, client):
    rmo = net["rmo"]
    client.force_login(net["teacher_a"])

    response = client.post(
        f"/network/associations/{rmo.pk}/edit/",
        {
            "title": "РМО учителей математики и информатики",
            "kind": rmo.kind,
            "problem_area": rmo.problem_area,
            "head": net["person_a"].pk,
            "is_active": "on",
        },
    )

    rmo.refresh_from_db()
    assert response.status_code == 302
    assert (rmo.title, rmo.level, rmo.municipality) == (
        "РМО учителей математики и информатики",
        "municipality",
        net["mun_a"],
    )
    assert AuditEntry.objects.filter(action="network.association.updated").count() == 1


def test_association_teacher_cannot_create_associations(net, client):
    client.force_login(net["teacher_a"])

    assert client.get("/network/associations/new/").status_code == 403
    assert (
        'href="/network/associations/new/"'
        not in client.get("/network/associations/").content.decode()
    )


def test_association_school_admin_creates_a_shmo_of_own_school(net, client):
    client.force_login(net["org_admin_a"])

    response = client.post(
        "/network/associations/new/",
        {
            "title": "ШМО учителей начальных классов",
            "kind": "school_mo",
            "level": "organization",
            "organization": net["org_a"].pk,
            "subject": factories.subject("Начальные классы").pk,
            "head": net["person_a2"].pk,
            "is_active": "on",
        },
    )

    shmo = Association.objects.get(title="ШМО учителей начальных классов")
    assert response.status_code == 302
    assert (shmo.region, shmo.municipality, shmo.organization) == (
        net["region"],
        net["mun_a"],
        net["org_a"],
    )
    assert list(shmo.memberships.values_list("person", "role")) == [
        (net["person_a2"].pk, MembershipRole.HEAD)
    ]


def test_association_school_admin_cannot_create_a_municipal_one(net, client):
    client.force_login(net["org_admin_a"])

    response = client.post(
        "/network/associations/new/",
        {
            "title": "Клуб",
            "kind": "club",
            "level": "municipality",
            "municipality": net["mun_a"].pk,
            "problem_area": "Интересы",
        },
    )

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Association.objects.filter(title="Клуб").exists()


def test_association_shmo_must_be_at_the_level_of_an_organization(net):
    association = Association(
        title="ШМО",
        kind="school_mo",
        level="municipality",
        region=net["region"],
        municipality=net["mun_a"],
        problem_area="Чтение",
    )

    with pytest.raises(ValidationError) as error:
        services.save_association(association, by=net["methodist_a"])

    assert error.value.message_dict == {
        "level": [
            "Школьное методическое объединение (ШМО) создаётся на уровне «Уровень организации»."
        ]
    }


def test_association_needs_a_subject_or_a_problem_area(net):
    association = Association(
        title="Сообщество",
        kind="community",
        level="municipality",
        region=net["region"],
        municipality=net["mun_a"],
    )

    with pytest.raises(ValidationError) as error:
        services.save_association(association, by=net["methodist_a"])

    assert error.value.message_dict == {
        "problem_area": ["Укажите предмет или проблемную область объединения."]
    }


def test_association_head_handover_moves_the_role_and_the_rights(net):
    rmo = net["rmo"]
    services.add_member(rmo, net["person_a2"], by=net["teacher_a"])
    rmo.head = net["person_a2"]

    services.save_association(rmo, by=net["teacher_a"], changed=["head"])

    roles = dict(rmo.memberships.values_list("person__last_name", "role"))
    assert roles == {"Альфина": "member", "Аверина": "head"}
    assert changeable(net["teacher_a"]) == set()
    assert changeable(net["teacher_a2"]) == {rmo}


# Members -----------------------------------------------------------------------------------


def test_member_add_page_head_finds_and_adds_a_colleague_of_the_municipality(net, client):
    client.force_login(net["teacher_a"])
    url = f"/network/associations/{net['rmo'].pk}/members/add/"

    found = client.get(url, {"q": "аверина"}).content.decode()
    response = client.post(
        url, {"person": net["person_a2"].pk, "role": "secretary", "joined_on": "01.09.2025"}
    )

    membership = Membership.objects.get(person=net["person_a2"])
    assert "Аверина" in found
    assert response.status_code == 302
    assert (membership.role, membership.joined_on.isoformat()) == ("secretary", "2025-09-01")


def test_member_add_page_refuses_a_person_outside_the_reach(net, client):
    client.force_login(net["teacher_a"])
    url = f"/network/associations/{net['rmo'].pk}/members/add/"

    found = client.get(url, {"q": "бетова"}).content.decode()
    response = client.post(
        url, {"person": net["person_b"].pk, "role": "member", "joined_on": "01.09.2025"}
    )

    assert "Бетова" not in found
    assert "Этого работника нельзя добавить" in response.content.decode()
    assert not Membership.objects.filter(person=net["person_b"]).exists()


def test_member_remove_ends_the_membership_today(net):
    membership = MembershipFactory(association=net["rmo"], person=net["person_a2"])

    services.remove_member(membership, by=net["teacher_a"])

    membership.refresh_from_db()
    assert membership.left_on is not None
    assert membership.left_on >= membership.joined_on


def test_member_remove_refuses_the_head(net):
    membership = net["rmo"].memberships.get(person=net["person_a"])

    with pytest.raises(ValidationError) as error:
        services.remove_member(membership, by=net["methodist_a"])

    assert error.value.messages == [
        f"{net['person_a']} — руководитель объединения: сначала назначьте другого руководителя."
    ]


def test_member_add_twice_refused(net):
    services.add_member(net["rmo"], net["person_a2"], by=net["teacher_a"])

    with pytest.raises(ValidationError):
        services.add_member(net["rmo"], net["person_a2"], by=net["teacher_a"])

    assert net["rmo"].memberships.filter(person=net["person_a2"]).count() == 1


def test_member_remove_page_for_a_colleague_is_403(net, client):
    membership = MembershipFactory(association=net["rmo"], person=net["person_a2"])
    client.force_login(net["teacher_a2"])

    assert client.post(f"/network/memberships/{membership.pk}/end/").status_code == 403


# The list page -----------------------------------------------------------------------------


def test_association_list_shows_only_visible_with_member_counts(net, client):
    AssociationFactory(municipality=net["mun_b"], title="РМО Район Б")
    MembershipFactory(association=net["rmo"], person=net["person_a2"])
    client.force_login(net["teacher_a2"])

    response = client.get("/network/associations/")

    rows = {obj.title: obj.member_count for obj in response.context["object_list"]}
    assert rows == {"РМО учителей математики": 2}


def test_association_list_query_count_does_not_grow_with_rows(net, client):
    client.force_login(net["methodist_a"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/network/associations/").status_code == 200
        return len(queries)

    few = count_queries()
    for number in range(5):
        association = AssociationFactory(
            municipality=net["mun_a"],
            head=factories.EmploymentFactory(organization=net["org_a"]).person,
            subject=factories.subject("Математика"),
        )
        MembershipFactory(association=association, person=association.head, role="head")
        school_association(net["org_a"], title=f"ШМО {number}")
    many = count_queries()

    assert few == many
