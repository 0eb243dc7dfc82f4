"""The texts and tables of the demo achievements: competitions, editions, topics, expert bodies."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from profrost.achievements.models import (
    ExpertKind,
    Level,
    PublicationKind,
    PublicationLevel,
)
from profrost.demo.registry.names import REGION_NAME_GENITIVE
from profrost.registry.models import OrganizationKind

REGIONAL_ORGANIZER = _("Министерство образования %(region)s") % {"region": REGION_NAME_GENITIVE}
FEDERAL_ORGANIZER = _("Министерство просвещения Российской Федерации")
MUNICIPAL_ORGANIZER = _("Управление образования")

THREE_ROUNDS = ["Заочный тур", "Очный тур", "Финал"]
TWO_STAGES = ["Заочный этап", "Очный этап"]


@dataclass(frozen=True)
class Spec:
    """A competition to hold: who may take part (organization kinds, young only)."""

    title: str
    stages: list
    kinds: tuple = (OrganizationKind.SCHOOL,)
    young: bool = False
    organizer: str = ""


REGIONAL = [
    Spec("Учитель года", THREE_ROUNDS, organizer=REGIONAL_ORGANIZER),
    Spec(
        "Воспитатель года",
        THREE_ROUNDS,
        (OrganizationKind.KINDERGARTEN,),
        organizer=REGIONAL_ORGANIZER,
    ),
    Spec(
        "Педагогический дебют",
        ["Заочный тур", "Финал"],
        (OrganizationKind.SCHOOL, OrganizationKind.KINDERGARTEN, OrganizationKind.ADDITIONAL),
        young=True,
        organizer=REGIONAL_ORGANIZER,
    ),
    Spec(
        "Сердце отдаю детям",
        ["Заочный тур", "Финал"],
        (OrganizationKind.ADDITIONAL,),
        organizer=REGIONAL_ORGANIZER,
    ),
]
# Held in the municipalities, each a stage on the way to the regional one of the same name.
MUNICIPAL = REGIONAL[:3]
FEDERAL = [
    Spec(
        "Учитель года России",
        ["Заочный тур", "Очный тур", "Суперфинал"],
        organizer=FEDERAL_ORGANIZER,
    ),
    Spec(
        "Воспитатель года России",
        ["Заочный тур", "Очный тур", "Финал"],
        (OrganizationKind.KINDERGARTEN,),
        organizer=FEDERAL_ORGANIZER,
    ),
]
INTERNATIONAL = [
    Spec(
        "Международный конкурс методических разработок «Педагогическая мастерская»",
        ["Заочный этап"],
        (OrganizationKind.SCHOOL, OrganizationKind.ADDITIONAL),
        organizer=_("Международная ассоциация педагогов"),
    )
]
SCHOOL = [
    Spec("Лучший урок года", ["Открытые уроки", "Защита методической разработки"]),
    Spec("Методическая копилка", ["Отбор разработок"]),
]

PUBLICATION_LEVELS = [
    (PublicationLevel.MUNICIPAL, 45),
    (PublicationLevel.REGIONAL, 35),
    (PublicationLevel.FEDERAL, 18),
    (PublicationLevel.INTERNATIONAL, 2),
]
PUBLICATION_KINDS = [
    (PublicationKind.ARTICLE, 55),
    (PublicationKind.THESES, 15),
    (PublicationKind.RECOMMENDATIONS, 9),
    (PublicationKind.MANUAL, 7),
    (PublicationKind.PROGRAM, 4),
    (PublicationKind.COLLECTION, 3),
    (PublicationKind.ELECTRONIC, 7),
]
EDITIONS = {
    PublicationLevel.MUNICIPAL: [
        "Методический вестник управления образования",
        "Сборник материалов муниципальной педагогической конференции",
        "Методический бюллетень муниципальной методической службы",
    ],
    PublicationLevel.REGIONAL: [
        "Вестник института развития образования",
        "Сборник материалов региональной научно-практической конференции «Современное "
        "образование: опыт и перспективы»",
        "Педагогический вестник области",
    ],
    PublicationLevel.FEDERAL: [
        "Народное образование",
        "Методист",
        "Дошкольное воспитание",
        "Сборник материалов Всероссийской научно-практической конференции «Педагог будущего»",
    ],
    PublicationLevel.INTERNATIONAL: [
        "Сборник материалов Международной научно-практической конференции «Образование: "
        "традиции и инновации»",
    ],
}
SCHOOL_TOPICS = [
    "Формирование функциональной грамотности обучающихся: из опыта работы",
    "Проектная деятельность как средство развития познавательной активности",
    "Цифровые образовательные ресурсы на уроке: возможности и ограничения",
    "Формирующее оценивание в основной школе",
    "Смысловое чтение как метапредметный результат",
    "Организация работы с детьми с ОВЗ в условиях инклюзии",
    "Патриотическое воспитание во внеурочной деятельности",
    "Наставничество как форма сопровождения молодого педагога",
]
SUBJECT_TOPICS = [
    "Методические рекомендации по подготовке к ГИА. {subject}",
    "Сборник заданий для формирования читательской грамотности. {subject}",
    "Рабочая программа курса внеурочной деятельности. {subject}",
]
PRESCHOOL_TOPICS = [
    "Развитие речи детей дошкольного возраста через театрализованную деятельность",
    "Экологическое воспитание дошкольников в проектной деятельности",
    "Взаимодействие детского сада и семьи: современные формы",
    "Сенсорное развитие детей раннего возраста",
]
EXTRA_TOPICS = [
    "Дополнительная общеразвивающая программа: от замысла до результата",
    "Мотивация обучающихся в системе дополнительного образования",
    "Сетевое взаимодействие школы и учреждения дополнительного образования",
]
EXPERT_BODIES = {
    ExpertKind.JURY: [
        (Level.MUNICIPAL, "Жюри муниципального этапа конкурса «Учитель года»"),
        (Level.MUNICIPAL, "Жюри муниципального конкурса «Педагогический дебют»"),
        (Level.REGIONAL, "Жюри регионального конкурса «Учитель года»"),
    ],
    ExpertKind.ATTESTATION: [
        (Level.REGIONAL, "Экспертная группа аттестационной комиссии министерства образования"),
    ],
    ExpertKind.COMMISSION: [
        (Level.MUNICIPAL, "Жюри муниципального этапа всероссийской олимпиады школьников"),
        (Level.REGIONAL, "Предметная комиссия государственной итоговой аттестации"),
    ],
    ExpertKind.PROGRAMS: [
        (Level.REGIONAL, "Экспертный совет по дополнительным профессиональным программам"),
    ],
    ExpertKind.PRACTICES: [
        (Level.REGIONAL, "Экспертная комиссия регионального банка лучших педагогических практик"),
        (Level.MUNICIPAL, "Муниципальный экспертный совет по инновационной деятельности"),
    ],
}
EXPERT_KINDS = [
    (ExpertKind.JURY, 30),
    (ExpertKind.ATTESTATION, 30),
    (ExpertKind.COMMISSION, 20),
    (ExpertKind.PROGRAMS, 10),
    (ExpertKind.PRACTICES, 10),
]
