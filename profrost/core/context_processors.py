"""The navigation bar: menus of the modules the user may open, built from the permission matrix."""

from django.urls import NoReverseMatch, reverse
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
        ],
    ),
    (
        "Диагностика",
        "clipboard2-pulse",
        [
            ("Сводка по дефицитам", "diagnostics:summary", Perm.VIEW_DIAGNOSTICS, True),
            ("Дефициты", "diagnostics:deficit_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Результаты", "diagnostics:result_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Кампании", "diagnostics:campaign_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Инструменты", "diagnostics:instrument_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Компетенции", "competences:competence_list", Perm.VIEW_DIAGNOSTICS, True),
            ("Импорт результатов", "diagnostics:results_import", Perm.IMPORT_RESULTS, True),
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


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menus": []}
    menus = []
    for label, icon, entries in MENUS:
        links = [
            (_(title), url)
            for title, name, perm, manager_only in entries
            if (_manager(user, perm) if manager_only else has_perm_anywhere(user, perm))
            and (url := _url(name))
        ]
        if links:
            menus.append((_(label), icon, links))
    if user.person_id:
        own = [
            (_("Моя карточка"), _url("registry:person_detail", user.person_id)),
            (_("Мои диагностики"), _url("diagnostics:my_diagnostics")),
            (_("Моя карта дефицитов"), _url("diagnostics:deficit_map", user.person_id)),
        ]
        menus.append((_("Моё"), "person-badge", [(title, url) for title, url in own if url]))
    if has_perm_anywhere(user, Perm.MANAGE_MUNICIPALITIES):
        menus.append((_("Журнал"), "journal-text", [(_("Журнал действий"), reverse("audit"))]))
    return {"nav_menus": menus}
