"""Demo data for ФИС ФРДО (docs/frdo.md), built last so that no other builder's draws move: the
data the register needs on the programs and people, the providers' numbering, the documents of
this year and last year issued with it, last year's exported in a batch, one of them changed
since; a few learners lack a gender or a prior diploma, so the pre-check has something to list.

It draws from a Random of its own, seeded by the demo's day, so the rest of the demo stays as it
was."""

import random
from collections import defaultdict
from datetime import date

from django.db import transaction

from profrost.programs.models import (
    REGISTERED,
    DocumentNumbering,
    DppType,
    Enrollment,
    EnrollmentStatus,
    ExportBatch,
    ExportedDocument,
    FundingSource,
    Program,
    RegisterDocumentKind,
)
from profrost.programs.register import check
from profrost.programs.services.documents import study_form_of
from profrost.registry.models import EducationLevel, Gender, Person

AREA = "Образование и наука"
SPECIALITY_GROUP = "44.00.00 Образование и педагогические науки"
QUALIFICATION = "Педагог"
INCOMPLETE_SHARE = 0.04
SPO_SHARE = 0.15


def build_demo_register(context):
    if context.region is None:
        return
    rng = random.Random(f"frdo-{context.today:%Y%m%d}")
    with transaction.atomic():
        programs = describe_programs(context.region)
        documents = issued_documents(programs, context.today)
        describe_people(rng, {e.person_id for e in documents})
        numberings = number_documents(documents)
        batch = export_last_year(documents, context)
    context.summary["Документов для ФИС ФРДО"] = len(documents)
    context.summary["Выгрузок в ФИС ФРДО"] = 1 if batch else 0
    context.summary["Провайдеров с нумерацией документов"] = len(numberings)


def describe_programs(region):
    programs = list(Program.objects.filter(region=region, kind__in=DppType.values))
    for program in programs:
        program.dpp_type = program.kind
        program.activity_area = AREA
        program.speciality_group = SPECIALITY_GROUP
        program.qualification = QUALIFICATION if program.kind == DppType.PP else ""
    Program.objects.bulk_update(
        programs, ["dpp_type", "activity_area", "speciality_group", "qualification"]
    )
    return {program.pk: program for program in programs if program.provider_id}


def issued_documents(programs, today):
    """The completed ПК and ПП of the providers' programs since January of last year."""
    return list(
        Enrollment.objects.filter(
            status=EnrollmentStatus.COMPLETED,
            document_kind__in=REGISTERED,
            cohort__program__in=list(programs),
            completed_on__gte=date(today.year - 1, 1, 1),
        )
        .select_related("cohort__program")
        .order_by("completed_on", "pk")
    )


def gender_of(person):
    middle = (person.middle_name or "").lower()
    if middle.endswith(("вна", "чна", "кызы")):
        return Gender.FEMALE
    if middle.endswith(("вич", "ич", "оглы")):
        return Gender.MALE
    return ""


def describe_people(rng, person_ids):
    people = list(Person.objects.filter(pk__in=person_ids).order_by("pk"))
    for person in people:
        incomplete = rng.random() < INCOMPLETE_SHARE
        person.gender = "" if incomplete and rng.random() < 0.5 else gender_of(person)
        person.education_level = (
            EducationLevel.SECONDARY if rng.random() < SPO_SHARE else EducationLevel.HIGHER
        )
        person.diploma_last_name = person.last_name
        person.diploma_series = str(rng.randint(1000, 9999))
        person.diploma_number = (
            "" if incomplete and person.gender else f"{rng.randint(0, 9999999):07d}"
        )
    Person.objects.bulk_update(
        people,
        ["gender", "education_level", "diploma_last_name", "diploma_series", "diploma_number"],
    )


def number_documents(documents):
    """Each provider's numbering, and its documents numbered in the order of issue."""
    funding = FundingSource.objects.filter(name__contains="субъектов").first()
    kinds = {kind.kind: kind for kind in RegisterDocumentKind.objects.exclude(kind=None)}
    forms = {}
    numberings = {}
    for enrollment in documents:
        program = enrollment.cohort.program
        numbering = numberings.get(program.provider_id)
        if numbering is None:
            numbering = numberings[program.provider_id] = DocumentNumbering(
                provider_id=program.provider_id, series="ПК", funding=funding
            )
        numbering.last += 1
        values = {"year": enrollment.completed_on.year, "seq": numbering.last}
        enrollment.document_number = numbering.number_pattern.format(**values)
        enrollment.registration_number = numbering.registration_pattern.format(**values)
        enrollment.document_series = numbering.series
        enrollment.issued_on = enrollment.completed_on
        enrollment.document_type = kinds.get(enrollment.document_kind)
        if program.form not in forms:
            forms[program.form] = study_form_of(program)
        enrollment.study_form = forms[program.form]
        enrollment.funding = funding
    DocumentNumbering.objects.bulk_create(numberings.values())
    Enrollment.objects.bulk_update(
        documents,
        [
            "document_number",
            "registration_number",
            "document_series",
            "issued_on",
            "document_type",
            "study_form",
            "funding",
        ],
        batch_size=1000,
    )
    return numberings


def export_last_year(documents, context):
    """Last year's documents of the institute that pass, exported in one batch by the regional
    methodist; the first of them has since been corrected, so it is flagged."""
    methodist = context.users.get("regmethodist")
    last_year = [e for e in documents if e.issued_on.year == context.today.year - 1]
    by_provider = defaultdict(list)
    for enrollment in last_year:
        by_provider[enrollment.cohort.program.provider_id].append(enrollment.pk)
    if not by_provider or methodist is None:
        return None
    provider_id, ids = max(by_provider.items(), key=lambda item: len(item[1]))
    enrollments = Enrollment.objects.filter(pk__in=ids).select_related(
        "person__citizenship", "cohort__program", "document_type", "study_form", "funding"
    )
    items = [item for item in check(enrollments) if item.passes]
    batch = ExportBatch.objects.create(
        provider_id=provider_id,
        issued_from=date(context.today.year - 1, 1, 1),
        issued_to=date(context.today.year - 1, 12, 31),
        created_by=methodist,
    )
    ExportedDocument.objects.bulk_create(
        ExportedDocument(
            batch=batch,
            enrollment=item.enrollment,
            number=item.enrollment.document_number,
            fingerprint=item.fingerprint,
        )
        for item in items
    )
    if items:
        corrected = items[0].enrollment
        corrected.document_series = "ПК-И"
        corrected.save(update_fields=["document_series"])
    return batch
