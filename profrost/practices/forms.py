"""Forms of the practices app. Choices are limited to the user's scope; the rules themselves are
checked by `services`, whose errors come back onto the fields (`attach_errors`)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.competences.models import Competence
from profrost.core.forms import DateInput, ScopedModelForm
from profrost.core.lookups import LookupField, LookupMultipleField, row_or_none
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.lookups import person_lookup
from profrost.registry.models import Municipality, Organization, Person, Region

from . import selectors, services
from .models import (
    CRITERIA,
    CRITERION_MAX,
    Dissemination,
    Document,
    DocumentLevel,
    InnovationLevel,
    InnovationProject,
    InnovationReport,
    Practice,
    ReviewRecommendation,
)


class ConfirmForm(forms.Form):
    """A confirmation without fields."""


def url_field(label):
    return forms.URLField(label=label, required=False, max_length=500, assume_scheme="https")


def _with_current(queryset, *pks):
    """The choices plus the values already stored, so that re-saving a row keeps them."""
    pks = [pk for pk in pks if pk]
    return (queryset | queryset.model.objects.filter(pk__in=pks)).distinct() if pks else queryset


# Practices --------------------------------------------------------------------------------------


def _changed_practice(user, practice):
    """The practice being changed, when the user may change it."""
    if practice is None:
        return None
    return row_or_none(Practice.objects.changeable_by(user, Perm.SUBMIT_PRACTICES), practice)


@person_lookup("practices.authors", params=("practice",))
def authors(user, practice=None):
    """People in the user's scope, and the author of the practice being changed."""
    practice = _changed_practice(user, practice)
    return _with_current(selectors.author_choices(user), practice and practice.main_author_id)


@person_lookup("practices.coauthors", params=("practice",))
def coauthors(user, practice=None):
    """Colleagues of the organizations the user submits for, and the practice's co-authors."""
    practice = _changed_practice(user, practice)
    current = practice.coauthors.values_list("pk", flat=True) if practice else []
    return _with_current(selectors.coauthor_choices(user), *current)


class PracticeForm(ScopedModelForm):
    """A teacher submits their own practice (the author is their person record); managers choose
    the author among the people in their scope. Co-authors are colleagues of the organizations
    the user submits for."""

    main_author = LookupField("practices.authors", label=_("Автор"))
    coauthors = LookupMultipleField("practices.coauthors", label=_("Соавторы"), required=False)
    link = url_field(_("Ссылка на материалы"))

    class Meta:
        model = Practice
        fields = [
            "title",
            "kind",
            "level",
            "organization",
            "main_author",
            "coauthors",
            "subjects",
            "competences",
            "description",
            "results",
            "file",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "subjects": forms.SelectMultiple(attrs={"size": 6}),
            "competences": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        organizations = Organization.objects.visible_to(self.user, Perm.SUBMIT_PRACTICES)
        self.fields["organization"].queryset = _with_current(
            organizations, instance.organization_id
        ).select_related("municipality")
        scope = resolve_scope(self.user, Perm.SUBMIT_PRACTICES)
        self.own_only = not (
            scope.everything or scope.region_ids or scope.municipality_ids or scope.organization_ids
        )
        if self.own_only and not instance.pk:
            del self.fields["main_author"]
        else:
            self.fields["main_author"].bind(self.user, practice=instance.pk)
        self.fields["coauthors"].bind(self.user, practice=instance.pk)
        self.fields["competences"].queryset = Competence.objects.filter(is_active=True)
        if len(self.fields["organization"].queryset) == 1 and not instance.pk:
            self.initial.setdefault("organization", self.fields["organization"].queryset[0].pk)

    def clean(self):
        cleaned = super().clean()
        if "main_author" not in self.fields:
            cleaned["main_author"] = self.user.person
        return cleaned

    def _post_clean(self):
        # The rules are the service's; the model is validated there, with the author filled.
        pass


@person_lookup("practices.experts", params=("practice",))
def experts(user, practice=None):
    """Experts for a practice whose expertise the user manages."""
    visible = Practice.objects.visible_to(user, Perm.VIEW_NETWORK)
    practice = row_or_none(visible, practice) if practice is not None else None
    if practice is None or not services.may_manage(user, practice):
        return Person.objects.none()
    return selectors.expert_choices(user, practice)


class ExpertsForm(forms.Form):
    experts = LookupMultipleField(
        "practices.experts",
        label=_("Эксперты"),
        help_text=_("Каждый эксперт заполнит свой лист оценки. Авторы практики не предлагаются."),
    )

    def __init__(self, *args, user, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].bind(user, practice=practice)


SCORE_CHOICES = [(value, str(value)) for value in range(CRITERION_MAX + 1)]


class ReviewForm(forms.Form):
    """The score sheet: five criteria 0–3, a recommendation and the expert's conclusion."""

    recommendation = forms.ChoiceField(
        label=_("Рекомендация"), choices=ReviewRecommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Заключение эксперта"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Обязательно, если рекомендуете доработать или отклонить практику."),
    )

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = {
            name: forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
            for name, label in CRITERIA
        }
        self.fields = {**criteria, **self.fields}
        if review is not None and review.is_completed:
            for name, _label in CRITERIA:
                self.initial.setdefault(name, getattr(review, name))
            self.initial.setdefault("recommendation", review.recommendation)
            self.initial.setdefault("comment", review.comment)

    def criteria(self):
        return [self[name] for name, _label in CRITERIA]


