from datetime import date

import factory

from profrost.core.models import RoleAssignment, User
from profrost.core.roles import Role
from profrost.registry import models
from profrost.registry.validators import make_inn, make_snils


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Область {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Муниципальный округ {n}")
    oktmo = factory.Sequence(lambda n: f"{10000000 + n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(
        lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»"
    )
    short_name = factory.Sequence(lambda n: f"МБОУ «Школа № {n}»")
    inn = factory.Sequence(lambda n: make_inn(100000000 + n))
    kind = models.OrganizationKind.SCHOOL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Иван"
    middle_name = "Иванович"
    birth_date = date(1980, 5, 17)
    snils = factory.Sequence(lambda n: make_snils(200000000 + n))
    career_start = date(2003, 9, 1)


def position(name="Учитель"):
    return models.Position.objects.get(name=name)


def subject(name="Математика"):
    return models.Subject.objects.get(name=name)


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Employment

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = factory.LazyFunction(position)
    is_main = True
    start_date = date(2015, 9, 1)


class AttestationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attestation

    person = factory.SubFactory(PersonFactory)
    category = models.AttestationCategory.FIRST
    decision_date = date(2024, 3, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Пользователь"
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role, scope=None, person=None, **kwargs):
    """A user holding `role` over `scope` (a Region, Municipality or Organization)."""
    user = UserFactory(person=person, **kwargs)
    assignment = RoleAssignment(user=user, role=role)
    if isinstance(scope, models.Region):
        assignment.region = scope
    elif isinstance(scope, models.Municipality):
        assignment.municipality = scope
    elif isinstance(scope, models.Organization):
        assignment.organization = scope
    assignment.full_clean()
    assignment.save()
    return user


def teacher_user(person):
    return user_with_role(Role.TEACHER, person=person)


# Competences and diagnostics ---------------------------------------------------------------


class CompetenceGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "competences.CompetenceGroup"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Группа компетенций {n}")


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "competences.Competence"
        django_get_or_create = ("code",)

    group = factory.SubFactory(CompetenceGroupFactory)
    code = factory.Sequence(lambda n: f"T.{n:03d}")
    name = factory.Sequence(lambda n: f"Тестовая компетенция {n}")


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "diagnostics.Instrument"

    title = factory.Sequence(lambda n: f"Тест методической грамотности {n}")
    kind = "test"
    status = "published"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "diagnostics.Item"

    instrument = factory.SubFactory(InstrumentFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = "single"
    text = factory.Sequence(lambda n: f"Вопрос {n}")


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "diagnostics.Option"

    item = factory.SubFactory(ItemFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Вариант {n}")
    points = 0


def choice_item(instrument, competences, points=(1, 0), kind="single", weight=1, text=""):
    """A choice item with options scored `points`, tied to each competence with `weight`."""
    from profrost.diagnostics.models import ItemCompetence

    item = ItemFactory(instrument=instrument, kind=kind, **({"text": text} if text else {}))
    for number, value in enumerate(points, start=1):
        OptionFactory(item=item, order=number, text=f"Вариант {number}", points=value)
    for competence in competences:
        ItemCompetence.objects.create(item=item, competence=competence, weight=weight)
    return item


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "diagnostics.Campaign"

    title = factory.Sequence(lambda n: f"Диагностика {n}")
    instrument = factory.SubFactory(InstrumentFactory)
    level = "region"
    region = factory.SubFactory(RegionFactory)
    starts_on = factory.LazyFunction(lambda: date.today().replace(day=1))
    ends_on = factory.LazyFunction(lambda: date.today().replace(year=date.today().year + 1))


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "diagnostics.Attempt"

    campaign = factory.SubFactory(CampaignFactory)
    person = factory.SubFactory(PersonFactory)
