from django.apps import AppConfig, apps
from django.conf import settings
from django.db import models


def in_package(name, package):
    """A module of the app's models: the module itself, or a submodule of a models package."""
    return name == package or name.startswith(f"{package}.")


def choice_enum_names():
    """Names the schema's enums after our choices classes (`RouteStatusEnum`), so that fields
    called `status`, `kind` or `level` with different choices in different models do not
    collide. A models package's classes count as the package's."""
    names, seen = {}, set()
    for config in apps.get_app_configs():
        module = config.models_module
        if not config.name.startswith("profrost.") or module is None:
            continue
        module_name = module.__name__
        for attribute, value in sorted(vars(module).items()):
            if (
                isinstance(value, type)
                and issubclass(value, models.Choices)
                and in_package(value.__module__, module_name)
                and tuple(value.values) not in seen
            ):
                seen.add(tuple(value.values))
                names[f"{attribute}Enum"] = f"{value.__module__}.{attribute}"
    return names


class ApiConfig(AppConfig):
    name = "profrost.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        overrides = settings.SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})
        for name, path in choice_enum_names().items():
            overrides.setdefault(name, path)
