"""`sitrep serve` as a user runs it: it prints its URL, answers there, and says why it cannot start."""

import socket
import subprocess
import sys

import httpx2 as httpx


def test_serve_prints_a_url_that_answers_with_the_dashboard_and_the_api(served):
    assert "<title>sitrep" in httpx.get(served, timeout=10).text
    events = httpx.get(f"{served}events", params={"limit": 2}, timeout=10).json()
    assert len(events["events"]) == 2 and events["next_cursor"]


def test_a_port_in_use_is_one_line_naming_it(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [
            sys.executable,
            "-m",
            "sitrep",
            "serve",
            "--db",
            f"sqlite:///{tmp_path / 'x.db'}",
            "--port",
            str(port),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
