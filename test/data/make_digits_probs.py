"""Full out-of-fold class probabilities of the bundled digits model.

The same model, folds and seeds as digits_predictions.csv (make_example.py):
a standardised logistic regression, 5-fold stratified, random_state 7.
Writes test/data/digits_probabilities.csv: image_id and the 10 class
probabilities as a PostgreSQL float8[] literal (shortest round-trip
decimals, so the values load bit for bit).  Checks that the argmax and the
largest probability equal digits_predictions.csv's predicted and confidence.
Deterministic; the CSV is committed.  Run with /usr/bin/python3.
"""
import csv
import os

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ds = load_digits()
    X, y = ds.data, ds.target
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    m = make_pipeline(StandardScaler(), LogisticRegression(C=0.01, max_iter=3000))
    proba = cross_val_predict(m, X, y, cv=cv, method="predict_proba")
    with open(os.path.join(HERE, "digits_predictions.csv")) as f:
        old = list(csv.DictReader(f))
    for i, r in enumerate(old):
        assert int(r["actual"]) == int(y[i])
        assert int(r["predicted"]) == int(proba[i].argmax()), i
        # the same up to BLAS rounding (the machine that made the first CSV may differ)
        assert abs(float(r["confidence"]) - float(proba[i].max())) < 1e-9, (i, r["confidence"], proba[i].max())
    path = os.path.join(HERE, "digits_probabilities.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image_id", "probs"])
        for i in range(len(y)):
            w.writerow([i + 1, "{" + ",".join(repr(float(v)) for v in proba[i]) + "}"])
    return path


if __name__ == "__main__":
    print(main())
