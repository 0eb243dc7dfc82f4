"""Forms of the methodical asset. They parse the input and limit every choice to the user's
scope; the rules live in `services`, whose errors the views attach here."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import ScopedModelForm, date_field
from profrost.core.lookups import LookupField, row_or_none
from profrost.core.roles import Perm
from profrost.registry.lookups import job_hint, person_lookup
from profrost.registry.models import Municipality, Person, Region

from . import selectors
from .models import METHODIST_LOAD_CAP, Methodist

MANAGE = Perm.MANAGE_METHODISTS
REGION_WIDE_CHOICE = _("— весь регион —")


def methodist_label(methodist):
    area = methodist.municipality or _("весь регион")
    load = getattr(methodist, "load", None)
    if load is None:
        return f"{methodist.person.full_name} — {area}"
    return _("%(name)s — %(area)s — %(load)s из %(cap)s") % {
        "name": methodist.person.full_name,
        "area": area,
        "load": load,
        "cap": methodist.load_cap,
    }


def teacher_hint(person):
    """The job, and the methodist the teacher is with now, if any."""
    current = getattr(person, "current_methodist_name", "")
    now = _("сейчас у методиста %(name)s") % {"name": current} if current else ""
    return "; ".join(str(part) for part in (job_hint(person), now) if part)


@person_lookup("methodists.staff")
def staff(user):
    return selectors.staff_choices(user)


@person_lookup("methodists.teachers", params=("methodist",), hint=teacher_hint)
def teachers(user, methodist=None):
    """Teachers for a methodist: of the methodist's area when one is given, which the user must
    be able to change."""
    if methodist is not None:
        methodist = row_or_none(selectors.methodist_choices(user), methodist)
        if methodist is None:
            return Person.objects.none()
    return selectors.teacher_choices(user, methodist)


class MethodistChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return methodist_label(obj)


class MethodistForm(ScopedModelForm):
    """Adding a methodist to the asset or editing one; the person and the region stay fixed."""

    person = LookupField("methodists.staff", label=_("Работник"))

    class Meta:
        model = Methodist
        fields = [
            "person",
            "region",
            "municipality",
            "subjects",
            "directions",
            "included_on",
            "document",
            "load_cap",
        ]
        widgets = {
            "subjects": forms.SelectMultiple(attrs={"size": 8}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "directions": _(
                "Например: посткурсовое сопровождение программ ДПО, построение и сопровождение "
                "ИОМ, помощь педагогам школ с низкими результатами (положение, п. 3.2.4)."
            ),
            "document": _("Приказ о включении в региональный методический актив."),
            "load_cap": _("Педагогов на одного методиста: не более %(cap)s (показатель 6.2.5).")
            % {"cap": METHODIST_LOAD_CAP},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        regions = Region.objects.visible_to(self.user, MANAGE)
        municipalities = Municipality.objects.visible_to(self.user, MANAGE)
        if instance.pk:
            # Shown, not chosen: a plain select of the one person.
            self.fields["person"].widget = forms.Select()
            self.fields["person"].queryset = Person.objects.filter(pk=instance.person_id)
            self.fields["region"].queryset = Region.objects.filter(pk=instance.region_id)
            for name in ("person", "region"):
                self.fields[name].disabled = True
            municipalities = municipalities.filter(region=instance.region_id)
        else:
            self.fields["person"].bind(self.user)
            self.fields["region"].queryset = regions
            if len(regions) == 1:
                self.initial.setdefault("region", regions[0].pk)
            self.initial.setdefault("included_on", timezone.localdate())
        self.fields["municipality"].queryset = municipalities.select_related("region")
        self.fields["municipality"].empty_label = REGION_WIDE_CHOICE

    def _post_clean(self):
        # The service validates and saves; the form only parses.
        pass


class ExcludeForm(forms.Form):
    excluded_on = date_field(_("Дата исключения"), initial=timezone.localdate)


class AssignmentForm(forms.Form):
    """A teacher for a methodist; the methodist is chosen here unless the page is a methodist's."""

    methodist = MethodistChoiceField(label=_("Методист"), queryset=Methodist.objects.none())
    person = LookupField("methodists.teachers", label=_("Педагог"))
    starts_on = date_field(_("Закреплён с"), initial=timezone.localdate)
    over_cap = forms.BooleanField(
        label=_("Закрепить сверх нормы"),
        required=False,
        help_text=_(
            "Нужно, когда у методиста уже не меньше педагогов, чем предельная нагрузка: "
            "без этой отметки такое закрепление не выполняется."
        ),
    )

    def __init__(self, *args, user, methodist=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.methodist = methodist
        self.fields["person"].bind(user, methodist=methodist)
        if methodist is None:
            self.fields["methodist"].queryset = selectors.methodist_choices(user)
        else:
            del self.fields["methodist"]
            if methodist.load < methodist.load_cap:
                del self.fields["over_cap"]
        self.order_fields(["methodist", "person", "starts_on", "over_cap"])

    def clean(self):
        cleaned = super().clean()
        if self.methodist is not None:
            cleaned["methodist"] = self.methodist
        return cleaned


class EndAssignmentForm(forms.Form):
    ends_on = date_field(_("Дата окончания"), initial=timezone.localdate)


class BalancingForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("Все муниципалитеты"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.visible_to(user, MANAGE)
