"""Filters of the vacancy list (the HTML page and the API use the same set) and the forms of the
summary and the forecast."""

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.dates import format_date
from profrost.core.filters import FilterSet, date_filter, visible
from profrost.core.forms import date_field
from profrost.registry.filters import ALL, YesNoSelect
from profrost.registry.models import Municipality, Organization, Person, Position, Subject

from . import selectors
from .models import Closure, Vacancy

WITHOUT_SUBJECT = _("Без предмета")


visible_municipalities = visible(Municipality, selectors.PERM)


visible_organizations = visible(Organization, selectors.PERM, ordering=("short_name",))


class VacancyFilter(FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        field_name="organization__municipality",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations
    )
    position = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Должность"), queryset=Position.objects.all()
    )
    subject = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        null_label=WITHOUT_SUBJECT,
        label=_("Предмет"),
        queryset=Subject.objects.all(),
    )
    is_open = django_filters.BooleanFilter(
        widget=YesNoSelect, label=_("Открыта"), field_name="closed_on", lookup_expr="isnull"
    )
    closure = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Как закрыта"), choices=Closure.choices
    )
    opened_from = date_filter(_("Открыта с"), field_name="opened_on", lookup_expr="gte")
    opened_to = date_filter(_("Открыта по"), field_name="opened_on", lookup_expr="lte")
    open_on = date_filter(_("Открыта на дату"), method="filter_open_on")

    class Meta:
        model = Vacancy
        fields = []

    def filter_open_on(self, queryset, name, value):
        return queryset.open_on(value) if value else queryset


class ScopeForm(forms.Form):
    """Where: a municipality and an organization among those the user sees."""

    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none(), required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Организация"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.visible_to(user, selectors.PERM)
        self.fields["municipality"].empty_label = ALL
        self.fields["organization"].queryset = Organization.objects.visible_to(
            user, selectors.PERM
        ).order_by("short_name")
        self.fields["organization"].empty_label = ALL

    def value(self, name, default=None):
        """The field's value if valid, else its default: a bad parameter is shown as an error
        and the others still apply."""
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value


def with_defaults(data, **defaults):
    """The query with the defaults of the fields it leaves out, so that what the form shows is
    what is counted."""
    query = QueryDict(mutable=True) if data is None else data.copy()
    for name, value in defaults.items():
        if not query.get(name):
            query[name] = value
    return query


class SummaryForm(ScopeForm):
    day = date_field(_("На дату"), required=False)

    def __init__(self, data=None, **kwargs):
        today = format_date(timezone.localdate())
        super().__init__(with_defaults(data, day=today), **kwargs)

    def params(self):
        return {
            "day": self.value("day", timezone.localdate()),
            "municipality": self.value("municipality"),
            "organization": self.value("organization"),
        }


def age_choices():
    return [(str(age), _("%(age)d лет") % {"age": age}) for age in selectors.AGE_CHOICES]


def horizon_choices():
    forms_ = {1: _("1 год"), 2: _("2 года"), 3: _("3 года"), 4: _("4 года"), 5: _("5 лет")}
    return [(str(years), forms_[years]) for years in selectors.HORIZON_CHOICES]


class ForecastForm(ScopeForm):
    age = forms.TypedChoiceField(
        label=_("Возраст"),
        choices=age_choices,
        coerce=int,
        required=False,
        help_text=_("В реестре нет пола работника, поэтому возраст выбирается."),
    )
    horizon = forms.TypedChoiceField(
        label=_("На сколько лет вперёд"), choices=horizon_choices, coerce=int, required=False
    )

    def __init__(self, data=None, **kwargs):
        defaults = {"age": selectors.DEFAULT_AGE, "horizon": selectors.DEFAULT_HORIZON}
        super().__init__(with_defaults(data, **defaults), **kwargs)

    def params(self):
        return {
            "age": self.value("age", selectors.DEFAULT_AGE),
            "horizon": self.value("horizon", selectors.DEFAULT_HORIZON),
            "municipality": self.value("municipality"),
            "organization": self.value("organization"),
        }


def forecast_year_choices(request=None):
    this_year = timezone.localdate().year
    years = [(str(this_year + offset), str(this_year + offset)) for offset in range(5)]
    return [(selectors.PAST, _("Уже достигли")), *years]


class RetirementPeopleFilter(FilterSet):
    """The people behind one cell of the forecast. The fields only validate and show the cell;
    `selectors.retirement_people` applies them together, since a year means nothing without the
    age."""

    age = django_filters.ChoiceFilter(
        label=_("Возраст"), choices=age_choices, empty_label=None, method="keep"
    )
    year = django_filters.ChoiceFilter(
        label=_("Год достижения"),
        choices=forecast_year_choices,
        empty_label=_("Все годы"),
        method="keep",
    )
    horizon = django_filters.ChoiceFilter(
        label=_("На сколько лет вперёд"), choices=horizon_choices, empty_label=None, method="keep"
    )
    subject = django_filters.ModelChoiceFilter(
        label=_("Предмет"),
        queryset=Subject.objects.all(),
        empty_label=ALL,
        null_label=WITHOUT_SUBJECT,
        method="keep",
    )
    municipality = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Муниципалитет"),
        queryset=visible_municipalities,
        method="keep",
    )
    organization = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Организация"), queryset=visible_organizations, method="keep"
    )

    class Meta:
        model = Person
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        defaults = {"age": selectors.DEFAULT_AGE, "horizon": selectors.DEFAULT_HORIZON}
        super().__init__(with_defaults(data, **defaults), *args, **kwargs)

    def keep(self, queryset, name, value):
        return queryset

    def params(self):
        self.form.is_valid()
        data = self.form.cleaned_data
        subject = data.get("subject")
        return {
            "age": int(data.get("age") or selectors.DEFAULT_AGE),
            "year": data.get("year") or None,
            "horizon": int(data.get("horizon") or selectors.DEFAULT_HORIZON),
            "subject": subject if subject == selectors.NO_SUBJECT else getattr(subject, "pk", None),
            "municipality": data.get("municipality"),
            "organization": data.get("organization"),
        }
