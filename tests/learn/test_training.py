"""`sitrep.learn.train` on small invented files: refusals, reports, the model on disk, determinism."""

import json
import shutil

import numpy as np
import pytest

from sitrep import pipeline
from sitrep.errors import ConfigError, InputError, ModelError
from sitrep.extract.actors import find_actors
from sitrep.learn.model_files import load_model
from sitrep.learn.train import split_rows, train_model
from sitrep.learn.training_files import NO_EVENT, parse_columns, read_training_file
from sitrep.profiles import load_profiles

from .coded_files import acled_rows, write_acled


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A SITREP_HOME of this module's own: the learned files of other tests would be known aliases here."""
    return tmp_path_factory.mktemp("train-home")


@pytest.fixture(scope="module")
def trained(acled_file, home):
    return train_model(acled_file, name="office", home=home)


@pytest.fixture(scope="module")
def saved(trained):
    pipeline.save_training(trained)
    return trained.model_directory


def test_a_label_below_the_minimum_is_refused_with_its_count(trained):
    assert trained.refused == {"Sexual violence": 2}
    assert "Sexual violence" not in trained.manifest["labels"]
    assert trained.manifest["label_counts"]["Armed clash"] == 8


def test_the_manifest_records_data_scores_and_thresholds(trained, acled_file):
    manifest = trained.manifest
    assert manifest["data"]["rows"] == 34 and manifest["data"]["format"] == "acled"
    assert manifest["data"]["sha256"] == read_training_file(acled_file).sha256
    cv = manifest["cv"]
    for part in ("classifier", "rules", "vote"):
        assert cv[part]["rows"] == 32 and set(cv[part]["classes"]) == set(manifest["labels"])
    # the invented clashes use words no rule cue knows; the classifier learns them
    assert cv["classifier"]["classes"]["Armed clash"]["f1"] > cv["rules"]["classes"]["Armed clash"]["f1"]
    assert set(manifest["thresholds"]) == {"rule_wins_at", "min_margin", "create_at"}
    assert manifest["features"]["settings"]["char_ngrams"] == [2, 5]


def test_the_saved_model_reloads_and_predicts_the_same(trained, saved):
    model = load_model(saved)
    texts = [row["notes"] for row in acled_rows()] + ["An unrelated sentence about the weather."]
    assert [model.classifier.predict(t) for t in texts] == [trained.classifier.predict(t) for t in texts]
    assert model.thresholds.to_dict() == trained.manifest["thresholds"]
    for array in saved.glob("*.npy"):
        np.load(array, allow_pickle=False)  # plain arrays: no pickle needed
    assert not list(saved.glob("*.pkl")) and not list(saved.glob("*.pickle"))
    assert json.loads((saved / "vocabulary.json").read_text())["word"]


def test_training_is_deterministic(trained, acled_file, home):
    again = train_model(acled_file, name="office", home=home)
    first, second = dict(trained.manifest), dict(again.manifest)
    first.pop("trained_at"), second.pop("trained_at")
    assert first == second
    assert np.array_equal(trained.classifier.weights, again.classifier.weights)
    assert np.array_equal(trained.classifier.intercept, again.classifier.intercept)
    assert [s.vocabulary for s in trained.classifier.spaces] == [s.vocabulary for s in again.classifier.spaces]


def test_too_few_labels_left_is_an_error_naming_them(tmp_path, home):
    path = write_acled(tmp_path / "tiny.csv", acled_rows(rows_per_template=1, rare=0))
    with pytest.raises(InputError, match=r"Armed clash \(2\).*Arrests \(2\)"):
        train_model(path, home=home)


def test_a_held_out_split_keeps_each_labels_share(acled_file, home):
    data = read_training_file(acled_file)
    train_rows, test_rows = split_rows(data.rows, 0.25)
    assert len(test_rows) == 8 and len(train_rows) == 26
    assert sorted(r.label for r in test_rows).count("Arrests") == 2
    run = train_model(acled_file, name="split", home=home, test_split=0.25)
    assert run.manifest["data"]["test_rows"] == 8
    assert run.manifest["test"]["vote"]["rows"] == 8


def test_learned_actor_aliases_reach_the_actor_matcher(saved, trained, home, monkeypatch):
    monkeypatch.setenv("SITREP_HOME", str(home))
    text = "Dawn Brigades fighters stormed a hilltop post."
    assert [a.name for a in find_actors(text)] == ["Free Dawn Brigades"]
    learned = trained.actor_file.read_text()
    assert "Dawn Brigades: 18 of 18 rows (100%)" in learned
    assert "sit-in" not in learned and "Tell Warda" not in learned  # no context words, no places


