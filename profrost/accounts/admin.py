from django.contrib import admin

from .models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "sent_by", "sent_at", "accepted_at"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    raw_id_fields = ["user", "sent_by"]
    date_hierarchy = "sent_at"
