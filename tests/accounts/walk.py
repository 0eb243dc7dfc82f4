"""The URL walk's objects of accounts: its pages take a person (person_pk, already in the walk);
the person gets an account so that switching it off and on has something to refuse."""

from tests import factories


def extend(objects, user):
    person = objects["person"]
    if not factories.User.objects.filter(person=person).exists():
        factories.UserFactory(person=person, username=f"walk-account-{person.pk}")
