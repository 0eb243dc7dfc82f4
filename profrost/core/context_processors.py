from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import Perm
from .scoping import has_perm_anywhere, resolve_scope


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Главная"), reverse("home"), "house")]
    scope = resolve_scope(user, Perm.VIEW_REGISTRY)
    if scope.everything or scope.region_ids or scope.municipality_ids or scope.organization_ids:
        items += [
            (_("Муниципалитеты"), reverse("registry:municipality_list"), "geo-alt"),
            (_("Организации"), reverse("registry:organization_list"), "building"),
            (_("Работники"), reverse("registry:person_list"), "people"),
            (_("Аттестация"), reverse("registry:attestation_due"), "award"),
        ]
    if user.person_id:
        url = reverse("registry:person_detail", args=[user.person_id])
        items.append((_("Моя карточка"), url, "person-badge"))
    if has_perm_anywhere(user, Perm.IMPORT_STAFF):
        items.append((_("Импорт"), reverse("registry:import_start"), "upload"))
    if has_perm_anywhere(user, Perm.MANAGE_MUNICIPALITIES):
        items.append((_("Журнал"), reverse("audit"), "journal-text"))
    return {"nav_items": items}
