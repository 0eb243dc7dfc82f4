from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "profrost.staffing"
    label = "staffing"
    verbose_name = "Кадровая потребность"
