"""PDF by Chromium's own print-to-PDF, run headless and offline on the rendered HTML page."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConfigError

# Headless, offline and quiet: no sandbox (containers), no background fetches or updates on a machine without network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
_TIMEOUT_S = 120


def chromium_executable() -> str | None:
    """$SITREP_CHROMIUM, or Debian's chromium on the PATH."""
    return os.environ.get("SITREP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf(html: str) -> bytes:
    """The page printed to PDF (A4, backgrounds kept) by a headless Chromium."""
    browser = chromium_executable()
    if browser is None:
        raise ConfigError(
            "a PDF report needs Chromium (apt-get install chromium, or set SITREP_CHROMIUM); -o .html works without"
        )
    with tempfile.TemporaryDirectory(prefix="sitrep-pdf-") as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            *CHROMIUM_FLAGS,
            "--no-pdf-header-footer",
            f"--user-data-dir={folder}/profile",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConfigError(f"Chromium ({browser}) could not print the report: {exc}") from None
        if not pdf.exists() or pdf.stat().st_size == 0:
            detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise ConfigError(f"Chromium ({browser}) printed no PDF: {detail}")
        return pdf.read_bytes()
