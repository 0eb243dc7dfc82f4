"""Generic scoped views: a list page, a detail page, create, edit and delete.

Every object a view touches comes through `Model.objects.visible_to(user, perm)`: outside the
user's view scope an object is 404; inside it but outside the change scope, 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import generic

from . import audit, exports
from .exporters import write_xlsx, xlsx_response
from .forms import attach_errors
from .roles import Perm
from .scoping import has_perm_anywhere
from .search import search
from .text import count_phrase

PAGE_SIZES = (25, 50, 100)
RECORD_FORMS = ("запись", "записи", "записей")


class ScopedListView(generic.ListView):
    """A list page is a declaration: model, selector, filter set, columns, search fields."""

    perm = Perm.VIEW_REGISTRY
    filterset_class = None
    columns = ()
    search_fields = ()
    search_placeholder = _("Поиск")
    default_ordering = ()
    title = ""
    export_name = ""
    create_url_name = ""
    create_perm = None
    extra_actions = ()  # (url name, label, perm)
    # (url name, label, perm): a checkbox per row and a button POSTing the chosen ids there.
    bulk_actions = ()
    template_name = "core/list.html"
    partial_template_name = "core/_list_table.html"
    empty_text = _("Записей не найдено. Измените условия поиска или фильтры.")
    # A list of personal data writes one audit line per page shown, with the ids on it.
    audit_reads = False

    def get_paginate_by(self, queryset):
        try:
            size = int(self.request.GET.get("per_page", PAGE_SIZES[0]))
        except ValueError:
            size = PAGE_SIZES[0]
        return size if size in PAGE_SIZES else PAGE_SIZES[0]

    def select(self, queryset):
        """Hook for select_related/prefetch_related/annotations of the page."""
        return queryset

    def base_queryset(self):
        return self.select(self.model.objects.visible_to(self.request.user, self.perm))

    def get_queryset(self):
        queryset = self.base_queryset()
        self.filterset = None
        if self.filterset_class:
            self.filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request
            )
            queryset = self.filterset.qs
        text = self.request.GET.get("q", "").strip()
        if text and self.search_fields:
            queryset = search(queryset, text, self.search_fields)
        return queryset.order_by(*self.ordering_fields())

    def ordering_fields(self):
        sort = self.request.GET.get("sort", "")
        allowed = {column.order_by for column in self.columns if column.order_by}
        if sort.lstrip("-") in allowed:
            return [sort, "pk"]
        return [*self.default_ordering, "pk"]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        """The XLSX of the list as filtered; over EXPORT_BACKGROUND_ROWS rows a background job
        writes it and the user waits on the job's page for the link (core/exports.py)."""
        queryset = self.get_queryset()
        count = queryset.count()
        audit.log(
            self.request.user,
            f"{getattr(self.model, 'audit_label', self.model._meta.label_lower)}.exported",
            filters=self.request.GET.urlencode(),
            rows=count,
        )
        if exports.is_large(count):
            return redirect("job_status", exports.start_list_export(self, count).pk)
        headers, rows = self.export_table(queryset)
        content = write_xlsx(headers, rows, str(self.title))
        return xlsx_response(self.export_file_name(), content)

    def export_table(self, queryset):
        """The headers and a generator of rows, read from the database in chunks."""
        columns = [column for column in self.columns if column.xlsx]
        objects = queryset.iterator(chunk_size=2000)
        rows = ([column.value(obj) for column in columns] for obj in objects)
        return [str(column.header) for column in columns], rows

    def export_file_name(self):
        return self.export_name or self.model._meta.model_name

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "list-table":
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.audit_reads:
            shown = [obj.pk for obj in context["object_list"]]
            audit.listed(self.request.user, self.model, shown, query=self.request.GET.urlencode())
        query = self.request.GET.copy()
        for key in ("page", "export"):
            query.pop(key, None)
        user = self.request.user
        context.update(
            title=self.title,
            columns=[column for column in self.columns if column.html],
            sort_columns=[column for column in self.columns if column.html and column.order_by],
            filterset=self.filterset,
            search=self.request.GET.get("q", ""),
            search_enabled=bool(self.search_fields),
            search_placeholder=self.search_placeholder,
            query_string=query.urlencode(),
            sort=self.request.GET.get("sort", ""),
            page_sizes=PAGE_SIZES,
            total_phrase=count_phrase(context["paginator"].count, RECORD_FORMS)
            if context.get("paginator")
            else "",
            can_create=bool(self.create_url_name)
            and has_perm_anywhere(user, self.create_perm or self.perm),
            create_url_name=self.create_url_name,
            actions=[
                (name, label)
                for name, label, perm in self.extra_actions
                if has_perm_anywhere(user, perm)
            ],
            empty_text=self.empty_text,
            partial_template_name=self.partial_template_name,
            bulk_actions=[
                (name, label)
                for name, label, perm in self.bulk_actions
                if has_perm_anywhere(user, perm)
            ],
        )
        return context


