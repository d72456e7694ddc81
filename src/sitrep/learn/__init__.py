"""Learning from the analyst's own coding: `sitrep train` and the learned coder that votes with the rules.

training_files  ACLED / UCDP / CASE / CSV files → coded rows
features        TF-IDF and linear scores from stored arrays, numpy only (what coding needs)
fitting         scikit-learn fitting into those arrays (the `[learn]` extra; training only)
vote            the rules-or-classifier decision per event and its thresholds
model_files     the model on disk: .npy arrays, JSON vocabulary and manifest, checked on load
train           reading, cross-validation, threshold choice, final fit, learned actors and publishers
coder           LearnedCoder, registered on `sitrep.coders` as `learned`
"""
