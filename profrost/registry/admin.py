from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models

admin.site.register([models.Region, models.Municipality, models.Position, models.Subject])


@admin.register(models.Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "inn", "kind", "municipality"]
    search_fields = ["short_name", "name", "inn"]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "middle_name", "birth_date"]
    search_fields = ["last_name", "first_name", "snils"]


@admin.register(models.ReferenceSynonym)
class ReferenceSynonymAdmin(admin.ModelAdmin):
    list_display = ["synonym", "kind", "position", "subject", "created_by", "created"]
    list_filter = ["kind"]
    search_fields = ["synonym", "position__name", "subject__name"]
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
