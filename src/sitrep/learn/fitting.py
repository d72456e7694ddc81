"""Fitting the text classifier with scikit-learn (the optional `[learn]` extra), into plain arrays.

Only `sitrep train` imports this module; coding with a trained model needs numpy alone (features.py).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ..errors import ConfigError
from .features import LinearTextModel, TermSpace

SEED = 0


@dataclass(frozen=True, slots=True)
class FeatureSettings:
    """What the classifier sees and how hard it fits; stored in the manifest."""

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    max_word_terms: int = 40_000  # the most frequent terms: they bound the model's size (see bench/learn_size.py)
    max_char_terms: int = 80_000
    regularisation_c: float = 0.5  # LinearSVC's C
    balanced: bool = True  # weigh each label's rows by its rarity: coded archives are dominated by a few types

    def to_dict(self) -> dict[str, Any]:
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}


def _sklearn():
    try:
        from scipy.sparse import hstack
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC
    except ImportError:
        raise ConfigError("sitrep train needs scikit-learn: pip install 'sitrep[learn]'") from None
    return hstack, ConvergenceWarning, TfidfVectorizer, LinearSVC


def vectorizers(settings: FeatureSettings) -> list:
    """The two scikit-learn vectorizers the stored spaces reproduce (word and char_wb n-grams)."""
    _, _, tfidf, _ = _sklearn()
    return [
        tfidf(ngram_range=settings.word_ngrams, sublinear_tf=True, max_features=settings.max_word_terms),
        tfidf(
            analyzer="char_wb",
            ngram_range=settings.char_ngrams,
            sublinear_tf=True,
            max_features=settings.max_char_terms,
        ),
    ]


def fit_text_model(texts: Sequence[str], labels: Sequence[str], settings: FeatureSettings) -> LinearTextModel:
    """A one-vs-rest linear SVM over word and character tf-idf, as plain arrays; deterministic."""
    hstack, convergence_warning, _, linear_svc = _sklearn()
    spaces = vectorizers(settings)
    matrix = hstack([space.fit_transform(texts) for space in spaces]).tocsr()
    weights = "balanced" if settings.balanced else None
    svm = linear_svc(C=settings.regularisation_c, class_weight=weights, random_state=SEED, max_iter=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", convergence_warning)  # an unconverged fit still ranks labels well
        svm.fit(matrix, list(labels))
    stored = tuple(
        TermSpace(
            analyzer=space.analyzer,
            ngram_range=tuple(space.ngram_range),
            vocabulary={term: int(index) for term, index in space.vocabulary_.items()},
            idf=np.asarray(space.idf_, dtype=np.float64),
        )
        for space in spaces
    )
    return LinearTextModel(
        spaces=stored,
        weights=np.ascontiguousarray(svm.coef_.T, dtype=np.float32),
        intercept=np.asarray(svm.intercept_, dtype=np.float32),
        labels=tuple(str(label) for label in svm.classes_),
    )


def stratified_folds(labels: Sequence[str], folds: int) -> list[np.ndarray]:
    """Row indices of each fold, every label spread evenly over them (fixed seed)."""
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a label with fewer rows than folds is still spread
        return [held_out for _, held_out in splitter.split(np.zeros(len(labels)), list(labels))]
