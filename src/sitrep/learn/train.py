"""`sitrep train`: fit a classifier on an analyst's coded events, choose the vote's thresholds by
cross-validation, and learn actor aliases and publishers from the same file.

`train_model` does all the work and returns a `TrainingRun` that the caller can show (the per-class
cross-validation report) before `save_run` writes the model and the resource files.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .. import __version__, registry
from ..errors import ConfigError, InputError
from ..model import Document
from ..resource_files import user_resource_dir, user_resource_files
from ..settings import Options, sitrep_home
from .actor_aliases import LearnedActor, learn_actors, write_actor_file
from .coder import CandidateRecorder, LearnedCoder
from .features import LinearTextModel
from .fitting import SEED, FeatureSettings, fit_text_model, stratified_folds
from .model_files import TrainedModel, model_directory, save_model
from .publisher_scales import LearnedPublisher, learn_publishers, write_publisher_file
from .scores import label_report
from .training_files import NO_EVENT, CodedRow, TrainingFile, read_training_file
from .vote import RULES_ONLY, RuleEvent, Thresholds, VoteTable, choose_thresholds

Progress = Callable[[str, int | None], AbstractContextManager[Callable[[int], None]]]
MODEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _ignore(advance: int = 1) -> None:
    return None


@contextmanager
def _no_progress(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    yield _ignore


@dataclass
class TrainingRun:
    name: str
    home: Path
    data: TrainingFile
    classifier: LinearTextModel | None
    manifest: dict
    refused: dict[str, int] = field(default_factory=dict)
    actors: list[LearnedActor] = field(default_factory=list)
    actors_without_inter: list[str] = field(default_factory=list)
    publishers: list[LearnedPublisher] = field(default_factory=list)
    country: str = ""

    @property
    def model_directory(self) -> Path:
        return model_directory(self.name, self.home)

    @property
    def actor_file(self) -> Path:
        return user_resource_dir("actors", self.home) / f"{self.name}.yaml"

    @property
    def publisher_file(self) -> Path:
        return user_resource_dir("publishers", self.home) / f"{self.name}.yaml"


def model_name_for(path: Path, name: str | None) -> str:
    """The model's name: --name, or the file's name without its extension."""
    chosen = name or re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.")
    if not MODEL_NAME.match(chosen or ""):
        raise ConfigError(f"--name {chosen!r}: use letters, digits, '.', '_' and '-' (at most 64)")
    if chosen in registry.available("sitrep.coders"):
        raise ConfigError(f"--name {chosen!r} is the name of a built-in coder; choose another")
    return chosen


def train_model(
    path: Path,
    *,
    name: str | None = None,
    fmt: str | None = None,
    columns: dict[str, str] | None = None,
    home: Path | None = None,
    folds: int = 5,
    test_split: float = 0.0,
    min_examples: int = 5,
    settings: FeatureSettings | None = None,
    progress: Progress = _no_progress,
) -> TrainingRun:
    """Read PATH, fit and cross-validate; nothing is written until `save_run`."""
    if folds < 2:
        raise ConfigError("--folds must be at least 2")
    if not 0.0 <= test_split < 1.0:
        raise ConfigError("--test-split is the share of rows held out, from 0 up to (not including) 1")
    if min_examples < 2:
        raise ConfigError("--min-examples must be at least 2")
    settings = settings or FeatureSettings()
    home = home if home is not None else sitrep_home()
    data = read_training_file(path, fmt, columns)
    run = TrainingRun(model_name_for(path, name), home, data, None, {})
    train_rows, test_rows = split_rows(data.rows, test_split)
    run.country = _dominant_country(train_rows)
    with progress("learning actor names and publishers", None):
        run.actors, run.actors_without_inter = _learn_actors(train_rows, home, run.actor_file)
        run.publishers = learn_publishers(train_rows)
    run.manifest = _manifest_head(run, settings, folds, len(test_rows))
    if not data.labelled:
        return run
    kept, run.refused = _enough_examples([r for r in train_rows if r.label], min_examples, folds)
    options = Options(home=home)
    with progress("coding the rows with the rules", len(kept) + len(test_rows)) as advance:
        kept_events = _rule_events(kept, options, advance)
        test_events = _rule_events(test_rows, options, advance)
    cv, thresholds = _cross_validate(kept, kept_events, settings, folds, progress)
    with progress("fitting the final model", None):
        run.classifier = fit_text_model([r.text for r in kept], [r.label or NO_EVENT for r in kept], settings)
    run.manifest |= {
        "labels": list(run.classifier.labels),
        "label_counts": dict(sorted(Counter(r.label or NO_EVENT for r in kept).items())),
        "refused": run.refused,
        "thresholds": thresholds.to_dict(),
        "cv": cv,
    }
    run.manifest["data"]["rows_used"] = len(kept)
    if test_rows:
        trained = TrainedModel(run.name, run.model_directory, run.classifier, thresholds, run.manifest)
        with progress("coding the held-out rows", None):
            run.manifest["test"] = _held_out(test_rows, test_events, trained, options)
    return run


def split_rows(rows: Sequence[CodedRow], share: float) -> tuple[list[CodedRow], list[CodedRow]]:
    """A held-out share of the labelled rows, the same share of each label (fixed seed); unlabelled
    rows all stay for training."""
    if share <= 0:
        return list(rows), []
    rng = np.random.default_rng(SEED)
    by_label: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if row.label is not None:
            by_label.setdefault(row.label, []).append(index)
    held: set[int] = set()
    for label in sorted(by_label):
        indices = by_label[label]
        count = int(round(share * len(indices)))
        held.update(int(i) for i in rng.permutation(indices)[:count])
    return [r for i, r in enumerate(rows) if i not in held], [r for i, r in enumerate(rows) if i in held]


def _enough_examples(rows: list[CodedRow], minimum: int, folds: int) -> tuple[list[CodedRow], dict[str, int]]:
    counts = Counter(row.label or NO_EVENT for row in rows)
    refused = {label: n for label, n in sorted(counts.items()) if n < minimum}
    kept = [row for row in rows if row.label not in refused]
    if len({row.label for row in kept}) < 2:
        listed = ", ".join(f"{label} ({n})" for label, n in sorted(counts.items())) or "none"
        raise InputError(f"at least two labels need {minimum} rows each to train a classifier; labels: {listed}")
    if len(kept) < folds:
        raise InputError(f"{len(kept)} rows are too few for {folds}-fold cross-validation")
    return kept, refused


def _rule_events(rows: Sequence[CodedRow], options: Options, advance) -> list[list[RuleEvent]]:
    """Each row's events as the rules code its text, and the candidate sentences they drop. Places are
    left out: they split an event by place but do not change its type, and finding them doubles the time."""
    recorder = CandidateRecorder(options)
    found = []
    for row in rows:
        found.append(recorder.events_and_candidates(_document(row)))
        advance(1)
    return found


def _document(row: CodedRow) -> Document:
    return Document(id=row.id, text=row.text, published=row.published)


def _cross_validate(
    rows: list[CodedRow], events: list[list[RuleEvent]], settings: FeatureSettings, folds: int, progress: Progress
) -> tuple[dict, Thresholds]:
    """Out-of-fold reports of the classifier alone, the rules alone and the vote, and the thresholds.
    Each fold's vote uses thresholds chosen on the other folds only, so its figures are held-out."""
    gold = [row.label or NO_EVENT for row in rows]
    splits = stratified_folds(gold, folds)
    alone: list[str] = [""] * len(rows)
    predicted: list[list[tuple[RuleEvent, tuple[str, float]]]] = [[] for _ in rows]
    with progress(f"{folds}-fold cross-validation", folds) as advance:
        for held_out in splits:
            held = set(held_out.tolist())
            model = fit_text_model(
                [r.text for i, r in enumerate(rows) if i not in held],
                [g for i, g in enumerate(gold) if i not in held],
                settings,
            )
            for i in held_out:
                alone[i] = model.predict(rows[i].text)[0]
                predicted[i] = [(e, model.predict(e.text)) for e in events[i]]
            advance(1)
    table = VoteTable.build(predicted, gold)
    voted = np.zeros(len(rows), dtype=np.int32)
    fold_thresholds = []
    for held_out in splits:
        others = np.setdiff1d(np.arange(len(rows)), held_out)
        chosen = choose_thresholds(table.subset(others))
        fold_thresholds.append(chosen.to_dict())
        voted[held_out] = table.subset(held_out).main_labels(chosen)
    rules_right = int((table.main_labels(RULES_ONLY) == table.gold).sum())
    vote_right = int((voted == table.gold).sum())
    # the classifier votes only where the held-out folds show that it helps
    thresholds = choose_thresholds(table) if vote_right > rules_right else RULES_ONLY
    cv = {
        "folds": folds,
        "classifier": label_report(gold, alone),
        "rules": label_report(gold, table.names(table.main_labels(RULES_ONLY))),
        "vote": label_report(gold, table.names(voted)),
        "fold_thresholds": fold_thresholds,
        "vote_beats_rules": vote_right > rules_right,
        "candidates": int(table.candidate.sum()),
    }
    return cv, thresholds


