"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in OIDC
mode, a small Django project of its own (settings.py, urls.py, validator.py) that `running()`
starts as a separate process on a free port of 127.0.0.1, with its own SQLite database in a
temporary folder, and stops afterwards. ПрофРост's client skips the consent page, as a
regional Keycloak set up for it would."""

import html
import json
import os
import re
import selectors
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

from profrost.settings import oidc_apps

from .serve import CLIENT_ID, CLIENT_SECRET

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60
NAME = "Вход через региональный портал"
PASSWORD = "portal-pass-123"
SNILS = "112-233-445 95"  # as a provider may send it; the registry keeps 11223344595
# Who may log in at the provider and what it says of them.
USERS = {
    "maria": {
        "email": "maria.ivanova@school.example",
        "email_verified": True,
        "given_name": "Маша",
        "family_name": "Портальная",
    },
    "petr": {"email": "petr@mail.example", "email_verified": True, "snils": SNILS},
    "olga": {"email": "olga@school.example", "email_verified": False},
    "stranger": {"email": "stranger@mail.example", "email_verified": True},
}


@dataclass
class Provider:
    base_url: str  # scheme, host and port

    @property
    def issuer(self):
        return f"{self.base_url}/o"

    def socialaccount_providers(self):
        """The SOCIALACCOUNT_PROVIDERS setting that points ПрофРост at this provider."""
        return {"openid_connect": {"APPS": oidc_apps(self.issuer, CLIENT_ID, CLIENT_SECRET, NAME)}}

    def log_in(self, authorize_url, username):
        """Log `username` in at the provider, as a browser led there by `authorize_url`
        would; the URL the provider then sends the browser back to (ПрофРост's callback)."""
        with requests.Session() as http:
            page = http.get(authorize_url, timeout=10)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
            next_url = html.unescape(re.search(r'name="next" value="([^"]*)"', page.text)[1])
            form = {"username": username, "password": PASSWORD, "next": next_url}
            answer = http.post(
                page.url,
                data={**form, "csrfmiddlewaretoken": token},
                allow_redirects=False,
                timeout=10,
            )
            while answer.is_redirect:
                location = urljoin(answer.url, answer.headers["Location"])
                if not location.startswith(self.base_url):
                    return location
                answer = http.get(location, allow_redirects=False, timeout=10)
        raise AssertionError(f"the provider did not send back: {answer.status_code}")


@contextmanager
def running(redirect_uris):
    """A provider that accepts ПрофРост's client coming back to `redirect_uris`."""
    with (
        tempfile.TemporaryDirectory(prefix="oidc-provider-") as folder,
        open(Path(folder) / "stderr.log", "w+") as errors,
        _start(folder, redirect_uris, errors) as process,
    ):
        try:
            yield _wait_until_ready(process, errors)
        finally:
            _stop(process)


def _start(folder, redirect_uris, errors):
    users = {name: {"password": PASSWORD, "claims": claims} for name, claims in USERS.items()}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DIR": folder,
        "OIDC_PROVIDER_USERS": json.dumps(users),
        "OIDC_PROVIDER_REDIRECT_URIS": " ".join(redirect_uris),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,  # closed when the tests end, however: the provider ends too
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_until_ready(process, errors):
    """Wait for `READY <port>`, then for the discovery document to answer."""
    deadline = time.monotonic() + START_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=START_TIMEOUT)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("READY "):
        errors.seek(0)
        raise RuntimeError(f"the test OIDC provider did not start:\n{errors.read()[-3000:]}")
    provider = Provider(f"http://127.0.0.1:{int(line.split()[1])}")
    while time.monotonic() < deadline:
        try:
            requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2)
            return provider
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("the test OIDC provider does not answer")
