from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AuditEntry, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class ProfrostUserAdmin(UserAdmin):
    inlines = [RoleInline]
    fieldsets = [*UserAdmin.fieldsets, ("ПрофРост", {"fields": ["person"]})]
    raw_id_fields = ["person"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created", "actor", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr"]


def superuser_only(request):
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superuser_only
admin.site.site_header = "ПрофРост — администрирование"
