"""The URL walk's objects of the registry that are not an organization's own."""

from profrost.registry.models import ReferenceSynonym


def extend(objects, user):
    # Synonyms are common to everyone: the migrations seed them.
    objects[ReferenceSynonym] = ReferenceSynonym.objects.order_by("pk").first()
