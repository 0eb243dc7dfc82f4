"""Forms of mentoring. They parse the input and limit every choice to the user's scope; the rules
live in `services`, whose errors the views attach to these forms' fields."""

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.dates import format_date
from profrost.core.forms import DateInput, ScopedModelForm
from profrost.core.lookups import LookupField, row_or_none
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.lookups import organization_lookup, person_lookup
from profrost.registry.models import Municipality, Organization, Person

from . import selectors, services
from .models import MentoringMeeting, MentoringPair, MentoringProgram, ProgramLevel


@person_lookup("mentoring.people", params=("pair", "program"))
def mentoring_people(user, pair=None, program=None):
    """People with a current job where the user manages mentoring, and those already chosen in
    the pair or the programme being changed."""
    keep = []
    if pair is not None:
        found = row_or_none(MentoringPair.objects.visible_to(user, Perm.MANAGE_MENTORING), pair)
        keep = [found.mentee_id, found.mentor_id] if found else []
    if program is not None:
        programs = MentoringProgram.objects.visible_to(user, Perm.MANAGE_MENTORING)
        found = row_or_none(programs, program)
        keep = [found.coordinator_id] if found else []
    return selectors.working_people(user, include=keep)


@organization_lookup("mentoring.organizations")
def mentoring_organizations(user):
    """Organizations where the user manages mentoring."""
    return Organization.objects.visible_to(user, Perm.MANAGE_MENTORING)


class DeficitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("%(code)s %(name)s (выявлен %(day)s)") % {
            "code": obj.competence.code,
            "name": obj.competence.name,
            "day": format_date(obj.found_on),
        }


class ServiceModelForm(ScopedModelForm):
    """A model form whose instance is changed by a service, not by the form itself."""

    def _post_clean(self):
        pass


def allowed_levels(scope):
    """Regional and municipal roles run programmes of both levels; an organization's
    administrator runs the organization's own."""
    return scope.levels_of(ProgramLevel)


