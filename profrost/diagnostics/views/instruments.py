"""Instrument pages: the list, an instrument with its items, the item editor, copy, publish,
archive, and the instrument as an XLSX file both ways.

Read: `Instrument.objects.visible_to(user, VIEW_DIAGNOSTICS)`, for staff above the own record (a
teacher would read the answer key). Change: `changeable_by(user, MANAGE_INSTRUMENTS)`, which
leaves the shipped instruments to superusers; everybody else copies them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from profrost.core import audit
from profrost.core.exporters import xlsx_response
from profrost.core.import_bounds import ImportFileError, check_size
from profrost.core.roles import Perm
from profrost.core.tables import Column
from profrost.core.text import count_phrase
from profrost.core.views import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    ServiceDeleteMixin,
    act,
)

from .. import instrument_xlsx, scoring
from ..filters.instruments import InstrumentFilter
from ..forms.instruments import InstrumentForm, InstrumentUploadForm, ItemEditor, RegionForm
from ..models import Instrument, InstrumentStatus, Item, ItemCompetence
from ..selectors import reads_instruments, visible_instruments
from ..services import instruments

READ = Perm.VIEW_DIAGNOSTICS
MANAGE = Perm.MANAGE_INSTRUMENTS
ITEM_FORMS = ("вопрос", "вопроса", "вопросов")


def may_change(user, instrument):
    return Instrument.objects.changeable_by(user, MANAGE).filter(pk=instrument.pk).exists()


def instrument_for_change(user, pk):
    instrument = get_object_or_404(visible_instruments(user), pk=pk)
    if not may_change(user, instrument):
        raise PermissionDenied(_("Недостаточно прав для изменения инструмента."))
    return instrument


def item_for_change(user, pk):
    items = Item.objects.select_related("instrument").filter(
        instrument__in=visible_instruments(user).values("pk")
    )
    item = get_object_or_404(items, pk=pk)
    if not may_change(user, item.instrument):
        raise PermissionDenied(_("Недостаточно прав для изменения инструмента."))
    return item


def may_copy(user):
    return instruments.regions_for(user, MANAGE).exists()


class InstrumentReadMixin:
    perm = READ

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not reads_instruments(request.user):
            raise PermissionDenied(
                _("Инструменты диагностики открыты методистам и администраторам.")
            )
        return super().dispatch(request, *args, **kwargs)


# List, detail ---------------------------------------------------------------------------------


class InstrumentListView(InstrumentReadMixin, ScopedListView):
    model = Instrument
    title = gettext_lazy("Инструменты диагностики")
    export_name = "instruments"
    filterset_class = InstrumentFilter
    search_fields = ("title",)
    search_placeholder = gettext_lazy("Название")
    default_ordering = ("title",)
    create_url_name = "diagnostics:instrument_create"
    create_perm = MANAGE
    extra_actions = (("diagnostics:instrument_import", gettext_lazy("Загрузить из XLSX"), MANAGE),)
    empty_text = gettext_lazy("Инструментов не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("title", gettext_lazy("Название"), link=True, order_by="title"),
        Column("get_kind_display", gettext_lazy("Вид"), order_by="kind"),
        Column("get_status_display", gettext_lazy("Статус"), order_by="status"),
        Column("owner_name", gettext_lazy("Владелец"), order_by="owner_name"),
        Column("item_count", gettext_lazy("Вопросов"), order_by="item_count"),
        Column("deficit_below", gettext_lazy("Дефицит ниже, %"), html=False),
        Column("proficient_from", gettext_lazy("Сформирована от, %"), html=False),
        Column("description", gettext_lazy("Описание"), html=False),
        Column("updated", gettext_lazy("Изменён"), order_by="updated"),
    )

    def select(self, queryset):
        return queryset.select_related("region").annotate(
            item_count=Count("items"),
            owner_name=Coalesce("region__name", Value(_("Из поставки"))),
        )


class InstrumentDetailView(InstrumentReadMixin, ScopedDetailView):
    model = Instrument
    change_perm = MANAGE
    template_name = "diagnostics/instrument_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instrument = self.object
        items = list(
            instrument.items.order_by("order", "pk").prefetch_related(
                "options",
                Prefetch(
                    "links",
                    queryset=ItemCompetence.objects.select_related("competence").order_by(
                        "competence__code"
                    ),
                ),
            )
        )
        scored = instruments.scoring_items(instrument)
        maxima = {item.id: scoring.item_max(item) for item in scored}
        locked = instrument.is_locked
        context.update(
            items=[(item, maxima.get(item.pk)) for item in items],
            item_phrase=count_phrase(len(items), ITEM_FORMS),
            competence_maxima=instruments.competence_maxima(instrument, scored),
            locked=locked,
            can_edit_items=context["can_change"] and not locked,
            can_copy=may_copy(self.request.user),
            copy_regions=list(instruments.regions_for(self.request.user, MANAGE)),
            positions=instrument.positions.all(),
            subjects=instrument.subjects.all(),
            statuses=InstrumentStatus,
        )
        return context


# Create, edit, delete -------------------------------------------------------------------------


class InstrumentCreateView(ScopedCreateView):
    model = Instrument
    form_class = InstrumentForm
    change_perm = MANAGE
    title = gettext_lazy("Новый инструмент диагностики")
    template_name = "diagnostics/instrument_form.html"
    success_message = gettext_lazy("Инструмент создан. Добавьте вопросы.")

    def save(self, form):
        data = form.cleaned_data
        return instruments.create_instrument(
            by=self.request.user,
            region=form.chosen_region(),
            positions=data["positions"],
            subjects=data["subjects"],
            **{name: data[name] for name in instruments.INSTRUMENT_FIELDS},
        )


class InstrumentUpdateView(ScopedUpdateView):
    model = Instrument
    perm = READ
    form_class = InstrumentForm
    change_perm = MANAGE
    template_name = "diagnostics/instrument_form.html"
    success_message = gettext_lazy("Инструмент сохранён.")

    def get_object(self, queryset=None):
        instrument = super().get_object(queryset)
        self.locked = instrument.is_locked
        return instrument

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "locked": self.locked}

    def get_context_data(self, **kwargs):
        return super().get_context_data(locked=self.locked, **kwargs)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)

    def save(self, form):
        data = form.cleaned_data
        return instruments.update_instrument(
            self.object,
            by=self.request.user,
            positions=data["positions"],
            subjects=data["subjects"],
            **{name: data[name] for name in instruments.INSTRUMENT_FIELDS},
        )


class InstrumentDeleteView(ServiceDeleteMixin, ScopedDeleteView):
    model = Instrument
    perm = READ
    change_perm = MANAGE
    success_url = reverse_lazy("diagnostics:instrument_list")
    delete_service = instruments.delete_instrument
    deleted_message = gettext_lazy("Инструмент «%(object)s» удалён.")


# Actions on an instrument ---------------------------------------------------------------------


class InstrumentActionView(InstrumentReadMixin, generic.View):
    """A POST action on an instrument; a GET only goes back to the instrument's page."""

    model = Instrument

    def get(self, request, pk):
        return redirect(get_object_or_404(visible_instruments(request.user), pk=pk))


