"""Synonyms of positions and subjects that municipal rosters use every day. The data is kept
here, as a migration must not import live code; `key` is the synonym as imports compare it
(lower case, «ё» as «е», punctuation as spaces), checked against the live function by
tests/registry/test_synonyms.py. docs/import.md lists and explains them."""

from django.db import migrations

DEPUTY_STUDY = "Заместитель директора по учебной работе"
DEPUTY_UPBRINGING = "Заместитель директора по воспитательной работе"
DEPUTY_METHODS = "Заместитель директора по научно-методической работе"
POSITIONS = [
    # A deputy head without a field is most often the deputy for study (УВР).
    ("заместитель директора", DEPUTY_STUDY),
    ("заместитель директора по увр", DEPUTY_STUDY),
    ("заместитель директора по ур", DEPUTY_STUDY),
    ("заместитель директора по учебно-воспитательной работе", DEPUTY_STUDY),
    ("заместитель директора по вр", DEPUTY_UPBRINGING),
    ("заместитель директора по нмр", DEPUTY_METHODS),
    ("заместитель директора по методической работе", DEPUTY_METHODS),
    ("заведующая", "Заведующий"),
    ("заведующий детским садом", "Заведующий"),
    ("заместитель заведующей", "Заместитель заведующего"),
    ("заместитель заведующего по вмр", "Заместитель заведующего"),
    ("учитель начальных классов", "Учитель"),
    ("логопед", "Учитель-логопед"),
    ("дефектолог", "Учитель-дефектолог"),
    ("психолог", "Педагог-психолог"),
    ("пдо", "Педагог дополнительного образования"),
    ("инструктор по физкультуре", "Инструктор по физической культуре"),
    ("музыкальный работник", "Музыкальный руководитель"),
    (
        "советник директора по воспитанию",
        (
            "Советник директора по воспитанию и взаимодействию с детскими общественными "
            "объединениями"
        ),
    ),
    (
        "преподаватель-организатор обж",
        ("Преподаватель-организатор основ безопасности и защиты Родины"),
    ),
]
SAFETY = "Основы безопасности и защиты Родины"
SUBJECTS = [
    ("английский язык", "Иностранный язык (английский)"),
    ("немецкий язык", "Иностранный язык (немецкий)"),
    ("французский язык", "Иностранный язык (французский)"),
    ("алгебра", "Математика"),
    ("геометрия", "Математика"),
    ("вероятность и статистика", "Математика"),
    ("обж", SAFETY),
    ("обзр", SAFETY),
    ("физкультура", "Физическая культура"),
    ("изо", "Изобразительное искусство"),
    ("технология", "Труд (технология)"),
    ("труд", "Труд (технология)"),
    ("орксэ", "Основы религиозных культур и светской этики"),
    ("однкнр", "Основы духовно-нравственной культуры народов России"),
    ("родной язык", "Родной язык и родная литература"),
    ("родная литература", "Родной язык и родная литература"),
    ("начальная школа", "Начальные классы"),
    ("информатика и икт", "Информатика"),
]


def key_of(synonym):
    return " ".join(synonym.lower().replace("ё", "е").replace("-", " ").split())


def seed(apps, schema_editor):
    Position = apps.get_model("registry", "Position")
    Subject = apps.get_model("registry", "Subject")
    ReferenceSynonym = apps.get_model("registry", "ReferenceSynonym")
    for kind, model, pairs in (("position", Position, POSITIONS), ("subject", Subject, SUBJECTS)):
        targets = {row.name: row for row in model.objects.filter(name__in=[t for _s, t in pairs])}
        for synonym, name in pairs:
            if name in targets:
                ReferenceSynonym.objects.get_or_create(
                    kind=kind,
                    key=key_of(synonym),
                    defaults={"synonym": synonym, kind: targets[name]},
                )


def unseed(apps, schema_editor):
    ReferenceSynonym = apps.get_model("registry", "ReferenceSynonym")
    for kind, pairs in (("position", POSITIONS), ("subject", SUBJECTS)):
        keys = [key_of(synonym) for synonym, _name in pairs]
        ReferenceSynonym.objects.filter(kind=kind, key__in=keys, created_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_reference_synonyms")]

    operations = [migrations.RunPython(seed, unseed)]
