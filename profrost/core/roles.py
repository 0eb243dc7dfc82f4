"""Roles, the level of scope each is held over, and what each may do.

The permission matrix lives here and nowhere else; docs/roles.md describes it for people.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    REGION = "region", _("Регион")
    MUNICIPALITY = "municipality", _("Муниципалитет")
    ORGANIZATION = "organization", _("Организация")
    PERSON = "person", _("Собственная запись")


class Role(models.TextChoices):
    REGIONAL_ADMIN = "regional_admin", _("Администратор региона")
    CNPPM_COORDINATOR = "cnppm_coordinator", _("Координатор ЦНППМ")
    REGIONAL_METHODIST = "regional_methodist", _("Региональный методист")
    PSYCHOLOGIST = "psychologist", _("Педагог-психолог ЦНППМ")
    MUNICIPAL_METHODIST = "municipal_methodist", _("Муниципальный методист")
    ORGANIZATION_ADMIN = "organization_admin", _("Администратор организации")
    TEACHER = "teacher", _("Педагог")


ROLE_LEVEL = {
    Role.REGIONAL_ADMIN: Level.REGION,
    Role.CNPPM_COORDINATOR: Level.REGION,
    Role.REGIONAL_METHODIST: Level.REGION,
    Role.PSYCHOLOGIST: Level.REGION,
    Role.MUNICIPAL_METHODIST: Level.MUNICIPALITY,
    Role.ORGANIZATION_ADMIN: Level.ORGANIZATION,
    Role.TEACHER: Level.PERSON,
}


class Perm:
    """Actions. A role grants an action over the scope it is held over."""

    VIEW_REGISTRY = "registry.view"
    MANAGE_MUNICIPALITIES = "registry.manage_municipalities"
    MANAGE_ORGANIZATIONS = "registry.manage_organizations"
    EDIT_OWN_ORGANIZATION = "registry.edit_organization"
    MANAGE_STAFF = "registry.manage_staff"
    IMPORT_ORGANIZATIONS = "registry.import_organizations"
    IMPORT_STAFF = "registry.import_staff"
    MANAGE_REFERENCE = "registry.manage_reference"  # synonyms of positions and subjects
    MANAGE_ACCOUNTS = "accounts.manage"  # invite people of the scope, switch accounts off/on
    VIEW_DIAGNOSTICS = "diagnostics.view"
    # Named results of sensitive instruments (the burnout screening): the person's own are
    # always theirs; other people's only with this, which the ЦНППМ psychologist holds over
    # the region (and a superuser; docs/personal-data.md).
    VIEW_SENSITIVE_RESULTS = "diagnostics.view_sensitive"
    MANAGE_COMPETENCES = "competences.manage"
    MANAGE_INSTRUMENTS = "diagnostics.manage_instruments"
    MANAGE_CAMPAIGNS = "diagnostics.manage_campaigns"
    IMPORT_RESULTS = "diagnostics.import_results"
    TAKE_DIAGNOSTICS = "diagnostics.take"
    VIEW_PROGRAMS = "programs.view"
    MANAGE_PROGRAMS = "programs.manage"
    APPLY_ENROLMENTS = "programs.apply"
    APPROVE_ENROLMENTS = "programs.approve"
    MANAGE_TRAINING_REQUESTS = "programs.manage_requests"
    # The documents issued, checked and exported to ФИС ФРДО (docs/frdo.md): for the providers
    # where the user works, or, with the second, for every provider of the scope's programs.
    REPORT_DOCUMENTS = "programs.report_documents"
    REPORT_ALL_PROVIDERS = "programs.report_all_providers"
    MANAGE_ROUTES = "routes.manage"
    FOLLOW_OWN_ROUTE = "routes.follow_own"
    MANAGE_METHODISTS = "routes.manage_methodists"
    VIEW_MONITORING = "monitoring.view"
    COMPUTE_MONITORING = "monitoring.compute"
    MANAGE_TARGETS = "monitoring.manage_targets"
    MANAGE_RECOMMENDATIONS = "monitoring.manage_recommendations"
    ANSWER_RECOMMENDATIONS = "monitoring.answer_recommendations"
    MANAGE_DECISIONS = "monitoring.manage_decisions"
    MANAGE_DATA_REQUESTS = "datarequests.manage"
    ANSWER_DATA_REQUESTS = "datarequests.answer"
    VIEW_NETWORK = "network.view"
    MANAGE_ASSOCIATIONS = "network.manage_associations"
    MANAGE_EVENTS = "network.manage_events"
    MANAGE_MENTORING = "mentoring.manage"
    KEEP_OWN_MENTORING = "mentoring.keep_own"
    MANAGE_ACHIEVEMENTS = "achievements.manage"
    ADD_OWN_ACHIEVEMENTS = "achievements.add_own"
    MANAGE_PRACTICES = "practices.manage"
    SUBMIT_PRACTICES = "practices.submit"
    MANAGE_MATERIALS = "practices.manage_materials"
    MANAGE_VACANCIES = "staffing.manage"


# The regional level owns the competence framework and the instruments; it runs campaigns and
# loads the results of the federal diagnostics.
DIAGNOSTICS_REGIONAL = {
    Perm.VIEW_DIAGNOSTICS,
    Perm.MANAGE_COMPETENCES,
    Perm.MANAGE_INSTRUMENTS,
    Perm.MANAGE_CAMPAIGNS,
    Perm.IMPORT_RESULTS,
}

# Programs and routes: the region keeps the catalogue and the methodical asset and marks
# completion (the provider side); schools and municipalities apply, approve and build routes;
# a teacher applies for themselves and follows their own route.
LEARNING_REGIONAL = {
    Perm.VIEW_PROGRAMS,
    Perm.MANAGE_PROGRAMS,
    Perm.APPLY_ENROLMENTS,
    Perm.APPROVE_ENROLMENTS,
    Perm.MANAGE_TRAINING_REQUESTS,
    Perm.MANAGE_ROUTES,
    Perm.MANAGE_METHODISTS,
    Perm.REPORT_DOCUMENTS,
}
LEARNING_LOCAL = {
    Perm.VIEW_PROGRAMS,
    Perm.APPLY_ENROLMENTS,
    Perm.APPROVE_ENROLMENTS,
    Perm.MANAGE_TRAINING_REQUESTS,
    Perm.MANAGE_ROUTES,
}
LEARNING_TEACHER = {
    Perm.VIEW_PROGRAMS,
    Perm.APPLY_ENROLMENTS,
    Perm.MANAGE_TRAINING_REQUESTS,
    Perm.FOLLOW_OWN_ROUTE,
}

# Monitoring: the region and the municipalities compute periods, analyse, recommend and decide;
# the region alone sets targets; organizations (and a person a recommendation is addressed to)
# see their indicators and answer recommendations and data requests.
MONITORING_REGIONAL = {
    Perm.VIEW_MONITORING,
    Perm.COMPUTE_MONITORING,
    Perm.MANAGE_RECOMMENDATIONS,
    Perm.ANSWER_RECOMMENDATIONS,
    Perm.MANAGE_DECISIONS,
    Perm.MANAGE_DATA_REQUESTS,
}
MONITORING_MUNICIPAL = MONITORING_REGIONAL
MONITORING_ORGANIZATION = {
    Perm.VIEW_MONITORING,
    Perm.ANSWER_RECOMMENDATIONS,
    Perm.ANSWER_DATA_REQUESTS,
}

# The methodical network: every level runs its own associations, events, mentoring and records
# achievements; a teacher keeps their own facts and whatever they lead (an association they head,
# the pairs where they are the mentor).
NETWORK_MANAGERS = {
    Perm.VIEW_NETWORK,
    Perm.MANAGE_ASSOCIATIONS,
    Perm.MANAGE_EVENTS,
    Perm.MANAGE_MENTORING,
    Perm.MANAGE_ACHIEVEMENTS,
    Perm.SUBMIT_PRACTICES,
    Perm.MANAGE_MATERIALS,
    Perm.MANAGE_VACANCIES,
}
NETWORK_TEACHER = {
    Perm.VIEW_NETWORK,
    Perm.MANAGE_ASSOCIATIONS,
    Perm.MANAGE_EVENTS,
    Perm.KEEP_OWN_MENTORING,
    Perm.ADD_OWN_ACHIEVEMENTS,
    Perm.SUBMIT_PRACTICES,
}

ROLE_PERMS = {
    Role.REGIONAL_ADMIN: {
        Perm.VIEW_REGISTRY,
        Perm.MANAGE_MUNICIPALITIES,
        Perm.MANAGE_ORGANIZATIONS,
        Perm.EDIT_OWN_ORGANIZATION,
        Perm.MANAGE_STAFF,
        Perm.IMPORT_ORGANIZATIONS,
        Perm.IMPORT_STAFF,
        Perm.MANAGE_REFERENCE,
        Perm.MANAGE_ACCOUNTS,
        *DIAGNOSTICS_REGIONAL,
        *NETWORK_MANAGERS,
        Perm.MANAGE_PRACTICES,
        *LEARNING_REGIONAL,
        *MONITORING_REGIONAL,
        Perm.MANAGE_TARGETS,
        Perm.REPORT_ALL_PROVIDERS,
    },
    Role.CNPPM_COORDINATOR: {
        Perm.VIEW_REGISTRY,
        *DIAGNOSTICS_REGIONAL,
        *NETWORK_MANAGERS,
        Perm.MANAGE_PRACTICES,
        *LEARNING_REGIONAL,
        *MONITORING_REGIONAL,
    },
    Role.REGIONAL_METHODIST: {
        Perm.VIEW_REGISTRY,
        *DIAGNOSTICS_REGIONAL,
        *NETWORK_MANAGERS,
        Perm.MANAGE_PRACTICES,
        *LEARNING_REGIONAL - {Perm.MANAGE_METHODISTS},
        *MONITORING_REGIONAL,
    },
    # The psychologist follows the screening's findings: reads the registry and the diagnostics
    # of the region and the named sensitive results, and changes nothing. network.view too, as
    # every role has it: without it the psychologist's own «Моё портфолио» would not open.
    Role.PSYCHOLOGIST: {
        Perm.VIEW_REGISTRY,
        Perm.VIEW_DIAGNOSTICS,
        Perm.VIEW_SENSITIVE_RESULTS,
        Perm.VIEW_NETWORK,
    },
    Role.MUNICIPAL_METHODIST: {
        Perm.VIEW_REGISTRY,
        Perm.MANAGE_ORGANIZATIONS,
        Perm.EDIT_OWN_ORGANIZATION,
        Perm.MANAGE_STAFF,
        Perm.IMPORT_ORGANIZATIONS,
        Perm.IMPORT_STAFF,
        Perm.MANAGE_ACCOUNTS,
        Perm.VIEW_DIAGNOSTICS,
        Perm.MANAGE_CAMPAIGNS,
        Perm.IMPORT_RESULTS,
        *NETWORK_MANAGERS,
        Perm.MANAGE_PRACTICES,
        *LEARNING_LOCAL,
        *MONITORING_MUNICIPAL,
    },
    Role.ORGANIZATION_ADMIN: {
        Perm.VIEW_REGISTRY,
        Perm.EDIT_OWN_ORGANIZATION,
        Perm.MANAGE_STAFF,
        Perm.IMPORT_STAFF,
        Perm.MANAGE_ACCOUNTS,
        Perm.VIEW_DIAGNOSTICS,
        Perm.MANAGE_CAMPAIGNS,
        *NETWORK_MANAGERS,
        *LEARNING_LOCAL,
        *MONITORING_ORGANIZATION,
    },
    Role.TEACHER: {
        Perm.VIEW_REGISTRY,
        Perm.VIEW_DIAGNOSTICS,
        Perm.TAKE_DIAGNOSTICS,
        *NETWORK_TEACHER,
        *LEARNING_TEACHER,
        Perm.ANSWER_RECOMMENDATIONS,
    },
}


def roles_granting(perm):
    return [role for role, perms in ROLE_PERMS.items() if perm in perms]
