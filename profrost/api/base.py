"""What the endpoints of every area share.

`ScopedViewSet` reads through `Model.objects.visible_to(user)` (outside it: 404) and writes with
the endpoint's change permission over the object (in view but not in change scope: 403). A write
that saves through the serializer leaves an audit entry named after the model,
`<app_label>.<model_name>.created|updated|deleted`.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.settings import api_settings

from profrost.core import audit
from profrost.core.scoping import has_perm_anywhere

from .permissions import ScopedChangePermission


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def service_errors(error, plain_key=api_settings.NON_FIELD_ERRORS_KEY):
    """A Django ValidationError as the API's errors: by field, with the model's errors of no
    field under `non_field_errors`; an error raised without fields goes under `plain_key`."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in error.message_dict.items()
        }
    return {plain_key: error.messages}


def call(service, *args, **kwargs):
    """A service call whose ValidationError becomes a 400 with the service's Russian messages."""
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as error:
        raise ValidationError(service_errors(error)) from error


def call_detail(service, *args, **kwargs):
    """`call` for the endpoints that answer an error without fields under `detail`."""
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as error:
        raise ValidationError(service_errors(error, plain_key="detail")) from error


# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class NamedChoiceField(serializers.ChoiceField):
    # A choice field whose schema enum is named after its choices class, `<prefix><Class>Enum`:
    # the `kind`, `level` and `status` of different models have different choices, and enums
    # named after the field, as drf-spectacular names them, would collide. An area whose class
    # names are common (`Level`) gives a prefix; a class already named with it keeps one.

    def __init__(self, choices_class, prefix="", **kwargs):
        self.enum_name = f"{prefix}{choices_class.__name__.removeprefix(prefix)}Enum"
        super().__init__(choices=choices_class.choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        labels = "\n".join(f"* `{value}` - {label}" for value, label in field.choices.items())
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={"type": "string", "enum": list(field.choices), "description": labels},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class InUse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Запись используется в других записях реестра и не может быть удалена.")
    default_code = "protected"


class AuditedReadsMixin:
    """Reads of personal data leave a trace: with `audit_reads`, a row read by id writes
    «<model>.viewed» and a page of a list one «<model>.listed» line with the ids shown (not one
    per row). A row that exists but lies outside the user's scope is audited as refused, an
    object-level 403 as forbidden."""

    audit_reads = False

    def get_object(self):
        try:
            obj = super().get_object()
        except Http404:
            model = self.get_queryset().model
            pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            audit.refused(self.request.user, model, pk, self.request.path)
            raise
        except PermissionDenied:
            audit.forbidden(self.request.user, self.request.path)
            raise
        if self.audit_reads and self.request.method == "GET":
            meta = obj._meta
            audit.log(
                self.request.user, f"{meta.app_label}.{meta.model_name}.viewed", obj, via="api"
            )
        return obj

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.audit_reads and page is not None:
            audit.listed(self.request.user, queryset.model, [obj.pk for obj in page], via="api")
        return page


class ScopedViewSet(AuditedReadsMixin, viewsets.ModelViewSet):
    model = None
    lookup_value_converter = "int"
    change_perm = None
    permission_classes = [IsAuthenticated, ScopedChangePermission]
    pagination_class = Pagination

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_change_perm(self):
        return self.change_perm

    def may_create(self):
        return has_perm_anywhere(self.request.user, self.get_change_perm())

    def get_changeable_queryset(self):
        return self.model.objects.changeable_by(self.request.user, self.get_change_perm())

    def log(self, verb, instance, **data):
        meta = instance._meta
        audit.log(self.request.user, f"{meta.app_label}.{meta.model_name}.{verb}", instance, **data)

    @transaction.atomic
    def perform_create(self, serializer):
        instance = serializer.save()
        self.log("created", instance)
        self.read_back(serializer)

    def read_back(self, serializer):
        """The new row as the list shows it, with its annotations and prefetches."""
        instance = serializer.instance
        serializer.instance = self.get_queryset().filter(pk=instance.pk).first() or instance

    @transaction.atomic
    def perform_update(self, serializer):
        instance = serializer.save()
        self.log("updated", instance, fields=sorted(serializer.validated_data))

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                self.log("deleted", instance)
                instance.delete()
        except ProtectedError as exc:
            raise InUse() from exc


class ServiceViewSet(ScopedViewSet):
    """Writes through the area's services, the functions its pages call: they validate (a 400
    with their Russian messages) and audit. `create_service(by=, data=)`, or
    `create_service(parent, by=, data=)` when `parent_field` names the row the new one belongs
    to, which an update leaves as it is; `update_service(instance, by=, data=)`;
    `delete_service(instance, by=)`."""

    create_service = update_service = delete_service = None
    parent_field = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.detail and self.action is None:
            # A method the route does not take: an object out of reach is still «not found».
            self.get_object()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        parent = [data.pop(self.parent_field)] if self.parent_field else []
        serializer.instance = call(
            type(self).create_service, *parent, by=self.request.user, data=data
        )
        self.read_back(serializer)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if self.parent_field:
            data.pop(self.parent_field, None)
        call(type(self).update_service, serializer.instance, by=self.request.user, data=data)
        self.read_back(serializer)

    def perform_destroy(self, instance):
        call(type(self).delete_service, instance, by=self.request.user)


class SaveWithViewSet(ScopedViewSet):
    """Writes through one save service and one delete service of the area:
    `save_with(instance, by=, changed=, **save_kwargs(serializer))` saves a new or changed row
    (a 400 with the service's messages under `detail`), `delete_with(instance, by=)` deletes it
    (a refusal is a 409). Many-to-many fields are left for `save_kwargs` to pass on."""

    # The service functions; not `save`/`delete`, which a view would take for HTTP handlers.
    save_with = None
    delete_with = None

    def save_kwargs(self, serializer):
        return {}

    def perform_create(self, serializer):
        instance = self.model(**self.plain_fields(serializer.validated_data))
        self.save(instance, serializer)

    def perform_update(self, serializer):
        instance = serializer.instance
        for name, value in self.plain_fields(serializer.validated_data).items():
            setattr(instance, name, value)
        self.save(instance, serializer, changed=sorted(serializer.validated_data))

    def plain_fields(self, data):
        many = {field.name for field in self.model._meta.many_to_many}
        return {name: value for name, value in data.items() if name not in many}

    def save(self, instance, serializer, **kwargs):
        serializer.instance = call_detail(
            type(self).save_with,
            instance,
            by=self.request.user,
            **self.save_kwargs(serializer),
            **kwargs,
        )
        self.read_back(serializer)

    def perform_destroy(self, instance):
        try:
            type(self).delete_with(instance, by=self.request.user)
        except DjangoValidationError as error:
            raise InUse(" ".join(error.messages)) from error
