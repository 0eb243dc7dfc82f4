"""Production settings, checked the way an administrator runs them (docs/deploy.md)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage_in_production(var_dir, *args):
    # Only the variables set here: a DJANGO_* left in the shell must not change the verdict.
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "PROFROST_VAR_DIR": str(var_dir),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


def test_deploy_check_passes_with_production_settings(tmp_path):
    code, output = manage_in_production(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert code == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_collectstatic_builds_the_manifest_with_production_settings(tmp_path):
    # The manifest storage fails on any reference it cannot resolve (a vendored file's
    # sourceMappingURL, say), and without a manifest every page answers 500.
    code, output = manage_in_production(tmp_path, "collectstatic", "--noinput")

    assert code == 0, output
    assert (tmp_path / "static" / "staticfiles.json").exists()
