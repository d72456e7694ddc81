"""Cold start: whole `sitrep extract` processes on a one-sentence file, and the first build of the index.

    python bench/startup.py [--runs 5] [--home FOLDER]

With a fresh SITREP_HOME (a temporary folder unless --home is given) the first run builds the default
gazetteer index and its look-up tables, and keeps the compiled patterns and parsed resources; the next
runs read them. Prints the first build's time and the median wall and CPU seconds of the later runs, and
the machine's load, as one JSON line.

The runs are timed as an installed sitrep runs: with Python's bytecode caches, which `pip install` writes
and an editable install writes on first import. A PYTHONDONTWRITEBYTECODE in the environment (some
sandboxes set it) would make every run compile sitrep's modules from source again, about 0.1 s; it is
dropped for the runs unless --no-bytecode asks to keep it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "Gunmen killed three civilians in the town of Saraqib in Idlib province on Monday.\n"


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument(
        "--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE as the environment has it"
    )
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="sitrep-startup-"))
    document = home / "one-sentence.txt"
    home.mkdir(parents=True, exist_ok=True)
    document.write_text(SENTENCE, encoding="utf-8")
    env = {**os.environ, "SITREP_HOME": str(home)}
    if not args.no_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-m", "sitrep", "extract", "--format", "jsonl", str(document)]
    first_wall, first_cpu = run_once(command, env)
    runs = [run_once(command, env) for _ in range(args.runs)]
    print(
        json.dumps(
            {
                "first_run_with_build_s": round(first_wall, 2),
                "first_run_cpu_s": round(first_cpu, 2),
                "runs": [round(wall, 3) for wall, _ in runs],
                "median_wall_s": round(statistics.median(wall for wall, _ in runs), 3),
                "median_cpu_s": round(statistics.median(cpu for _, cpu in runs), 3),
                "bytecode_caches": "PYTHONDONTWRITEBYTECODE" not in env,
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )


if __name__ == "__main__":
    main()
