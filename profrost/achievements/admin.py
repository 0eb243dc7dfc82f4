from django.contrib import admin

from . import models


class StageInline(admin.TabularInline):
    model = models.CompetitionStage
    extra = 0


@admin.register(models.Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "year", "region", "municipality", "organization"]
    list_filter = ["level", "year"]
    search_fields = ["title", "organizer"]
    inlines = [StageInline]


@admin.register(models.CompetitionParticipation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["person", "competition", "result", "organization"]
    list_filter = ["result"]
    raw_id_fields = ["person", "competition", "organization", "stage"]


@admin.register(models.ExpertActivity)
class ExpertActivityAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "direction", "level", "started_on", "ended_on"]
    list_filter = ["kind", "level"]
    raw_id_fields = ["person", "organization"]


@admin.register(models.Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "kind", "level", "year"]
    list_filter = ["kind", "level", "year"]
    search_fields = ["title", "edition"]
    raw_id_fields = ["person", "organization"]