class IncludeForm(forms.Form):
    included_on = forms.DateField(label=_("Дата включения в банк"), widget=DateInput())
    comment = forms.CharField(
        label=_("Решение"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["included_on"].error_messages["invalid"] = _(
            "Введите дату в формате дд.мм.гггг."
        )
        self.initial.setdefault("included_on", timezone.localdate())


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отклонения"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DisseminationForm(ScopedModelForm):
    url = url_field(_("Ссылка"))

    class Meta:
        model = Dissemination
        fields = ["event", "held_on", "kind", "title", "level", "participants"]
        help_texts = {
            "event": _(
                "Если практику представляли на мероприятии сети, выберите его: дата, "
                "название и уровень подставятся сами."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = selectors.event_choices(self.user)
        self.fields["event"].queryset = _with_current(events, self.instance.event_id)
        for name in ("held_on", "title", "level"):
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("event") is None:
            for name, message in (
                ("held_on", _("Укажите дату.")),
                ("title", _("Укажите мероприятие или издание.")),
                ("level", _("Укажите уровень.")),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def _post_clean(self):
        pass


# Innovation projects ----------------------------------------------------------------------------


def _allowed_project_levels(scope):
    if scope.everything or scope.region_ids:
        return list(InnovationLevel)
    return [InnovationLevel.MUNICIPAL]


class ProjectForm(ScopedModelForm):
    class Meta:
        model = InnovationProject
        fields = [
            "organization",
            "site_kind",
            "level",
            "title",
            "goals",
            "expected_results",
            "starts_on",
            "ends_on",
            "document",
            "file",
            "status",
        ]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = resolve_scope(self.user, Perm.MANAGE_PRACTICES)
        organizations = Organization.objects.visible_to(self.user, Perm.MANAGE_PRACTICES)
        self.fields["organization"].queryset = _with_current(
            organizations, self.instance.organization_id
        ).select_related("municipality")
        levels = _allowed_project_levels(scope)
        self.fields["level"].choices = [("", "—"), *[(lvl.value, lvl.label) for lvl in levels]]
        if len(levels) == 1 and not self.instance.pk:
            self.initial.setdefault("level", levels[0].value)

    def _post_clean(self):
        pass


class ReportForm(ScopedModelForm):
    class Meta:
        model = InnovationReport
        fields = ["year", "submitted_on", "text", "effect", "effect_level", "file"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "effect": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year - 1 if today.month < 9 else today.year)

    def _post_clean(self):
        pass


# Documents --------------------------------------------------------------------------------------


def allowed_document_levels(scope):
    """A regional role keeps documents of every level, a municipal one below the region, an
    organization's administrator those of the own organization."""
    return scope.levels_of(DocumentLevel)


class DocumentForm(ScopedModelForm):
    url = url_field(_("Ссылка"))

    class Meta:
        model = Document
        fields = [
            "kind",
            "title",
            "number",
            "level",
            "region",
            "municipality",
            "organization",
            "topic",
            "valid_from",
            "valid_to",
            "description",
            "file",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "level": _("Чей это документ: региона, муниципалитета или организации."),
            "municipality": _("Для муниципального документа."),
            "organization": _("Для документа организации."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = resolve_scope(self.user, Perm.MANAGE_MATERIALS)
        self.levels = allowed_document_levels(scope)
        instance = self.instance
        self.fields["level"].choices = [
            ("", "—"),
            *[(lvl.value, lvl.label) for lvl in self.levels],
        ]
        regions = (
            Region.objects.all()
            if scope.everything
            else Region.objects.filter(pk__in=scope.region_ids)
        )
        municipalities = (
            Municipality.objects.all()
            if scope.everything
            else Municipality.objects.filter(scope.q(region="region", municipality="pk"))
        )
        organizations = Organization.objects.visible_to(self.user, Perm.MANAGE_MATERIALS)
        self.fields["region"].queryset = _with_current(regions, instance.region_id)
        self.fields["region"].required = False
        self.fields["municipality"].queryset = _with_current(
            municipalities, instance.municipality_id
        ).select_related("region")
        self.fields["organization"].queryset = _with_current(
            organizations, instance.organization_id
        ).select_related("municipality")
        if DocumentLevel.REGION not in self.levels:
            del self.fields["region"]
        if DocumentLevel.MUNICIPALITY not in self.levels:
            del self.fields["municipality"]
        if not instance.pk:
            if len(self.levels) == 1:
                self.initial.setdefault("level", self.levels[0].value)
            for name in ("region", "municipality", "organization"):
                field = self.fields.get(name)
                if field is not None and len(field.queryset) == 1:
                    self.initial.setdefault(name, field.queryset[0].pk)

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level and level not in self.levels:
            self.add_error("level", _("Документы этого уровня вам недоступны."))
        if level == DocumentLevel.REGION and not cleaned.get("region"):
            self.add_error("region" if "region" in self.fields else None, _("Укажите регион."))
        return cleaned

    def _post_clean(self):
        pass
