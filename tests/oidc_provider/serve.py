"""Runs the test OpenID Connect provider: `python -m tests.oidc_provider.serve`, with the
settings' environment (OIDC_PROVIDER_DIR, OIDC_PROVIDER_USERS, OIDC_PROVIDER_REDIRECT_URIS).
Prepares its database, the people and ПрофРост's client, listens on a free port of 127.0.0.1
and prints `READY <port>` when it accepts requests; ends when its standard input closes."""

import os
import sys
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CLIENT_ID = "profrost"
CLIENT_SECRET = "profrost-test-secret"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def prepare():
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, spec in settings.PROVIDER_USERS.items():
        get_user_model().objects.create_user(username, password=spec["password"])
    Application.objects.create(
        name="ПрофРост",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=settings.REDIRECT_URIS,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    prepare()
    server = make_server(
        "127.0.0.1",
        0,
        get_wsgi_application(),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    print(f"READY {server.server_port}", flush=True)
    server.serve_forever()


def _exit_with_parent():
    # The tests hold our standard input open; it closes when they end, killed ones too.
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()
