from django import template

from profrost.core.roles import Perm
from profrost.registry.models import Person

from .. import selectors

register = template.Library()


@register.inclusion_tag("consents/_person_consent.html", takes_context=True)
def person_consent(context, person):
    """The consent line of a person's card, for whoever keeps their staff record."""
    viewer = context["request"].user
    if not Person.objects.changeable_by(viewer, Perm.MANAGE_STAFF).filter(pk=person.pk).exists():
        return {"shown": False}
    return {"shown": True, "person": person, "current": selectors.in_force(person)}
