"""A real `sitrep serve` over a seeded store on a loopback port, and Debian's headless Chromium."""

import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.api.seed import seed_store

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def start_server(db_url: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`sitrep serve --port 0` in a child process; returns it and the URL it printed."""
    command = [sys.executable, "-m", "sitrep", "serve", "--db", db_url, "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not match:
        server.kill()
        raise AssertionError(f"sitrep serve printed no URL: {line!r} {server.stdout.read()!r}")
    return server, match.group(0)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="module")
def served(tmp_path_factory, sitrep_home):
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    seed_store(url).close()
    server, address = start_server(url, env={**os.environ, "SITREP_HOME": str(sitrep_home)})
    yield address
    stop_server(server)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/chromium.sh installs it")
        pytest.skip("no chromium here (apt-get install chromium, or bash .ci/chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
