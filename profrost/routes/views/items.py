"""Pages of a route's items and checkpoints: the methodist's editor, the person's marks and
evidence, and the download of an evidence file. Objects are found among those of the routes the
user sees (else 404); who may do what is checked here (403) and again in `services`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core import audit
from profrost.core.forms import attach_errors
from profrost.core.views import ServiceFormMixin, act

from .. import forms, selectors, services
from ..models import Checkpoint, ItemStatus, RouteItem
from .routes import get_route

FORBIDDEN = _("Недостаточно прав для изменения маршрута.")


def get_item(user, pk):
    try:
        return (
            selectors.items_visible_to(user)
            .select_related("route__person", "route__tutor")
            .get(pk=pk)
        )
    except (RouteItem.DoesNotExist, ValueError) as error:
        raise Http404 from error


def get_checkpoint(user, pk):
    try:
        return selectors.checkpoints_visible_to(user).select_related("item__route").get(pk=pk)
    except (Checkpoint.DoesNotExist, ValueError) as error:
        raise Http404 from error


class ServiceFormView(ServiceFormMixin, generic.FormView):
    """A form whose valid data goes to a service; its ValidationError comes back to the form."""

    template_name = "core/form.html"
    success_message = _("Сохранено.")
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.get_title()}

    def get_title(self):
        return self.title


# Items ------------------------------------------------------------------------------------------


class ItemCreateView(ServiceFormView):
    form_class = forms.RouteItemForm
    success_message = _("Пункт добавлен в маршрут.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.route = get_route(request.user, kwargs["route_pk"])
            if not selectors.may_manage(request.user, self.route):
                raise PermissionDenied(FORBIDDEN)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "route": self.route}

    def get_title(self):
        return _("Новый пункт маршрута: %(route)s") % {"route": self.route}

    def save(self, form):
        services.add_item(self.route, by=self.request.user, data=form.cleaned_data)

    def get_success_url(self):
        return self.route.get_absolute_url()


class ItemObjectMixin:
    """The item, found among visible routes' items; managing it needs MANAGE_ROUTES over the
    route unless `manage` is off."""

    model = RouteItem
    manage = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_item(request.user, kwargs["pk"])
            self.route = self.item.route
            self.check(request.user)
        return super().dispatch(request, *args, **kwargs)

    def check(self, user):
        if self.manage and not selectors.may_manage(user, self.route):
            raise PermissionDenied(FORBIDDEN)

    def get_success_url(self):
        return self.route.get_absolute_url()


class ItemUpdateView(ItemObjectMixin, ServiceFormView):
    form_class = forms.RouteItemForm
    success_message = _("Пункт сохранён.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "route": self.route, "instance": self.item}

    def get_title(self):
        return _("Пункт маршрута: %(item)s") % {"item": self.item}

    def save(self, form):
        services.update_item(self.item, by=self.request.user, data=form.cleaned_data)


class ItemDeleteView(ItemObjectMixin, generic.TemplateView):
    template_name = "core/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.item}

    def post(self, request, *args, **kwargs):
        return act(
            request,
            lambda: services.delete_item(self.item, by=request.user),
            success=_("Пункт удалён из маршрута."),
            back=self.route.get_absolute_url(),
        )


class ItemMoveView(ItemObjectMixin, generic.View):
    def post(self, request, *args, **kwargs):
        up = request.POST.get("direction") != "down"
        return act(
            request,
            lambda: services.move_item(self.item, by=request.user, up=up),
            back=self.route.get_absolute_url(),
        )


class ItemProgressView(ItemObjectMixin, generic.FormView):
    """The person's mark and evidence (a manager's too: «не выполнено» is theirs alone)."""

    manage = False
    form_class = forms.ProgressForm
    template_name = "core/form.html"

    def check(self, user):
        self.may_manage = selectors.may_manage(user, self.route)
        if not (self.may_manage or selectors.is_own(user, self.route)):
            raise PermissionDenied(FORBIDDEN)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "manage": self.may_manage}

    def get_initial(self):
        item = self.item
        status = item.status if item.status != ItemStatus.PLANNED else ItemStatus.IN_PROGRESS
        return {
            "status": status,
            "evidence_text": item.evidence_text,
            "evidence_url": item.evidence_url,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Выполнение: %(item)s") % {"item": self.item}
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        try:
            if data["status"] != self.item.status:
                services.set_item_status(self.item, data["status"], by=user)
            if evidence_changed(self.item, data):
                services.save_evidence(
                    self.item,
                    by=user,
                    text=data["evidence_text"],
                    url=data["evidence_url"],
                    upload=data["evidence_file"],
                    remove_file=data["remove_file"],
                )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error("status", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Отметка о выполнении сохранена."))
        return redirect(self.get_success_url())


def evidence_changed(item, data):
    return (
        data["evidence_text"].strip() != item.evidence_text
        or data["evidence_url"].strip() != item.evidence_url
        or data["evidence_file"] is not None
        or (data["remove_file"] and bool(item.evidence_file))
    )


class ItemEvidenceView(ItemObjectMixin, generic.View):
    """The evidence file, for whoever sees the route."""

    manage = False

    def get(self, request, *args, **kwargs):
        if not self.item.evidence_file:
            raise Http404
        audit.log(request.user, "routes.routeitem.evidence_viewed", self.item, route=self.route.pk)
        name = self.item.evidence_file.name.rsplit("/", 1)[-1]
        return FileResponse(self.item.evidence_file.open("rb"), as_attachment=True, filename=name)


# Checkpoints ------------------------------------------------------------------------------------


class CheckpointCreateView(ServiceFormView):
    form_class = forms.CheckpointForm
    success_message = _("Контрольная точка добавлена.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.item = get_item(request.user, kwargs["route_item_pk"])
            self.route = self.item.route
            if not selectors.may_manage(request.user, self.route):
                raise PermissionDenied(FORBIDDEN)
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return _("Новая контрольная точка: %(item)s") % {"item": self.item}

    def save(self, form):
        services.add_checkpoint(self.item, by=self.request.user, data=form.cleaned_data)

    def get_success_url(self):
        return self.route.get_absolute_url()


class CheckpointObjectMixin:
    model = Checkpoint
    manage = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.checkpoint = get_checkpoint(request.user, kwargs["pk"])
            self.route = self.checkpoint.item.route
            if self.manage and not selectors.may_manage(request.user, self.route):
                raise PermissionDenied(FORBIDDEN)
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.route.get_absolute_url()


class CheckpointUpdateView(CheckpointObjectMixin, ServiceFormView):
    form_class = forms.CheckpointForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.checkpoint}

    def get_title(self):
        return _("Контрольная точка: %(title)s") % {"title": self.checkpoint}

    def save(self, form):
        services.update_checkpoint(self.checkpoint, by=self.request.user, data=form.cleaned_data)


class CheckpointDeleteView(CheckpointObjectMixin, generic.TemplateView):
    template_name = "core/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.checkpoint}

    def post(self, request, *args, **kwargs):
        return act(
            request,
            lambda: services.delete_checkpoint(self.checkpoint, by=request.user),
            success=_("Контрольная точка удалена."),
            back=self.route.get_absolute_url(),
        )


class CheckpointDoneView(CheckpointObjectMixin, generic.View):
    """The person, the tutor or a methodist marks a checkpoint passed (done=0: not yet)."""

    manage = False

    def post(self, request, *args, **kwargs):
        try:
            services.mark_checkpoint(
                self.checkpoint, by=request.user, done=request.POST.get("done") != "0"
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Отметка контрольной точки сохранена."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = self.get_success_url()
        return redirect(target)
