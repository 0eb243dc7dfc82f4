"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of the methodical asset: a
methodist of the organization's municipality and the assignment of the person in `objects` to
them."""

from profrost.methodists.models import Methodist, MethodistAssignment
from tests.methodists.factories import AssignmentFactory, methodist_in


def extend(objects, user):
    methodist = methodist_in(objects["organization"], "Математика", last_name="Методистова")
    assignment = AssignmentFactory(methodist=methodist, person=objects["person"])
    objects.update({Methodist: methodist, MethodistAssignment: assignment, "methodist": methodist})
