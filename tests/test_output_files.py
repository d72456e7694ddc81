"""The one output writer: nothing it is pointed at is destroyed (temporary files, FIFOs and mocks only)."""

from __future__ import annotations

import errno
import os
import socket
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from sitrep import output_files
from sitrep.errors import OutputError
from sitrep.output_files import check_output_path, open_output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


def test_a_new_file_appears_only_when_the_block_succeeds(tmp_path):
    target = tmp_path / "events.jsonl"
    with open_output(target) as fp:
        fp.write("one\n")
        assert not target.exists()  # written beside it, renamed at the end
    assert target.read_text() == "one\n"
    assert leftovers(tmp_path) == []


def test_a_failure_inside_the_block_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "events.csv"
    target.write_text("precious\n")
    target.chmod(0o640)
    with pytest.raises(RuntimeError), open_output(target) as fp:
        fp.write("half")
        raise RuntimeError("input broke")
    assert target.read_text() == "precious\n" and leftovers(tmp_path) == []
    with open_output(target) as fp:
        fp.write("new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file keeps its mode


def test_a_full_disk_is_an_output_error_and_the_old_file_stays(tmp_path, monkeypatch):
    target = tmp_path / "events.csv"
    target.write_text("precious\n")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output_files.os, "fsync", full)
    with pytest.raises(OutputError, match="No space left"), open_output(target) as fp:
        fp.write("x" * 100)
    assert target.read_text() == "precious\n" and leftovers(tmp_path) == []


def test_sqlite_files_the_store_and_its_side_files_are_refused(tmp_path):
    store = tmp_path / "sitrep.db"
    with sqlite3.connect(store) as conn:
        conn.execute("create table t (x)")
    size = store.stat().st_size
    for target in (store, tmp_path / "sitrep.db-wal", tmp_path / "sitrep.db-journal"):
        with pytest.raises(OutputError, match="SQLite|sitrep.db"):
            check_output_path(target)
    other = tmp_path / "copy.db"
    other.write_bytes(store.read_bytes())
    with pytest.raises(OutputError, match="SQLite database"), open_output(other):
        pass
    notes = tmp_path / "notes.txt"
    notes.write_text("input")
    with pytest.raises(OutputError, match="reads or has open"):
        check_output_path(notes, protect=[notes])
    assert store.stat().st_size == size and other.read_bytes() == store.read_bytes()


def test_links_are_never_written_through_and_planted_temporary_files_are_harmless(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        check_output_path(link)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match="symbolic link"):
        check_output_path(dangling)
    (tmp_path / "new.csv.partial").symlink_to(victim)  # the old writer's fixed temporary name
    with open_output(tmp_path / "new.csv") as fp:
        fp.write("events\n")
    assert victim.read_text() == "precious\n" and link.is_symlink()
    assert (tmp_path / "new.csv").read_text() == "events\n"


def test_folders_missing_folders_and_sockets_are_one_line_errors(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        check_output_path(tmp_path)
    with pytest.raises(OutputError, match="does not exist"):
        check_output_path(tmp_path / "missing" / "x.csv")
    (tmp_path / "plain").write_text("")
    with pytest.raises(OutputError, match="Not a directory"):
        check_output_path(tmp_path / "plain" / "x.csv")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s"))
        with pytest.raises(OutputError, match="not a regular file"):
            check_output_path(tmp_path / "s")


def test_a_fifo_is_written_directly_never_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with open_output(fifo) as fp:
        fp.write("through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and leftovers(tmp_path) == []


def _pretend(monkeypatch, path: Path, kind: int) -> None:
    real_lstat = os.lstat

    def lstat(candidate, *args, **kwargs):
        result = real_lstat(candidate, *args, **kwargs)
        if Path(candidate) == path:
            return os.stat_result((kind | 0o666, *tuple(result)[1:]))
        return result

    monkeypatch.setattr(output_files.os, "lstat", lstat)


def test_a_character_device_is_written_in_place_and_a_block_device_refused(tmp_path, monkeypatch):
    device = tmp_path / "tty"
    device.write_text("old contents of the device\n")
    inode = device.stat().st_ino
    _pretend(monkeypatch, device, stat.S_IFCHR)
    assert check_output_path(device) == "stream"
    with open_output(device) as fp:
        fp.write("NEW")
    assert device.stat().st_ino == inode  # the same node, not a file renamed over it
    assert device.read_text().startswith("NEW") and leftovers(tmp_path) == []
    disk = tmp_path / "disk"
    disk.write_text("filesystem")
    _pretend(monkeypatch, disk, stat.S_IFBLK)
    with pytest.raises(OutputError, match="not a regular file"):
        check_output_path(disk)
    assert disk.read_text() == "filesystem"


def test_binary_output_and_stdout(tmp_path, capsys):
    target = tmp_path / "model.bin"
    with open_output(target, binary=True) as fp:
        fp.write(b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    with open_output("-") as fp:
        fp.write("to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"


def test_closed_stdout_is_an_output_error(monkeypatch):
    monkeypatch.setattr(output_files.sys, "stdout", None)
    with pytest.raises(OutputError, match="standard output is closed"), open_output("-"):
        pass


def test_reports_and_learned_resource_files_go_through_the_same_writer(tmp_path):
    from sitrep.learn.publisher_scales import write_publisher_file
    from sitrep.report.render import write_output

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "week.html.partial").symlink_to(victim)  # the report writer's old fixed temporary name
    write_output(tmp_path / "week.html", b"<html></html>")
    assert victim.read_text() == "precious\n" and (tmp_path / "week.html").read_bytes() == b"<html></html>"
    store = tmp_path / "store.html"
    sqlite3.connect(store).execute("create table t (x)").connection.close()
    with pytest.raises(OutputError, match="SQLite"):
        write_output(store, b"<html></html>")
    publishers = tmp_path / "publishers.yaml"
    publishers.symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        write_publisher_file(publishers, [], origin="a test")
    assert victim.read_text() == "precious\n"
