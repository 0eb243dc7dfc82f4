"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of the methodical asset: a
methodist of the organization's municipality and the assignment of the person in `objects` to
them. tests/routes/walk.py calls `extend`."""

from profrost.routes.models import Methodist, MethodistAssignment
from tests.routes.factories_methodists import AssignmentFactory, methodist_in


def extend(objects, user):
    methodist = methodist_in(objects["organization"], "Математика", last_name="Методистова")
    assignment = AssignmentFactory(methodist=methodist, person=objects["person"])
    objects.update({Methodist: methodist, MethodistAssignment: assignment, "methodist": methodist})
