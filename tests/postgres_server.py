"""A throw-away PostgreSQL server on loopback for the tests: initdb, pg_ctl start, and stop at the end.

Uses $SITREP_TEST_POSTGRES when set (a server URL, e.g. from .ci/postgres.sh); otherwise looks for the
server binaries (PATH, then Debian's /usr/lib/postgresql/*/bin) and runs its own cluster in a temporary
folder, as the `postgres` user when the tests run as root (initdb refuses root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def server_binaries() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


class PostgresServer:
    def __init__(self) -> None:
        self.bin = server_binaries()
        self.folder: Path | None = None
        self.port = 0
        self.user = "postgres"

    @property
    def available(self) -> bool:
        return self.bin is not None

    def start(self) -> None:
        assert self.bin is not None
        self.folder = Path(tempfile.mkdtemp(prefix="sitrep-pg-"))
        data = self.folder / "data"
        self.port = _free_port()
        run_as = self._run_as()
        if run_as:
            info = pwd.getpwnam(run_as)
            os.chown(self.folder, info.pw_uid, info.pw_gid)
        self._run(run_as, str(self.bin / "initdb"), "-D", str(data), "-U", self.user, "-A", "trust", "-E", "UTF8")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=100"
        self._run(
            run_as,
            str(self.bin / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        if self.folder is None:
            return
        self._run(self._run_as(), str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def _run_as(self) -> str | None:
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "nobody"
        return "postgres"

    @staticmethod
    def _run(run_as: str | None, *command: str) -> None:
        if run_as:
            command = ("runuser", "-u", run_as, "--", *command)
        subprocess.run(command, check=True, capture_output=True, cwd="/")


def fresh_database(server_url: str) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
