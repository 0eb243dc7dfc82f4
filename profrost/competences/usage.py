"""What the framework's pages need to know about the instruments that measure competences.

Instruments live in diagnostics, which imports competences, so competences may not import it
back. Diagnostics registers its answers here in its AppConfig.ready()
(`profrost/diagnostics/apps.py`); a question asked before that fails loudly with a KeyError.
"""

_answers = {}


def register(*, visible_instruments, reads_instruments, competence_links):
    """`visible_instruments(user)`: the instruments the user sees; `reads_instruments(user)`:
    whether the user may read their items; `competence_links(competence)`: the ties of items to
    the competence, in every instrument."""
    _answers.update(
        visible_instruments=visible_instruments,
        reads_instruments=reads_instruments,
        competence_links=competence_links,
    )


def visible_instruments(user):
    return _answers["visible_instruments"](user)


def reads_instruments(user):
    return _answers["reads_instruments"](user)


def competence_links(competence):
    return _answers["competence_links"](competence)