class InstrumentStatusView(InstrumentActionView):
    action = ""
    actions = {
        "publish": (instruments.publish_instrument, gettext_lazy("Инструмент опубликован.")),
        "archive": (instruments.archive_instrument, gettext_lazy("Инструмент отправлен в архив.")),
    }

    def post(self, request, pk):
        instrument = instrument_for_change(request.user, pk)
        service, done = self.actions[self.action]
        try:
            service(instrument, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(instrument)


class InstrumentCopyView(InstrumentReadMixin, generic.View):
    """«Копировать»: a draft copy owned by the user's region, editable even when the original
    is shipped or has been answered."""

    model = Instrument
    template_name = "diagnostics/instrument_copy.html"

    def setup_instrument(self, request, pk):
        instrument = get_object_or_404(visible_instruments(request.user), pk=pk)
        if not may_copy(request.user):
            raise PermissionDenied(_("Недостаточно прав для копирования инструментов."))
        return instrument

    def get(self, request, pk):
        instrument = self.setup_instrument(request, pk)
        return self.render(instrument, RegionForm(user=request.user))

    def post(self, request, pk):
        instrument = self.setup_instrument(request, pk)
        form = RegionForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render(instrument, form)
        copy = instruments.copy_instrument(instrument, by=request.user, region=form.chosen_region())
        messages.success(
            request, _("Создана копия «%(title)s». Это черновик вашего региона.") % {"title": copy}
        )
        return redirect(copy)

    def render(self, instrument, form):
        context = {"title": _("Копия инструмента"), "instrument": instrument, "form": form}
        return TemplateResponse(self.request, self.template_name, context)


# XLSX -----------------------------------------------------------------------------------------


class InstrumentExportView(InstrumentReadMixin, generic.View):
    model = Instrument

    def get(self, request, pk):
        instrument = get_object_or_404(visible_instruments(request.user), pk=pk)
        content = instrument_xlsx.export_instrument(instrument)
        audit.log(request.user, "diagnostics.instrument.exported", instrument)
        return xlsx_response(f"instrument_{instrument.pk}", content)


class ManageMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_copy(request.user):
            raise PermissionDenied(_("Недостаточно прав для загрузки инструментов."))
        return super().dispatch(request, *args, **kwargs)


class InstrumentTemplateView(ManageMixin, generic.View):
    def get(self, request):
        return xlsx_response("instrument_template", instrument_xlsx.template_xlsx())


class InstrumentImportView(ManageMixin, generic.FormView):
    template_name = "diagnostics/instrument_import.html"
    form_class = InstrumentUploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Загрузка инструмента из XLSX"),
            guide=instrument_xlsx.guide_lines(),
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xlsm")):
            form.add_error("file", _("Загрузите файл XLSX (Excel 2007 и новее)."))
            return self.form_invalid(form)
        try:
            check_size(upload.size)
            instrument, errors = instrument_xlsx.import_instrument(
                upload.read(), by=self.request.user, region=form.chosen_region()
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        if errors:
            return self.render_to_response(self.get_context_data(form=form, errors=errors))
        messages.success(
            self.request,
            _("Инструмент «%(title)s» загружен: %(items)s. Это черновик: проверьте и опубликуйте.")
            % {"title": instrument, "items": count_phrase(instrument.items.count(), ITEM_FORMS)},
        )
        return redirect(instrument)


# Items ---------------------------------------------------------------------------------------


class ItemEditorView(InstrumentReadMixin, generic.View):
    template_name = "diagnostics/instrument_item_form.html"

    def get(self, request, **kwargs):
        item, instrument = self.targets(request, kwargs)
        return self.render(instrument, item, ItemEditor(item=item))

    def post(self, request, **kwargs):
        item, instrument = self.targets(request, kwargs)
        if instrument.is_locked:
            messages.error(request, _locked_message())
            return redirect(instrument)
        editor = ItemEditor(request.POST, item=item)
        if editor.is_valid():
            try:
                self.save(editor, instrument)
            except ValidationError as error:
                editor.add_errors(error)
            else:
                messages.success(request, _("Вопрос сохранён."))
                return redirect(reverse("diagnostics:instrument_detail", args=[instrument.pk]))
        return self.render(instrument, item, editor)

    def save(self, editor, instrument):
        raise NotImplementedError

    def render(self, instrument, item, editor):
        context = {
            "title": _("Новый вопрос") if item is None else _("Вопрос %(n)s") % {"n": item.order},
            "instrument": instrument,
            "item": item,
            "editor": editor,
            "locked": instrument.is_locked,
            "can_copy": may_copy(self.request.user),
        }
        return TemplateResponse(self.request, self.template_name, context)


class ItemCreateView(ItemEditorView):
    def targets(self, request, kwargs):
        return None, instrument_for_change(request.user, kwargs["instrument_pk"])

    def save(self, editor, instrument):
        return instruments.add_item(
            instrument,
            by=self.request.user,
            options=editor.option_data(),
            links=editor.link_data(),
            **editor.form.values(),
        )


class ItemUpdateView(ItemEditorView):
    model = Item

    def targets(self, request, kwargs):
        item = item_for_change(request.user, kwargs["pk"])
        return item, item.instrument

    def save(self, editor, instrument):
        return instruments.update_item(
            editor.item,
            by=self.request.user,
            options=editor.option_data(),
            links=editor.link_data(),
            **editor.form.values(),
        )


class ItemDeleteView(InstrumentReadMixin, generic.View):
    model = Item
    template_name = "diagnostics/instrument_item_delete.html"

    def get(self, request, pk):
        item = item_for_change(request.user, pk)
        context = {"item": item, "instrument": item.instrument, "locked": item.instrument.is_locked}
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, pk):
        item = item_for_change(request.user, pk)
        return act(
            request,
            lambda: instruments.delete_item(item, by=request.user),
            success=_("Вопрос удалён, остальные перенумерованы."),
            back=item.instrument.get_absolute_url(),
        )


class ItemMoveView(InstrumentReadMixin, generic.View):
    """Moves an item one place up or down (POST direction=up|down)."""

    model = Item
    steps = {"up": -1, "down": 1}

    def get(self, request, pk):
        items = Item.objects.filter(instrument__in=visible_instruments(request.user).values("pk"))
        return redirect(get_object_or_404(items, pk=pk).instrument)

    def post(self, request, pk):
        item = item_for_change(request.user, pk)
        step = self.steps.get(request.POST.get("direction", ""))
        if step is None:
            raise Http404
        return act(
            request,
            lambda: instruments.move_item(item, step, by=request.user),
            back=reverse("diagnostics:instrument_detail", args=[item.instrument_id]),
        )


def _locked_message():
    return _(
        "Инструмент уже проходили: вопросы и пороги уровней изменить нельзя. "
        "Сделайте копию и измените её."
    )