class ProgramForm(ServiceModelForm):
    coordinator = LookupField("mentoring.people", label=_("Куратор программы"), required=False)
    organization = LookupField(
        "mentoring.organizations",
        label=_("Организация"),
        required=False,
        help_text=_("Для программы организации."),
    )

    class Meta:
        model = MentoringProgram
        fields = [
            "title",
            "level",
            "municipality",
            "organization",
            "starts_on",
            "ends_on",
            "coordinator",
            "document_number",
            "document_date",
            "allow_several_mentors",
            "goals",
        ]
        widgets = {"goals": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "municipality": _("Для муниципальной программы."),
            "document_number": _("Приказ об утверждении программы наставничества."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = resolve_scope(self.user, Perm.MANAGE_MENTORING)
        self.levels = allowed_levels(scope)
        self.fields["level"].choices = [("", "—"), *[(lvl.value, lvl.label) for lvl in self.levels]]
        if ProgramLevel.MUNICIPALITY in self.levels:
            self.fields["municipality"].queryset = (
                Municipality.objects.all()
                if scope.everything
                else Municipality.objects.filter(scope.q(region="region", municipality="pk"))
            )
        else:
            del self.fields["municipality"]
        self.fields["organization"].bind(self.user)
        self.fields["coordinator"].bind(self.user, program=self.instance.pk)
        if not self.instance.pk:
            if len(self.levels) == 1:
                self.initial["level"] = self.levels[0].value
            organizations = self.fields["organization"].queryset
            if len(organizations) == 1:
                self.initial["organization"] = organizations[0].pk

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level and level not in self.levels:
            self.add_error("level", _("Этот уровень программы вам недоступен."))
        if level == ProgramLevel.MUNICIPALITY:
            cleaned["organization"] = None
            if not cleaned.get("municipality") and "municipality" not in self.errors:
                self.add_error("municipality", _("Укажите муниципалитет."))
        if (
            level == ProgramLevel.ORGANIZATION
            and not cleaned.get("organization")
            and "organization" not in self.errors
        ):
            self.add_error("organization", _("Укажите организацию."))
        return cleaned


class PairForm(ServiceModelForm):
    """A pair in an organization where the user manages mentoring; the deficits offered are the
    chosen mentee's (reloaded by HTMX when the mentee changes)."""

    class Meta:
        model = MentoringPair
        fields = [
            "mentee",
            "mentor",
            "kind",
            "organization",
            "program",
            "starts_on",
            "planned_end_on",
            "goals",
            "deficits",
        ]
        field_classes = {"deficits": DeficitChoiceField}
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "deficits": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "program": _("Пусто — пара вне программы."),
            "goals": _("Чему научится наставляемый; по возможности — по выбранным дефицитам."),
            "deficits": _(
                "Открытые дефициты наставляемого по результатам диагностики. "
                "Удерживайте Ctrl, чтобы выбрать несколько."
            ),
        }

    mentee = LookupField("mentoring.people", label=_("Наставляемый"))
    mentor = LookupField("mentoring.people", label=_("Наставник"))
    organization = LookupField(
        "mentoring.organizations",
        label=_("Организация наставляемого"),
        required=False,
        help_text=_("Пусто — основное место работы наставляемого."),
    )

    ENDED_FIELDS = ("ended_on", "result")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["mentee"].bind(self.user, pair=instance.pk)
        self.fields["mentor"].bind(self.user, pair=instance.pk)
        self.fields["mentee"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("mentoring:deficit_options"),
                "hx-target": "#id_deficits",
                "hx-swap": "innerHTML",
                "hx-trigger": "change",
            }
        )
        self.fields["organization"].bind(self.user)
        programs = MentoringProgram.objects.visible_to(self.user, Perm.MANAGE_MENTORING)
        if instance.program_id:
            programs = programs | MentoringProgram.objects.filter(pk=instance.program_id)
        self.fields["program"].queryset = programs.select_related(
            "organization", "municipality"
        ).order_by("-starts_on", "title")
        self.fields["program"].label_from_instance = lambda program: (
            f"{program.title} ({program.target}, {format_date(program.starts_on)} – "
            f"{format_date(program.ends_on)})"
        )
        keep = list(instance.deficits.values_list("pk", flat=True)) if instance.pk else []
        self.fields["deficits"].queryset = selectors.deficit_choices(
            self.user, self._mentee_id(), keep
        )
        if instance.pk and not instance.is_active:
            self.fields["ended_on"] = forms.DateField(
                label=_("Дата окончания"), widget=DateInput(), initial=instance.ended_on
            )
            self.fields["result"] = forms.CharField(
                label=_("Результаты") if instance.status == "completed" else _("Причина"),
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=instance.result,
            )
        elif not instance.pk:
            self._initial_dates()

    def _mentee_id(self):
        value = (
            self.data.get(self.add_prefix("mentee"))
            if self.is_bound
            else self.initial.get("mentee") or self.instance.mentee_id
        )
        return int(value) if str(value or "").isdigit() else None

    def _initial_dates(self):
        """A new pair starts today, in the one current programme of the user's organization
        when there is exactly one, for a year or to the programme's end."""
        starts_on = timezone.localdate()
        self.initial.setdefault("starts_on", starts_on)
        organizations = list(self.fields["organization"].queryset[:2])
        if len(organizations) == 1:
            self.initial.setdefault("organization", organizations[0].pk)
        programs = self.fields["program"].queryset
        if "program" not in self.initial:
            current = list(programs.current(starts_on)[:2])
            if len(current) == 1:
                self.initial["program"] = current[0].pk
        program = None
        if self.initial.get("program"):
            program = programs.filter(pk=self.initial["program"]).first()
        self.initial.setdefault("planned_end_on", services.default_planned_end(starts_on, program))


class EndPairForm(forms.Form):
    ended_on = forms.DateField(label=_("Дата окончания"), widget=DateInput())
    text = forms.CharField(
        label=_("Результаты наставничества"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, user=None, terminate=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].error_messages["invalid"] = _("Введите дату в формате дд.мм.гггг.")
        self.fields["ended_on"].initial = timezone.localdate()
        if terminate:
            self.fields["text"].label = _("Причина прекращения")
        else:
            self.fields["text"].help_text = _(
                "Чему научился наставляемый, какие дефициты закрыты, что рекомендовано дальше."
            )


class MeetingForm(ServiceModelForm):
    class Meta:
        model = MentoringMeeting
        fields = ["held_on", "kind", "topic", "duration_minutes", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("held_on", timezone.localdate())


def person_or_none(user, pk):
    """A person the user manages mentoring for, by id from the query string."""
    if not str(pk or "").isdigit():
        return None
    return Person.objects.visible_to(user, Perm.MANAGE_MENTORING).filter(pk=pk).first()
