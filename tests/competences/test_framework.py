"""The default competence framework as migration 0002 loads it."""

from collections import Counter

import pytest

from profrost.competences.framework import BURNOUT_COMPETENCE, iter_competences
from profrost.competences.models import Competence, CompetenceGroup

pytestmark = pytest.mark.django_db


def test_framework_groups_have_stable_codes_and_audiences():
    groups = list(CompetenceGroup.objects.values_list("code", "audience", "order"))
    assert groups == [
        ("SUBJ", "teachers", 1),
        ("MET", "teachers", 2),
        ("PSY", "teachers", 3),
        ("COM", "teachers", 4),
        ("MAN", "managers", 5),
        ("DIG", "all", 6),
    ]


def test_framework_every_group_has_three_to_six_top_competences():
    for group in CompetenceGroup.objects.all():
        top = group.competences.filter(parent__isnull=True).count()
        assert 3 <= top <= 6, group.code


def test_framework_codes_are_unique_in_the_data():
    counts = Counter(data["code"] for _group, _parent, data, _order in iter_competences())
    assert [code for code, count in counts.items() if count > 1] == []
    assert Competence.objects.count() == len(counts)


def test_framework_known_codes_keep_their_meaning():
    found = dict(
        Competence.objects.filter(
            code__in=["SUBJ.01", "MET.01", "MET.03.1", "PSY.02.1", "COM.01", "MAN.03", "DIG.02"]
        ).values_list("code", "name")
    )
    assert found == {
        "SUBJ.01": "Владение содержанием преподаваемого предмета",
        "MET.01": "Проектирование рабочей программы и планирование учебных занятий",
        "MET.03.1": "Формирующее оценивание и обратная связь",
        "PSY.02.1": "Обучение детей с ОВЗ и инвалидностью",
        "COM.01": "Взаимодействие с родителями (законными представителями) обучающихся",
        "MAN.03": "Управление кадровым потенциалом и методической работой",
        "DIG.02": "Использование цифровых образовательных ресурсов и платформ",
    }


def test_framework_codes_start_with_their_group_code():
    wrong = [
        competence.code
        for competence in Competence.objects.select_related("group")
        if not competence.code.startswith(competence.group.code + ".")
    ]
    assert wrong == []


def test_framework_tree_children_stay_in_the_parents_group():
    children = Competence.objects.filter(parent__isnull=False).select_related("parent")
    assert {child.code: child.parent.code for child in children} == {
        "MET.02.1": "MET.02",
        "MET.02.2": "MET.02",
        "MET.03.1": "MET.03",
        "MET.03.2": "MET.03",
        "PSY.02.1": "PSY.02",
        "PSY.02.2": "PSY.02",
        "PSY.02.3": "PSY.02",
    }
    assert [child.code for child in children if child.group_id != child.parent.group_id] == []


def test_framework_labour_functions_name_the_professional_standard():
    functions = set(
        Competence.objects.exclude(labour_function="").values_list("labour_function", flat=True)
    )
    assert functions == {
        "A/01.6 Общепедагогическая функция. Обучение",
        "A/02.6 Воспитательная деятельность",
        "A/03.6 Развивающая деятельность",
        "B/03.6 Педагогическая деятельность по реализации программ основного и среднего "
        "общего образования",
    }


def test_framework_burnout_competence_is_psychological():
    competence = Competence.objects.select_related("group").get(code=BURNOUT_COMPETENCE)
    assert (competence.group.code, competence.name) == (
        "PSY",
        "Эмоциональная устойчивость и профилактика профессионального выгорания",
    )


def test_framework_competences_pass_model_validation():
    for competence in Competence.objects.select_related("group", "parent"):
        competence.full_clean()