def _held_out(rows: list[CodedRow], events: list[list[RuleEvent]], model: TrainedModel, options: Options) -> dict:
    """The held-out rows coded by the learned coder itself (places left out), the rules and the classifier."""
    gold = [row.label or NO_EVENT for row in rows]
    coder = LearnedCoder(options, model)
    voted = [next((e.sub_event_type for e in coder.code(_document(row), [])), NO_EVENT) for row in rows]
    rules = [next((e.label for e in found if not e.candidate), NO_EVENT) for found in events]
    return {
        "classifier": label_report(gold, [model.classifier.predict(row.text)[0] for row in rows]),
        "rules": label_report(gold, rules),
        "vote": label_report(gold, voted),
    }


def _learn_actors(rows: Sequence[CodedRow], home: Path, replaced: Path) -> tuple[list[LearnedActor], list[str]]:
    """Aliases the catalogue does not know yet: the built-in one and the user's other actor files (not
    the file this training replaces, whose aliases it learns again)."""
    from ..extract.actors import build_catalog, entry_for

    others = [path for path in user_resource_files(user_resource_dir("actors", home)) if path != replaced]
    known = build_catalog(others)

    def known_as(alias: str) -> str | None:
        entry = entry_for(alias, known)
        return entry.name if entry else None

    def known_inter(name: str) -> int | None:
        entry = known.by_name.get(name)
        return entry.inter if entry else None

    def known_mentions(text: str) -> list[tuple[int, int]]:
        return [(start, end) for start, end in known.matcher.spans(text) if entry_for(text[start:end], known)]

    return learn_actors(rows, known_as=known_as, known_inter=known_inter, known_mentions=known_mentions)


