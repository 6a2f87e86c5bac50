"""Build the bundled example data set (run with /usr/bin/python3).

Real model predictions on scikit-learn's bundled Wisconsin breast-cancer data
(569 tumours, no download needed): two models (logistic regression and a
gradient-boosted tree ensemble) scored with 5-fold cross_val_predict, so every
prediction is out-of-fold.  Segment columns are derived from real features:
size_band (tertiles of mean radius) and texture_band (above/below the median
texture).  The time column is synthetic and says so: rows are spread over 8
weeks, and the last 2 weeks receive the largest tumours first (a planted
covariate shift, to show drift detection on real values).

Also multi-class predictions on the bundled digits data (1797 images,
5-fold out-of-fold predictions of a logistic regression).

Outputs test/data/cancer_predictions.csv and test/data/digits_predictions.csv.
Deterministic: fixed seeds; the CSVs are committed.
"""
import csv
import os
from datetime import datetime, timedelta, timezone

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
START = datetime(2026, 9, 7, tzinfo=timezone.utc)


def cancer():
    ds = load_breast_cancer()
    X, y = ds.data, ds.target  # target 1 = benign; we predict malignant
    malignant = (y == 0)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    models = {
        "logreg-v1": make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=2000)),
        "gbm-v2": GradientBoostingClassifier(n_estimators=60, max_depth=2, random_state=7),
    }
    probs = {name: cross_val_predict(m, X, malignant, cv=cv, method="predict_proba")[:, 1]
             for name, m in models.items()}
    names = list(ds.feature_names)
    radius = X[:, names.index("mean radius")]
    texture = X[:, names.index("mean texture")]
    smooth = X[:, names.index("mean smoothness")]
    t1, t2 = np.quantile(radius, [1 / 3, 2 / 3])
    size_band = np.where(radius < t1, "small", np.where(radius < t2, "medium", "large"))
    texture_band = np.where(texture < np.median(texture), "smooth", "rough")
    # time: 8 weeks; weeks 1-6 get a random 75%, weeks 7-8 get the rest, which
    # is drawn preferring large tumours (planted covariate shift).
    rng = np.random.default_rng(11)
    n = len(y)
    key = rng.random(n) - 0.9 * (radius - radius.mean()) / radius.std() * (rng.random(n) < 0.6)
    order = np.argsort(key)          # large tumours tend to sort first
    late = np.zeros(n, bool)
    late[order[: n // 4]] = True
    ts = np.empty(n, dtype=object)
    early_idx = np.flatnonzero(~late)
    late_idx = np.flatnonzero(late)
    for idx, (w0, w1) in ((early_idx, (0, 6)), (late_idx, (6, 8))):
        offs = rng.uniform(w0 * 7 * 86400, w1 * 7 * 86400, size=len(idx))
        for i, o in zip(idx, offs):
            ts[i] = START + timedelta(seconds=int(o))
    path = os.path.join(HERE, "cancer_predictions.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case_id", "model", "ts", "label", "score", "size_band", "texture_band",
                    "mean_radius", "mean_texture", "mean_smoothness"])
        for name in models:
            for i in range(n):
                w.writerow([i + 1, name, ts[i].isoformat(), "true" if malignant[i] else "false",
                            repr(float(probs[name][i])), size_band[i], texture_band[i],
                            repr(float(radius[i])), repr(float(texture[i])), repr(float(smooth[i]))])
    return path


def digits():
    ds = load_digits()
    X, y = ds.data, ds.target
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    m = make_pipeline(StandardScaler(), LogisticRegression(C=0.01, max_iter=3000))
    proba = cross_val_predict(m, X, y, cv=cv, method="predict_proba")
    pred = proba.argmax(axis=1)
    rng = np.random.default_rng(5)
    offs = rng.uniform(0, 8 * 7 * 86400, size=len(y))
    path = os.path.join(HERE, "digits_predictions.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image_id", "ts", "actual", "predicted", "confidence"])
        for i in range(len(y)):
            w.writerow([i + 1, (START + timedelta(seconds=int(offs[i]))).isoformat(), int(y[i]),
                        int(pred[i]), repr(float(proba[i].max()))])
    return path


if __name__ == "__main__":
    print(cancer())
    print(digits())
