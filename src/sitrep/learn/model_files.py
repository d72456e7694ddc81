"""A trained model on disk: plain arrays (.npy, read without pickle), a JSON vocabulary and a JSON manifest.

    SITREP_HOME/models/NAME/
      manifest.json      what it was trained on, labels, scores, thresholds, feature settings, file checksums
      vocabulary.json    {"word": [term, …], "char_wb": [term, …]}: a term's position is its column
      idf-word.npy, idf-char_wb.npy, weights.npy (columns × labels, float32), intercept.npy

Anything that does not check out (a missing or altered file, another program's folder, a newer format)
is one ModelError naming the folder and the problem.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..model import SUB_EVENT_TYPES
from ..settings import models_home
from .features import LinearTextModel, TermSpace
from .training_files import NO_EVENT
from .vote import Thresholds

FORMAT = "sitrep-model"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
VOCABULARY = "vocabulary.json"
WEIGHTS, INTERCEPT = "weights.npy", "intercept.npy"


@dataclass(frozen=True, slots=True)
class TrainedModel:
    name: str
    directory: Path
    classifier: LinearTextModel
    thresholds: Thresholds
    manifest: dict[str, Any]


def model_directory(name: str, home: Path | None = None) -> Path:
    return models_home(home) / name


def trained_on(name: str, path: Path, home: Path | None = None) -> bool:
    """Whether PATH is the very file the model NAME was trained on (its scores there are not held-out)."""
    manifest = model_directory(name, home) / MANIFEST
    try:
        digest = json.loads(manifest.read_text(encoding="utf-8"))["data"]["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return digest == hashlib.sha256(path.read_bytes()).hexdigest()


def _idf_file(analyzer: str) -> str:
    return f"idf-{analyzer}.npy"


def save_model(directory: Path, classifier: LinearTextModel, manifest: dict[str, Any]) -> None:
    """Write the model into a fresh folder beside DIRECTORY, then swap it in: a failed save keeps the old one."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        arrays = {WEIGHTS: classifier.weights, INTERCEPT: classifier.intercept}
        arrays |= {_idf_file(space.analyzer): space.idf for space in classifier.spaces}
        for filename, array in arrays.items():
            np.save(staging / filename, np.ascontiguousarray(array), allow_pickle=False)
        vocabulary = {space.analyzer: _terms_in_order(space.vocabulary) for space in classifier.spaces}
        (staging / VOCABULARY).write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
        files = {name: _sha256(staging / name) for name in sorted([*arrays, VOCABULARY])}
        full = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest, "files": files}
        (staging / MANIFEST).write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        old = directory.with_name(f".{directory.name}.old")
        if directory.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(directory, old)
        os.replace(staging, directory)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _terms_in_order(vocabulary: dict[str, int]) -> list[str]:
    terms = [""] * len(vocabulary)
    for term, column in vocabulary.items():
        terms[column] = term
    return terms


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_model(directory: Path) -> TrainedModel:
    """The model stored in DIRECTORY, checked file by file."""

    def fail(problem: str) -> ModelError:
        return ModelError(f"model {directory}: {problem}; train it again with `sitrep train`")

    manifest = _manifest(directory, fail)
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise fail("the manifest lists no files")
    for filename, digest in files.items():
        path = directory / filename
        if not path.is_file():
            raise fail(f"{filename} is missing")
        if _sha256(path) != digest:
            raise fail(f"{filename} is corrupted (its checksum differs from the manifest's)")
    try:
        vocabulary = json.loads((directory / VOCABULARY).read_text(encoding="utf-8"))
        spaces = tuple(
            _space(entry, vocabulary[entry["analyzer"]], _array(directory / _idf_file(entry["analyzer"]), fail))
            for entry in manifest["features"]["spaces"]
        )
        labels = tuple(manifest["labels"])
        thresholds = Thresholds.from_dict(manifest["thresholds"])
    except (KeyError, TypeError, ValueError) as exc:
        raise fail(f"its manifest or vocabulary is incomplete ({exc})") from None
    weights, intercept = _array(directory / WEIGHTS, fail), _array(directory / INTERCEPT, fail)
    unknown = [label for label in labels if label not in SUB_EVENT_TYPES and label != NO_EVENT]
    if unknown:
        raise fail(f"labels that are no ACLED sub-event type: {', '.join(unknown)}")
    columns = sum(len(space.vocabulary) for space in spaces)
    width = 1 if len(labels) == 2 else len(labels)
    if weights.shape != (columns, width) or intercept.shape != (width,) or len(labels) < 2:
        raise fail(f"weights {weights.shape} do not fit {columns} terms and {len(labels)} labels")
    classifier = LinearTextModel(spaces, weights, intercept, labels)
    return TrainedModel(str(manifest.get("name", directory.name)), directory, classifier, thresholds, manifest)


def _manifest(directory: Path, fail) -> dict[str, Any]:
    if not directory.is_dir():
        raise fail("no such folder")
    path = directory / MANIFEST
    if not path.is_file():
        raise fail(f"not a sitrep model (no {MANIFEST})")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise fail(f"{MANIFEST} is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise fail(f"not a sitrep model ({MANIFEST} does not say format {FORMAT!r})")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise fail(f"written by a newer sitrep (format version {version}); upgrade sitrep")
    return manifest


def _array(path: Path, fail) -> np.ndarray:
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise fail(f"{path.name} is not a plain array ({exc})") from None
    if not np.issubdtype(array.dtype, np.floating):
        raise fail(f"{path.name} holds {array.dtype} values, not numbers")
    return array


def _space(entry: dict, terms: list[str], idf: np.ndarray) -> TermSpace:
    if entry["analyzer"] not in ("word", "char_wb") or len(terms) != len(idf):
        raise ValueError(f"the {entry['analyzer']} space has {len(terms)} terms and {len(idf)} weights")
    low, high = (int(n) for n in entry["ngram_range"])
    return TermSpace(entry["analyzer"], (low, high), {term: i for i, term in enumerate(terms)}, idf)
