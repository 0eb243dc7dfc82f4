"""Russian names of the audit codes, for the journal. Core knows no domain: each app adds the
names of its own codes in its AppConfig.ready() through `register`. A code no app named is
read from its parts, «app.model.verb»: the model's (or else the app's) verbose name and the
verb's name from VERBS, «Работник: создание»."""

from django.apps import apps

# Core's own codes: the refusals (core/audit.py).
LABELS = {
    "core.access.refused": "Отказ: запись вне зоны ответственности",
    "core.access.forbidden": "Отказ: недостаточно прав",
}

# The last part of the codes that apps write, named as what happened.
VERBS = {
    "created": "создание",
    "added": "добавление",
    "updated": "изменение",
    "changed": "изменение",
    "deleted": "удаление",
    "removed": "удаление",
    "removed_all": "удаление всех",
    "viewed": "просмотр",
    "listed": "просмотр списка",
    "exported": "выгрузка",
    "summary_exported": "выгрузка сводки",
    "participants_exported": "выгрузка списка участников",
    "registration_list_exported": "выгрузка листа регистрации",
    "attempts_exported": "выгрузка попыток",
    "printed": "печать",
    "imported": "импорт",
    "applied": "применение",
    "rules_applied": "применение правил",
    "submitted": "отправка",
    "sent": "отправка",
    "saved": "сохранение",
    "answered": "ответ",
    "reviewed": "рассмотрение",
    "returned": "возврат",
    "rejected": "отклонение",
    "included": "включение",
    "excluded": "исключение",
    "agreed": "согласование",
    "built": "построение",
    "started": "начало",
    "completed": "завершение",
    "ended": "завершение",
    "closed": "закрытие",
    "reopened": "повторное открытие",
    "cancelled": "отмена",
    "terminated": "прекращение",
    "withdrawn": "отзыв",
    "revoked": "отзыв",
    "issued": "выдача",
    "certificate_issued": "выдача сертификата",
    "assigned": "назначение",
    "experts_assigned": "назначение экспертов",
    "assignment_ended": "завершение назначения",
    "balanced": "распределение нагрузки",
    "marked": "отметка",
    "attendance_marked": "отметка посещаемости",
    "status_set": "смена статуса",
    "moved": "перемещение",
    "items_reordered": "изменение порядка пунктов",
    "item_added": "добавление пункта",
    "item_changed": "изменение пункта",
    "item_moved": "перемещение пункта",
    "item_deleted": "удаление пункта",
    "evidence_saved": "сохранение подтверждения",
    "evidence_viewed": "просмотр подтверждения",
    "deficit_noted": "пояснение к дефициту",
    "rediagnosis_offered": "назначение повторной диагностики",
    "computed": "расчёт",
    "recomputed": "пересчёт",
    "locked_out": "блокировка",
    "failed": "ошибка",
}


def register(labels):
    """`labels`: code → name; a name may quote the entry's data, «Выдана роль: %(role)s»."""
    LABELS.update(labels)


def describe(action, data):
    """The entry's name for people: the one its app registered, or else read from the code's
    parts; the code itself when neither names it, or when the name asks for data the entry
    lacks (an entry written before the name was)."""
    label = LABELS.get(action)
    if label is None:
        return composed(action)
    try:
        return str(label) % (data or {}) if "%(" in str(label) else str(label)
    except (KeyError, TypeError, ValueError):
        return action


def composed(action):
    """«Работник: создание» for registry.person.created, from the model's verbose name (the
    app's when the middle part is not a model) and VERBS; the code when a part is unknown."""
    parts = action.split(".")
    if len(parts) != 3 or parts[2] not in VERBS:
        return action
    app_label, model_name, verb = parts
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return action
    try:
        subject = config.get_model(model_name)._meta.verbose_name
    except LookupError:
        subject = config.verbose_name
    return f"{str(subject)[:1].upper()}{str(subject)[1:]}: {VERBS[verb]}"
