"""The numpy re-implementation equals scikit-learn: the same tf-idf vectors, the same decision scores."""

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.svm import LinearSVC

from sitrep.learn.features import char_terms, word_terms
from sitrep.learn.fitting import FeatureSettings, fit_text_model, vectorizers

TEXTS = [
    "Gunmen  ambushed a patrol near the river crossing at night.",
    "A drone hit two trucks; three drivers were hurt.",
    "Protesters in the old market chanted for bread and fuel",
    "Unknown assailants kidnapped a teacher on his way home — his family is searching.",
    "Al-Nour Brigade seized the grain silos after a short fight.",
    "A mortar round fell on a schoolyard, wounding a child.",
    "Residents marched peacefully to the town hall.",
    "Troops arrested four men at a checkpoint on Friday.",
    "Ça va? Éclats d'obus près du marché",
    "I a",
]
LABELS = ["clash", "strike", "protest", "abduct", "clash", "strike", "protest", "arrest", "strike", "arrest"]


def test_analyzers_produce_scikit_learns_terms():
    word, char = vectorizers(FeatureSettings())
    for text in TEXTS:
        assert sorted(word_terms(text, 1, 2)) == sorted(word.build_analyzer()(text))
        assert sorted(char_terms(text, 2, 5)) == sorted(char.build_analyzer()(text))


def test_vectors_and_scores_equal_the_fitted_library_model():
    settings = FeatureSettings()
    model = fit_text_model(TEXTS, LABELS, settings)
    spaces = vectorizers(settings)
    matrix = hstack([space.fit_transform(TEXTS) for space in spaces]).tocsr()
    svm = LinearSVC(C=settings.regularisation_c, class_weight="balanced", random_state=0, max_iter=5000)
    svm.fit(matrix, LABELS)
    texts = [*TEXTS, "Fighters of the Al-Nour Brigade ambushed a truck", "nothing known here"]
    library = hstack([space.transform(texts) for space in spaces]).toarray()
    for text, expected in zip(texts, library, strict=True):
        ours = np.concatenate([_dense(space, text) for space in model.spaces])
        assert np.allclose(ours, expected, atol=1e-12), text
    assert list(model.labels) == list(svm.classes_)
    scores = np.array([model.scores(text) for text in texts])
    assert np.allclose(scores, svm.decision_function(library), atol=1e-5)
    assert [model.predict(text)[0] for text in texts] == list(svm.predict(library))


def _dense(space, text):
    columns, weights = space.vector(text)
    vector = np.zeros(len(space.vocabulary))
    vector[columns] = weights
    return vector


def test_a_two_label_model_scores_both_sides():
    labels = ["clash" if label == "clash" else "other" for label in LABELS]
    model = fit_text_model(TEXTS, labels, FeatureSettings())
    scores = model.scores(TEXTS[0])
    assert scores.shape == (2,) and scores[0] == pytest.approx(-scores[1])
    label, margin = model.predict(TEXTS[0])
    assert label == "clash" and margin > 0
