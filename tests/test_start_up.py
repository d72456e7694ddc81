"""A fast start: `import sitrep` reads no file but Python's own modules, and `sitrep extract` leaves the
store, the API and the cluster unimported (bench/startup.py measures the time)."""

import json
import os
import subprocess
import sys
import textwrap

from sitrep.geo.gazetteer import add_entries
from sitrep.geo.index import NewPlace

# Runs in a fresh interpreter: an audit hook records every file opened and every database, socket or
# process started while sitrep is imported (Python's own reading of modules aside).
WATCH_IMPORT = textwrap.dedent(
    """
    import json, sys
    seen = []
    def hook(event, args):
        if event == "open" and not str(args[0]).endswith((".py", ".pyc", ".so", ".pth")):
            seen.append(f"open {args[0]}")
        elif event in ("sqlite3.connect", "socket.connect", "subprocess.Popen", "os.system", "urllib.Request"):
            seen.append(f"{event} {args[0] if args else ''}")
    sys.addaudithook(hook)
    import sitrep
    print(json.dumps(seen))
    """
)


def _in_fresh_interpreter(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_import_sitrep_opens_no_file_database_socket_or_process():
    assert json.loads(_in_fresh_interpreter(WATCH_IMPORT)) == []


def test_the_audit_hook_sees_a_file_read_at_import():
    # the same watch over a module that reads a resource file when imported must report it
    reading = WATCH_IMPORT.replace("import sitrep\n", "import sitrep\nopen(sys.argv[1]).close()\n")
    assert "open /etc/hostname" in json.loads(_in_fresh_interpreter(reading, "/etc/hostname"))


MODULES_AFTER_EXTRACT = textwrap.dedent(
    """
    import sys
    from sitrep.cli import main
    sys.argv = ["sitrep", "extract", "--format", "jsonl", sys.argv[1]]
    try:
        main()
    finally:
        sys.stdout.flush()
        print("\\nMODULES " + " ".join(sorted(sys.modules)), file=sys.stderr)
    """
)


def _extract_one_sentence(script: str, tmp_path, monkeypatch) -> subprocess.CompletedProcess:
    """Run `script` in a fresh interpreter on a one-sentence file, with an index of one place (so that no
    default index is built)."""
    home = tmp_path / "home"
    add_entries(home, [NewPlace("Kafr Nabl", 35.61, 36.56, "SY", "Idlib")], "test")
    monkeypatch.setenv("SITREP_HOME", str(home))
    document = tmp_path / "one.txt"
    document.write_text("Gunmen killed two farmers near the village of Kafr Nabl on Tuesday.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", script, str(document)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def test_extract_imports_neither_the_store_nor_the_api_nor_the_cluster(tmp_path, monkeypatch):
    done = _extract_one_sentence(MODULES_AFTER_EXTRACT, tmp_path, monkeypatch)
    assert json.loads(done.stdout.splitlines()[0])["document_id"]
    modules = set(done.stderr.rsplit("MODULES ", 1)[1].split())
    assert "sitrep.extract.coder" in modules  # the list is the real one
    for heavy in ("sqlalchemy", "sitrep.store", "fastapi", "sitrep.api", "dask", "distributed"):
        assert heavy not in modules, heavy


def test_a_given_home_holds_the_patterns_the_coder_keeps(tmp_path):
    # the prefixes and compiled patterns are kept deep in the coder, where no options reach: --home must
    # still be where they go, not SITREP_HOME
    home, elsewhere = tmp_path / "given", tmp_path / "environment"
    add_entries(home, [NewPlace("Kafr Nabl", 35.61, 36.56, "SY", "Idlib")], "test")
    document = tmp_path / "one.txt"
    document.write_text("Gunmen killed two farmers near the village of Kafr Nabl on Tuesday.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "sitrep", "extract", "--format", "jsonl", "--home", str(home), str(document)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SITREP_HOME": str(elsewhere)},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[0])["location"] == "Kafr Nabl"
    assert {"event_cues.json", "modality.json"} <= {path.name for path in (home / "patterns").iterdir()}
    kept = {path.name.rsplit("-", 1)[0] for path in (home / "cache").iterdir()}
    assert {"compiled-patterns", "parsed-resources"} <= kept
    assert not elsewhere.exists()


# An atexit handler registered before main runs after the ones main registers (last in, first out): it
# sees what the process is left with when the interpreter starts tearing down. main runs twice.
FROZEN_AT_EXIT = textwrap.dedent(
    """
    import atexit, gc, sys
    freeze, calls = gc.freeze, []
    gc.freeze = lambda: calls.append(freeze())
    atexit.register(lambda: print(f"FROZEN {len(calls)} {gc.get_freeze_count()}"))
    from sitrep.cli import main
    sys.argv = ["sitrep", "extract", "--format", "jsonl", sys.argv[1]]
    main()
    main()
    """
)


def test_the_command_leaves_what_it_loaded_out_of_the_last_collection(tmp_path, monkeypatch):
    done = _extract_one_sentence(FROZEN_AT_EXIT, tmp_path, monkeypatch)
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [event["location"] for event in events] == ["Kafr Nabl", "Kafr Nabl"]
    calls, frozen = done.stdout.rsplit("FROZEN ", 1)[1].split()
    assert calls == "2"  # after the first document and at exit, each once however often main ran
    assert int(frozen) > 10_000  # the modules, tables and caches the command loaded


# Prints how many objects are frozen as each document is coded: main runs twice over two JSON lines.
FROZEN_PER_DOCUMENT = textwrap.dedent(
    """
    import gc, sys
    import sitrep.pipeline as pipeline
    extract, seen = pipeline.extract_document, []
    pipeline.extract_document = lambda *args: seen.append(gc.get_freeze_count()) or extract(*args)
    from sitrep.cli import main
    sys.argv = ["sitrep", "extract", "--format", "jsonl", "-o", sys.argv[2], sys.argv[1]]
    main()
    main()
    print("SEEN", *seen)
    """
)


def test_what_the_first_document_loaded_is_frozen_before_the_second_is_coded(tmp_path, monkeypatch):
    home = tmp_path / "home"
    add_entries(home, [NewPlace("Kafr Nabl", 35.61, 36.56, "SY", "Idlib")], "test")
    monkeypatch.setenv("SITREP_HOME", str(home))
    lines = [
        {"id": "a", "text": "Gunmen killed two farmers near the village of Kafr Nabl on Tuesday."},
        {"id": "b", "text": "Shelling wounded four children in Kafr Nabl on Wednesday."},
    ]
    documents = tmp_path / "two.jsonl"
    documents.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    command = [sys.executable, "-c", FROZEN_PER_DOCUMENT, str(documents), str(tmp_path / "events.jsonl")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    first, *later = (int(count) for count in done.stdout.rsplit("SEEN ", 1)[1].split())
    assert first == 0
    assert len(later) == 3 and min(later) > 10_000  # the second document on, in either run
