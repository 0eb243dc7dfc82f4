"""The URL walk's objects of accounts: its pages take a person (person_pk, already in the walk)
and one of the roles of their account (assignment_pk); the person gets an account with the
teacher role so that switching it off and on, and taking the role back, have something to
refuse."""

from profrost.core.models import RoleAssignment
from profrost.core.roles import Role
from tests import factories


def extend(objects, user):
    person = objects["person"]
    account = factories.User.objects.filter(person=person).first()
    if account is None:
        account = factories.UserFactory(person=person, username=f"walk-account-{person.pk}")
    objects["assignment"], _ = RoleAssignment.objects.get_or_create(user=account, role=Role.TEACHER)
