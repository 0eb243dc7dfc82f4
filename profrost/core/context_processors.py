"""What every page gets: the navigation menus (from the permission matrix) and the choices."""

from functools import cache

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import Perm
from .scoping import has_perm_anywhere, resolve_scope

# (menu label, icon, [(item label, url name, permission or None for the own person, manager only)])
MENUS = [
    (
        "Реестр",
        "building",
        [
            ("Муниципалитеты", "registry:municipality_list", Perm.VIEW_REGISTRY, True),
            ("Организации", "registry:organization_list", Perm.VIEW_REGISTRY, True),
            ("Работники", "registry:person_list", Perm.VIEW_REGISTRY, True),
            ("Аттестация", "registry:attestation_due", Perm.VIEW_REGISTRY, True),
            ("Импорт организаций и работников", "registry:import_start", Perm.IMPORT_STAFF, True),
            ("Синонимы справочников", "registry:synonym_list", Perm.MANAGE_REFERENCE, True),
            ("Согласия на обработку ПДн", "consents:missing", Perm.MANAGE_STAFF, True),
            ("Тексты согласия", "consents:texts", Perm.MANAGE_REFERENCE, True),
        ],
    ),
    (
        "Диагностика",
        "clipboard2-pulse",
        [
            ("Сводка по дефицитам", "diagnostics:summary", Perm.VIEW_DIAGNOSTICS, True),
            ("Дефициты", "diagnostics:deficit_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Результаты", "diagnostics:result_list", Perm.VIEW_DIAGNOSTICS, True),
            (
                "Результаты чувствительных методик",
                "diagnostics:sensitive_list",
                Perm.VIEW_SENSITIVE_RESULTS,
                True,
            ),
            ("Кампании", "diagnostics:campaign_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Инструменты", "diagnostics:instrument_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Компетенции", "competences:competence_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Импорт результатов", "diagnostics:results_import", Perm.IMPORT_RESULTS, True),
        ],
    ),
    (
        "Обучение",
        "mortarboard",
        [
            ("Каталог программ ДПО", "programs:program_list", Perm.VIEW_PROGRAMS, False),
            ("Записи на обучение", "programs:enrollment_list", Perm.VIEW_PROGRAMS, True),
            (
                "Без повышения квалификации 3 года",
                "programs:no_recent_training",
                Perm.APPROVE_ENROLMENTS,
                True,
            ),
            ("Заявки на обучение", "programs:request_list", Perm.MANAGE_TRAINING_REQUESTS, True),
            ("Сводка заявок", "programs:request_summary", Perm.MANAGE_TRAINING_REQUESTS, True),
            ("Импорт из реестра ДПП", "programs:import", Perm.MANAGE_PROGRAMS, True),
            ("Документы для ФИС ФРДО", "programs:register_check", Perm.REPORT_DOCUMENTS, True),
            ("Маршруты (ИОМ)", "routes:route_list", Perm.MANAGE_ROUTES, True),
            ("Контрольные точки", "routes:tutor_checkpoints", Perm.MANAGE_ROUTES, True),
            ("Эффект программ", "routes:program_effect", Perm.VIEW_PROGRAMS, True),
            (
                "Региональный методический актив",
                "methodists:methodist_list",
                Perm.VIEW_REGISTRY,
                True,
            ),
            (
                "Педагоги без методиста",
                "methodists:unassigned_teachers",
                Perm.MANAGE_METHODISTS,
                True,
            ),
            (
                "Распределение педагогов",
                "methodists:methodist_balancing",
                Perm.MANAGE_METHODISTS,
                True,
            ),
        ],
    ),
    (
        "Сеть",
        "diagram-3",
        [
            ("Мероприятия", "network:event_list", Perm.VIEW_NETWORK, False),
            ("Календарь", "network:calendar", Perm.VIEW_NETWORK, False),
            ("Планы работы", "network:plan_list", Perm.VIEW_NETWORK, False),
            ("Объединения", "network:association_list", Perm.VIEW_NETWORK, False),
            ("Наставничество", "mentoring:pair_list", Perm.VIEW_NETWORK, True),
            ("Программы наставничества", "mentoring:program_list", Perm.VIEW_NETWORK, True),
            (
                "Молодые специалисты без наставника",
                "mentoring:young_without_mentor",
                Perm.MANAGE_MENTORING,
                True,
            ),
            ("Конкурсы", "achievements:competition_list", Perm.VIEW_NETWORK, False),
            ("Участие в конкурсах", "achievements:participation_list", Perm.VIEW_NETWORK, True),
            ("Публикации", "achievements:publication_list", Perm.VIEW_NETWORK, True),
            ("Эксперты", "achievements:expert_list", Perm.VIEW_NETWORK, True),
            ("Банк практик", "practices:practice_list", Perm.VIEW_NETWORK, False),
            ("Мои экспертизы практик", "practices:my_reviews", Perm.VIEW_NETWORK, False),
            ("Открытый банк практик", "practices:public_bank", Perm.VIEW_NETWORK, False),
            ("Инновационные проекты", "practices:project_list", Perm.VIEW_NETWORK, True),
            ("Документы и материалы", "practices:document_list", Perm.VIEW_NETWORK, False),
        ],
    ),
    (
        "Мониторинг",
        "speedometer2",
        [
            ("Показатели", "monitoring:dashboard", Perm.VIEW_MONITORING, True),
            ("Сравнение", "monitoring:compare", Perm.VIEW_MONITORING, True),
            ("Периоды мониторинга", "monitoring:period_list", Perm.VIEW_MONITORING, True),
            ("Целевые значения", "monitoring:target_list", Perm.VIEW_MONITORING, True),
            ("Рекомендации", "monitoring:recommendation_list", Perm.ANSWER_RECOMMENDATIONS, False),
            ("Управленческие решения", "monitoring:decision_list", Perm.VIEW_MONITORING, True),
            ("Запросы данных", "datarequests:request_list", Perm.MANAGE_DATA_REQUESTS, True),
            ("Входящие запросы данных", "datarequests:inbox", Perm.ANSWER_DATA_REQUESTS, True),
        ],
    ),
    (
        "Кадры",
        "person-workspace",
        [
            ("Вакансии", "staffing:vacancy_list", Perm.VIEW_NETWORK, True),
            ("Сводка вакансий", "staffing:summary", Perm.VIEW_NETWORK, True),
            (
                "Прогноз выбытия по возрасту",
                "staffing:retirement_forecast",
                Perm.VIEW_NETWORK,
                True,
            ),
        ],
    ),
]


