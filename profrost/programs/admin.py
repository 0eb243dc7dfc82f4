"""The register's classifiers and the providers' numbering are kept in the admin
(docs/frdo.md)."""

from django.contrib import admin

from . import models


@admin.register(models.RegisterDocumentKind)
class RegisterDocumentKindAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]


@admin.register(models.RegisterStudyForm)
class RegisterStudyFormAdmin(admin.ModelAdmin):
    list_display = ["name", "forms", "is_active"]


@admin.register(models.FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]


@admin.register(models.DocumentNumbering)
class DocumentNumberingAdmin(admin.ModelAdmin):
    list_display = ["provider", "series", "number_pattern", "registration_pattern", "last"]
    autocomplete_fields = ["provider"]


class ExportedDocumentInline(admin.TabularInline):
    model = models.ExportedDocument
    fields = ["enrollment", "number", "fingerprint"]
    readonly_fields = fields
    can_delete = False
    extra = 0


@admin.register(models.ExportBatch)
class ExportBatchAdmin(admin.ModelAdmin):
    list_display = ["provider", "issued_from", "issued_to", "created", "created_by"]
    readonly_fields = ["provider", "issued_from", "issued_to", "created", "created_by"]
    inlines = [ExportedDocumentInline]
