"""TF-IDF features from stored vocabularies, with numpy only (no scikit-learn at run time).

The analyzers reproduce scikit-learn's `TfidfVectorizer` (lower-cased; words `(?u)\\b\\w\\w+\\b` in 1…n-grams;
`char_wb` n-grams of each space-padded word), with sublinear term frequency, the fitted idf and an l2 norm
per space; tests check that the vectors equal the library's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")
WORD_CACHE = 200_000  # words whose character n-gram columns are kept (news has far fewer distinct words)


def word_terms(text: str, min_n: int, max_n: int) -> list[str]:
    tokens = WORD_TOKEN.findall(text.lower())
    terms: list[str] = []
    for n in range(min_n, max_n + 1):
        terms.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return terms


def char_terms(text: str, min_n: int, max_n: int) -> list[str]:
    """Character n-grams within each word padded by one space; a word shorter than n counts once."""
    terms: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(min_n, max_n + 1):
            if length <= n:
                terms.append(padded)
                break
            terms.extend(padded[i : i + n] for i in range(length - n + 1))
    return terms


@dataclass(frozen=True, slots=True)
class TermSpace:
    """One fitted vectorizer: its analyzer settings, vocabulary (term → column) and idf weights."""

    analyzer: str  # "word" or "char_wb"
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray
    _word_columns: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def terms(self, text: str) -> list[str]:
        low, high = self.ngram_range
        return word_terms(text, low, high) if self.analyzer == "word" else char_terms(text, low, high)

    def columns(self, text: str) -> list[int]:
        """The columns of the text's known terms, once per occurrence."""
        if self.analyzer == "word":
            return [column for column in map(self.vocabulary.get, self.terms(text)) if column is not None]
        return list(chain.from_iterable(map(self._char_columns, text.lower().split())))

    def _char_columns(self, word: str) -> tuple[int, ...]:
        """A word's character n-grams depend on the word alone: look them up once per word."""
        found = self._word_columns.get(word)
        if found is None:
            if len(self._word_columns) >= WORD_CACHE:
                self._word_columns.clear()
            low, high = self.ngram_range
            terms = char_terms(word, low, high)
            found = tuple(column for column in map(self.vocabulary.get, terms) if column is not None)
            self._word_columns[word] = found
        return found

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and l2-normalised sublinear tf-idf weights of the text's known terms."""
        found = self.columns(text)
        if not found:
            return np.empty(0, dtype=np.int64), np.empty(0)
        columns, tf = np.unique(np.array(found, dtype=np.int64), return_counts=True)
        weights = (1.0 + np.log(tf)) * self.idf[columns]
        return columns, weights / np.linalg.norm(weights)


@dataclass(frozen=True, slots=True)
class LinearTextModel:
    """Word and character spaces side by side, and one linear score per label over their columns."""

    spaces: tuple[TermSpace, ...]
    weights: np.ndarray  # columns of all spaces, in order × labels (a column's row is read at once)
    intercept: np.ndarray
    labels: tuple[str, ...]

    def scores(self, text: str) -> np.ndarray:
        """One decision score per label (one-vs-rest; a two-label model scores both sides)."""
        columns, weights, offset = [], [], 0
        for space in self.spaces:
            found, values = space.vector(text)
            columns.append(found + offset)
            weights.append(values)
            offset += len(space.vocabulary)
        found = np.concatenate(columns)
        total = self.intercept.astype(np.float64)
        if len(found):
            total = total + np.concatenate(weights) @ self.weights[found].astype(np.float64)
        return np.array([-total[0], total[0]]) if len(self.labels) == 2 else total

    def predict(self, text: str) -> tuple[str, float]:
        """The best label and its margin over the runner-up (the classifier's confidence)."""
        scores = self.scores(text)
        order = np.argsort(scores, kind="stable")
        return self.labels[int(order[-1])], float(scores[order[-1]] - scores[order[-2]])