def test_publishers_keep_the_scale_of_their_own_rows(trained, saved, home):
    publishers = {p.name: p for p in trained.publishers}
    assert publishers["Levant Daily"].scale == "National"
    assert publishers["Sawt Tell Warda"].scale == "Local partner"
    assert publishers["World Wire"].scale is None  # never alone: its rows' scale is shared
    assert "# 23 rows; alone: Local partner (12)\n- name: Sawt Tell Warda\n" in trained.publisher_file.read_text()
    profiles = load_profiles(home)
    assert profiles.get("Levant Daily").source_scale == "National"
    assert profiles.get("Reuters").full_name  # a shipped profile is not touched


def test_a_case_file_learns_its_non_events(case_file, home):
    run = train_model(case_file, name="snippets", home=home)
    assert NO_EVENT in run.classifier.labels
    assert run.manifest["cv"]["classifier"]["non_events_rejected"] > 0.5
    assert run.classifier.predict("A storm tore the roofs off two farms near the dam.")[0] == NO_EVENT


def test_a_file_without_labels_learns_resources_only(tmp_path):
    path = tmp_path / "sides.csv"
    rows = acled_rows()
    path.write_text(
        "id,source_headline,side_a,side_b,type_of_violence,source_original\n"
        + "".join(f'{i},"{r["notes"]}",{r["actor1"]},{r["actor2"]},1,{r["source"]}\n' for i, r in enumerate(rows)),
        encoding="utf-8",
    )
    run = train_model(path, home=tmp_path)
    assert run.data.format == "ucdp" and run.classifier is None
    # UCDP codes no inter codes: a side the catalogue does not know cannot be learned
    assert run.actors_without_inter == ["Free Dawn Brigades"]
    assert [p.name for p in run.publishers][:2] == ["Sawt Tell Warda", "Levant Daily"]


def test_bad_files_and_options_are_one_line_errors(tmp_path, acled_file, home):
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("text,label\nA clash.,Skirmish\nA raid.,Skirmish\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown.csv: labels that are no ACLED sub-event type: 'Skirmish' \(2\)"):
        read_training_file(unknown)
    no_text = tmp_path / "no-text.csv"
    no_text.write_text("summary,label\nA clash.,Armed clash\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text column"):
        read_training_file(no_text)
    assert read_training_file(no_text, "csv", parse_columns("text=summary")).rows[0].label == "Armed clash"
    with pytest.raises(ConfigError, match="unknown role"):
        parse_columns("words=summary")
    with pytest.raises(ConfigError, match="built-in coder"):
        train_model(acled_file, name="rules", home=home)


@pytest.fixture
def model_copy(saved, tmp_path):
    copy = tmp_path / "models" / "copy"
    shutil.copytree(saved, copy)
    return copy


def test_a_corrupted_array_is_a_clear_error(model_copy):
    weights = model_copy / "weights.npy"
    data = bytearray(weights.read_bytes())
    data[-5] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"weights.npy is corrupted"):
        load_model(model_copy)


def test_a_pickled_array_is_refused(model_copy):
    np.save(model_copy / "intercept.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
    manifest = json.loads((model_copy / "manifest.json").read_text())
    import hashlib

    manifest["files"]["intercept.npy"] = hashlib.sha256((model_copy / "intercept.npy").read_bytes()).hexdigest()
    (model_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="intercept.npy is not a plain array"):
        load_model(model_copy)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (None, "not a sitrep model \\(no manifest.json\\)"),
        ("{broken", "manifest.json is not valid JSON"),
        ('{"format": "other-tool", "layers": 3}', "not a sitrep model"),
        ('{"format": "sitrep-model", "format_version": 99}', "newer sitrep"),
    ],
)
def test_a_foreign_folder_is_a_clear_error(tmp_path, manifest, message):
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "weights.bin").write_bytes(b"\x00\x01")
    if manifest is not None:
        (folder / "manifest.json").write_text(manifest)
    with pytest.raises(ModelError, match=message) as error:
        load_model(folder)
    assert "\n" not in str(error.value) and str(folder) in str(error.value)


def test_the_acled_export_writes_the_learned_source_scale(saved, home, monkeypatch):
    from sitrep.export.acled import acled_row
    from sitrep.model import Event

    monkeypatch.setenv("SITREP_HOME", str(home))
    event = Event(event_id="e", document_id="d", sources=["Sawt Tell Warda", "Levant Daily", "World Wire"])
    assert acled_row(event)["source_scale"] == "Local partner-National"