def _dominant_country(rows: Sequence[CodedRow]) -> str:
    counts = Counter(row.country for row in rows if row.country)
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0] if counts else ""


def _manifest_head(run: TrainingRun, settings: FeatureSettings, folds: int, test_rows: int) -> dict:
    data = run.data
    return {
        "name": run.name,
        "kind": "tfidf-linear-svm",
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sitrep_version": __version__,
        "data": {
            "file": data.path.name,
            "sha256": data.sha256,
            "format": data.format,
            "columns": data.columns,
            "rows": len(data.rows),
            "rows_without_text": data.skipped,
            "test_rows": test_rows,
        },
        "features": {
            "settings": settings.to_dict(),
            "spaces": [
                {"analyzer": "word", "ngram_range": list(settings.word_ngrams)},
                {"analyzer": "char_wb", "ngram_range": list(settings.char_ngrams)},
            ],
            "sublinear_tf": True,
            "norm": "l2",
            "seed": SEED,
            "folds": folds,
        },
    }


def save_run(run: TrainingRun, *, resources: bool = True) -> list[Path]:
    """Write the model (when one was fitted) and the learned resource files; the paths written."""
    written = []
    if run.classifier is not None:
        save_model(run.model_directory, run.classifier, run.manifest)
        written.append(run.model_directory)
    if resources:
        origin = f"{run.data.path.name} (sha256 {run.data.sha256[:12]}…, {len(run.data.rows):,} rows)"
        write_actor_file(run.actor_file, run.actors, country=run.country, origin=origin)
        write_publisher_file(run.publisher_file, run.publishers, origin=origin)
        written += [run.actor_file, run.publisher_file]
    return written