class RefusalAuditMixin:
    """A detail page's 404 for a row that exists outside the user's scope is audited."""

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            model = (queryset if queryset is not None else self.get_queryset()).model
            audit.refused(self.request.user, model, self.kwargs.get("pk"), self.request.path)
            raise


class ScopedObjectMixin(RefusalAuditMixin):
    perm = Perm.VIEW_REGISTRY

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.perm)


class ScopedDetailView(ScopedObjectMixin, generic.DetailView):
    """A row's page. A page that also answers `?export=xlsx` defines `export()`, which reads
    `self.object`."""

    change_perm = None

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and hasattr(self, "export"):
            self.object = self.get_object()
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = bool(self.change_perm) and (
            self.model.objects.changeable_by(self.request.user, self.change_perm)
            .filter(pk=self.object.pk)
            .exists()
        )
        return context


class ScopedFormMixin:
    """Create and edit forms: the form gets the user to limit its choices to the user's scope."""

    change_perm = Perm.VIEW_REGISTRY
    template_name = "core/form.html"
    title = ""
    success_message = _("Сохранено.")
    audit_action = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_title()
        return context

    def get_title(self):
        return self.title

    def form_valid(self, form):
        with transaction.atomic():
            self.object = self.save(form)
            if self.audit_action:
                audit.log(
                    self.request.user,
                    self.audit_action,
                    self.object,
                    fields=sorted(form.changed_data),
                )
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def save(self, form):
        return form.save()


def changeable_or_403(view, obj, action):
    """The object, when the view's user may change it with the view's `change_perm`."""
    changeable = view.model.objects.changeable_by(view.request.user, view.change_perm)
    if not changeable.filter(pk=obj.pk).exists():
        raise PermissionDenied(_("Недостаточно прав для %(action)s записи.") % {"action": action})
    return obj


class ScopedCreateView(ScopedFormMixin, generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, self.change_perm):
            raise PermissionDenied(_("Недостаточно прав для создания записи."))
        return super().dispatch(request, *args, **kwargs)


class ScopedUpdateView(ScopedFormMixin, ScopedObjectMixin, generic.UpdateView):
    def get_object(self, queryset=None):
        return changeable_or_403(self, super().get_object(queryset), _("изменения"))

    def get_title(self):
        return self.title or _("Изменение: %(object)s") % {"object": self.object}


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    change_perm = Perm.VIEW_REGISTRY
    template_name = "core/confirm_delete.html"
    audit_action = ""

    def get_object(self, queryset=None):
        return changeable_or_403(self, super().get_object(queryset), _("удаления"))

    def form_valid(self, form):
        obj = self.object
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                if self.audit_action:
                    audit.log(self.request.user, self.audit_action, obj)
                obj.delete()
        except ProtectedError:
            messages.error(
                self.request,
                _("Запись «%(object)s» нельзя удалить: на неё ссылаются другие записи.")
                % {"object": obj},
            )
            return redirect(self.request.path)
        messages.success(self.request, _("Запись «%(object)s» удалена.") % {"object": obj})
        return redirect(success_url)


def get_scoped_or_404(model, user, pk, perm=Perm.VIEW_REGISTRY):
    try:
        return model.objects.visible_to(user, perm).get(pk=pk)
    except (model.DoesNotExist, ValueError) as error:
        audit.refused(user, model, pk)
        raise Http404 from error


class ServiceFormMixin:
    """A form saved through a service: the view's `save(form)` calls it, and the service's
    ValidationError comes back onto the form's fields."""

    success_message = ""

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())

    def get_success_message(self):
        """The message after saving; `self.object` is what `save` returned."""
        return self.success_message


def message_errors(request, error):
    """A service's refusal, in its own Russian words, shown on the next page."""
    for text in error.messages:
        messages.error(request, text)


def act(request, call, *, back, success=""):
    """A button's action: `call()` runs the service; its refusal, or else `success`, is shown on
    `back`, where the user is sent."""
    try:
        call()
    except ValidationError as error:
        message_errors(request, error)
    else:
        if success:
            messages.success(request, success)
    return redirect(back)


class ServiceDeleteMixin:
    """Deletion through a service (`delete_service(obj, by=user)`); a refusal, which the service
    explains in Russian, is shown on the object's page (`refused_url`)."""

    delete_service = None
    deleted_message = _lazy("Запись «%(object)s» удалена.")

    def form_valid(self, form):
        obj = self.object
        success_url = self.get_success_url()
        try:
            type(self).delete_service(obj, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, error.messages[0])
            return redirect(self.refused_url())
        messages.success(self.request, self.deleted_message % {"object": obj})
        return redirect(success_url)

    def refused_url(self):
        return self.object.get_absolute_url()
