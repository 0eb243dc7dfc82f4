"""The registry's reference lists as imports match them: positions and subjects with the
synonyms administrators keep (see core/importers/references.py)."""

from profrost.core.importers.references import Reference

from . import services
from .models import Position, ReferenceKind, ReferenceSynonym, Subject


class ModelReference(Reference):
    def __init__(self, kind, model):
        self.kind, self.model = kind, model

    def load(self):
        synonyms = ReferenceSynonym.objects.filter(kind=self.kind).values_list("synonym", self.kind)
        return self.model.objects.all(), synonyms

    def add_synonym(self, text, pk, user):
        target = self.model.objects.filter(pk=pk).first()
        if target is not None:
            services.add_synonym(self.kind, text, target, by=user)


POSITIONS = ModelReference(ReferenceKind.POSITION, Position)
SUBJECTS = ModelReference(ReferenceKind.SUBJECT, Subject)