def _manager(user, perm):
    """Holds `perm` over something wider than the own person record."""
    scope = resolve_scope(user, perm)
    return bool(
        scope.everything or scope.region_ids or scope.municipality_ids or scope.organization_ids
    )


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menus": []}
    menus = []
    for label, icon, entries in MENUS:
        links = [
            (_(title), reverse(name))
            for title, name, perm, manager_only in entries
            if (_manager(user, perm) if manager_only else has_perm_anywhere(user, perm))
        ]
        if links:
            menus.append((_(label), icon, links))
    if user.person_id:
        own = [
            (_("Моя карточка"), reverse("registry:person_detail", args=[user.person_id])),
            (_("Мои диагностики"), reverse("diagnostics:my_diagnostics")),
            (_("Моя карта дефицитов"), reverse("diagnostics:deficit_map", args=[user.person_id])),
            (_("Мой маршрут (ИОМ)"), reverse("routes:my_route")),
            (_("Моё обучение"), reverse("programs:my_training")),
            (_("Мои мероприятия"), reverse("network:my_events")),
            (_("Моё наставничество"), reverse("mentoring:my_mentoring")),
            (_("Моё портфолио"), reverse("achievements:my_portfolio")),
            (_("Моё согласие на обработку данных"), reverse("consents:my")),
            (_("Мои данные"), reverse("consents:my_data")),
            (_("Данные для документов об обучении"), reverse("registry:my_document_data")),
        ]
        menus.append((_("Моё"), "person-badge", own))
    if has_perm_anywhere(user, Perm.MANAGE_MUNICIPALITIES):
        menus.append((_("Журнал"), "journal-text", [(_("Журнал действий"), reverse("audit"))]))
    return {"nav_menus": menus}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@cache
def choice_classes():
    """Every TextChoices class by its app's label and its name, read once the apps are loaded."""
    classes = {}
    for cls in _subclasses(models.TextChoices):
        app = apps.get_containing_app_config(cls.__module__)
        if app is not None:
            classes.setdefault(app.label, {})[cls.__name__] = cls
    return classes


def choices(request):
    """`choices.<app>.<Class>.<MEMBER>`: templates compare a status, level or kind with it."""
    return {"choices": choice_classes()}
