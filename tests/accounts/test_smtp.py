"""Mail leaves over real SMTP: a local server (aiosmtpd, the `smtp_server` fixture of
tests/conftest.py) receives what the password reset sends."""

from email import message_from_bytes, policy

from tests import factories


def test_a_letter_arrives_over_smtp(client, db, smtp_server, django_capture_on_commit_callbacks):
    factories.UserFactory(username="petrov", email="petrov@school5.ru")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "petrov@school5.ru"})

    [(recipients, content)] = smtp_server.messages
    letter = message_from_bytes(content, policy=policy.default)
    assert recipients == ["petrov@school5.ru"]
    # A long encoded subject is folded onto the next line; a reader shows it without the fold.
    assert letter["Subject"].strip() == "ПрофРост: восстановление пароля"
    assert "/accounts/password/reset/key/" in letter.get_body(("plain",)).get_content()
