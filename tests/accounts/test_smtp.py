"""Mail leaves over real SMTP: a local server (aiosmtpd) receives what the password reset sends."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from tests import factories


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


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
