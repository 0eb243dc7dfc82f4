"""Forms of routes. Choices are limited to what the user may see; the rules live in `services`,
whose ValidationErrors come back onto the fields through `core.forms.attach_errors`."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.competences.models import Competence
from profrost.core.forms import ScopedModelForm, date_field
from profrost.core.lookups import LookupField, row_or_none
from profrost.core.roles import Perm
from profrost.diagnostics.models import Deficit, DeficitStatus
from profrost.methodists.models import Methodist
from profrost.programs.models import Cohort, Program
from profrost.registry.lookups import person_lookup
from profrost.registry.models import Employment, Person

from .models import Checkpoint, ItemStatus, Route, RouteItem
from .selectors import routes_visible_to
from .services import EVIDENCE_EXTENSIONS


def colleagues(person):
    """The current staff of the organizations where the person works now."""
    organizations = Employment.objects.active().filter(person=person).values("organization")
    return Employment.objects.active().filter(organization__in=organizations).values("person")


def tutor_choices(user, person, current=None):
    """Methodists of the regional asset and the person's colleagues, as far as the user sees."""
    methodists = Methodist.objects.filter(excluded_on__isnull=True).values("person")
    chosen = Q(pk__in=methodists) | Q(pk__in=colleagues(person))
    if current is not None:
        chosen |= Q(pk=current.pk)
    return (
        Person.objects.visible_to(user)
        .filter(chosen)
        .exclude(pk=person.pk)
        .order_by("last_name", "first_name", "middle_name")
    )


@person_lookup("routes.tutor", params=("person", "route"))
def tutors(user, person=None, route=None):
    """The tutor picker of a new route (`person`, whom the user may build a route for) or of an
    existing one (`route`, keeping its current tutor)."""
    if route is not None:
        route = row_or_none(routes_visible_to(user), route)
        if route is not None:
            return tutor_choices(user, route.person, route.tutor)
    elif person is not None:
        person = row_or_none(Person.objects.visible_to(user, Perm.MANAGE_ROUTES), person)
        if person is not None:
            return tutor_choices(user, person)
    return Person.objects.none()


class BuildRouteForm(forms.Form):
    title = forms.CharField(label=_("Название маршрута"), max_length=300)
    starts_on = date_field(_("Начало"))
    ends_on = date_field(_("Окончание"))
    hours_budget = forms.IntegerField(
        label=_("Бюджет часов"),
        min_value=1,
        max_value=2000,
        initial=72,
        help_text=_("Сколько часов обучения можно запланировать на период маршрута."),
    )
    tutor = LookupField("routes.tutor", label=_("Тьютор (методист)"), required=False)
    goal = forms.CharField(label=_("Цель маршрута"), widget=forms.Textarea(), required=False)

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["tutor"].bind(user, person=person)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Окончание раньше начала."))
        return data


class RouteForm(ScopedModelForm):
    tutor = LookupField("routes.tutor", label=_("Тьютор (методист)"), required=False)

    class Meta:
        model = Route
        fields = ["title", "goal", "starts_on", "ends_on", "hours_budget", "tutor"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutor"].bind(self.user, route=self.instance)


class DeficitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, deficit):
        return f"{deficit.competence.name} — {deficit.get_level_display()}"


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cohort):
        registry = _(" (ФР ДПП)") if cohort.program.federal_registry else ""
        return (
            f"{cohort.program.title}{registry}: {cohort.starts_on:%d.%m.%Y}–"
            f"{cohort.ends_on:%d.%m.%Y}, {cohort.program.hours} ч"
        )


class RouteItemForm(ScopedModelForm):
    covered_deficits = DeficitChoiceField(
        label=_("Дефициты, на которые направлен пункт"),
        queryset=Deficit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    cohort = CohortChoiceField(
        label=_("Поток программы"), queryset=Cohort.objects.none(), required=False
    )
    link_url = forms.URLField(label=_("Ссылка"), required=False, assume_scheme="https")

    class Meta:
        model = RouteItem
        fields = [
            "kind",
            "title",
            "covered_deficits",
            "competence",
            "cohort",
            "program",
            "mentor",
            "link_title",
            "link_url",
            "starts_on",
            "ends_on",
            "hours",
            "expected_result",
            "reporting_form",
        ]
        widgets = {
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "title": forms.TextInput(),
        }

    def __init__(self, *args, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.route = route
        user = self.user
        linked = Q(pk__in=self.instance.covered_deficits.values("pk")) if self.instance.pk else Q()
        self.fields["covered_deficits"].queryset = (
            Deficit.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS)
            .filter(Q(status=DeficitStatus.OPEN) | linked, person=route.person_id)
            .select_related("competence")
            .order_by("competence__code")
        )
        self.fields["competence"].queryset = Competence.objects.filter(is_active=True)
        self.fields["competence"].help_text = _("Пусто — компетенция первого выбранного дефицита.")
        self.fields["cohort"].queryset = (
            Cohort.objects.visible_to(user, Perm.VIEW_PROGRAMS)
            .filter(ends_on__gte=route.starts_on, program__is_active=True)
            .select_related("program")
            .order_by("starts_on", "program__title")
        )
        self.fields["program"].queryset = Program.objects.visible_to(
            user, Perm.VIEW_PROGRAMS
        ).filter(is_active=True)
        self.fields["program"].help_text = _("Если поток ещё не объявлен.")
        mentors = Q(pk__in=colleagues(route.person_id))
        if self.instance.mentor_id:
            mentors |= Q(pk=self.instance.mentor_id)
        self.fields["mentor"].queryset = (
            Person.objects.visible_to(user).filter(mentors).exclude(pk=route.person_id)
        )
        if not self.instance.pk:
            self.initial.setdefault("starts_on", route.starts_on)
            self.initial.setdefault("ends_on", route.ends_on)


class CheckpointForm(ScopedModelForm):
    class Meta:
        model = Checkpoint
        fields = ["title", "due_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ProgressForm(forms.Form):
    """The person's (or the tutor's) mark on an item and its evidence."""

    status = forms.ChoiceField(label=_("Отметка о выполнении"))
    evidence_text = forms.CharField(
        label=_("Подтверждение (текст)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence_url = forms.CharField(label=_("Ссылка-подтверждение"), required=False)
    evidence_file = forms.FileField(
        label=_("Файл-подтверждение"),
        required=False,
        help_text=_("До 10 МБ: %(types)s.") % {"types": ", ".join(EVIDENCE_EXTENSIONS)},
    )
    remove_file = forms.BooleanField(label=_("Удалить загруженный файл"), required=False)

    def __init__(self, *args, manage=False, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = (
            ItemStatus.choices
            if manage
            else [choice for choice in ItemStatus.choices if choice[0] != ItemStatus.NOT_DONE]
        )
        self.fields["status"].choices = allowed


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отмены"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Укажите причину отмены маршрута."))
        return reason


class DeficitNoteForm(forms.Form):
    deficit = forms.ModelChoiceField(label=_("Дефицит"), queryset=Deficit.objects.none())
    note = forms.CharField(
        label=_("Почему дефицит не включён в маршрут"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, user, route, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deficit"].queryset = Deficit.objects.visible_to(
            user, Perm.VIEW_DIAGNOSTICS
        ).filter(person=route.person_id)
