"""The journal's names of audit codes (core/audit_labels.py), filled by the apps."""

from profrost.core.audit_labels import describe


def test_describe_names_a_registered_code():
    assert describe("accounts.user.deactivated", {}) == "Учётная запись отключена"


def test_describe_quotes_the_entrys_data():
    data = {"role": "teacher", "role_label": "Педагог"}

    assert describe("accounts.role.granted", data) == "Выдана роль: Педагог"


def test_describe_reads_an_unnamed_code_from_its_model_and_verb():
    assert describe("registry.person.created", {"x": 1}) == "Работник: создание"
    # A middle part that is no model is named by its app.
    assert describe("staffing.summary.exported", {}) == "Кадровая потребность: выгрузка"


def test_describe_shows_a_code_it_cannot_read_as_it_is():
    assert describe("registry.person.juggled", {}) == "registry.person.juggled"
    assert describe("nowhere.person.created", {}) == "nowhere.person.created"


def test_describe_falls_back_to_the_code_when_the_data_lacks_a_field():
    assert describe("accounts.role.revoked", {}) == "accounts.role.revoked"
    assert describe("accounts.role.revoked", None) == "accounts.role.revoked"
