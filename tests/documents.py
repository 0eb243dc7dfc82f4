"""Opening a generated document in LibreOffice: the check that a DOCX is one an office suite
reads, shared by every test of a printable document."""

import shutil
import subprocess

import pytest

needs_libreoffice = pytest.mark.skipif(
    shutil.which("libreoffice") is None, reason="LibreOffice is not installed"
)


def converted_to_pdf(content, tmp_path, name="document"):
    """The PDF bytes LibreOffice makes of the DOCX `content`."""
    source = tmp_path / f"{name}.docx"
    source.write_bytes(content)
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / f"{name}.pdf").read_bytes()
