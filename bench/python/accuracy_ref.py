"""Reference 5-fold CV accuracies for bench/accuracy.bench.mjs.

Runs scikit-learn's HistGradientBoostingClassifier and XGBoost `hist` with params matched to
LightGBM's defaults (100 rounds, learning rate 0.1, 31 leaves, 255 bins, no L2 on leaves), on the
folds given in a JSON file (so gbtune and the references see the same rows), and prints one JSON
object: {dataset: {"sklearn_hgb": acc, "xgboost_hist": acc, "seconds": {...}}}.

Usage: /usr/bin/python3 accuracy_ref.py folds.json dataset.csv [dataset.csv ...]
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def load(path):
    df = pd.read_csv(path, keep_default_na=False, na_values=["", "NA", "NaN", "null", "?"])
    y_raw = df.pop("target")
    classes = sorted(y_raw.unique(), key=lambda v: (isinstance(v, str), v))
    y = y_raw.map({c: i for i, c in enumerate(classes)}).to_numpy()
    cat_cols = [c for c in df.columns if df[c].dtype == object]
    for c in cat_cols:
        df[c] = pd.Categorical(df[c], categories=sorted(df[c].dropna().unique()))
    return df, y, cat_cols, len(classes)


def run_sklearn(df, y, cat_cols, folds):
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = df.copy()
    for c in cat_cols:
        x[c] = x[c].cat.codes.replace(-1, np.nan).astype(float)
    x = x.to_numpy(dtype=float)
    mask = np.array([c in cat_cols for c in df.columns])
    correct = 0
    for fold in folds:
        tr, va = np.array(fold["train"]), np.array(fold["valid"])
        m = HistGradientBoostingClassifier(
            max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
            max_bins=255, l2_regularization=0.0, early_stopping=False,
            categorical_features=mask if mask.any() else None, random_state=0,
        )
        m.fit(x[tr], y[tr])
        correct += int((m.predict(x[va]) == y[va]).sum())
    return correct / len(y)


def run_xgboost(df, y, cat_cols, n_class, folds):
    import xgboost as xgb

    correct = 0
    for fold in folds:
        tr, va = np.array(fold["train"]), np.array(fold["valid"])
        params = dict(
            n_estimators=100, learning_rate=0.1, max_leaves=31, grow_policy="lossguide", max_depth=0,
            max_bin=255, tree_method="hist", reg_lambda=0.0, min_child_weight=1e-3, n_jobs=1,
            enable_categorical=bool(cat_cols), random_state=0,
        )
        m = xgb.XGBClassifier(**params)
        m.fit(df.iloc[tr], y[tr])
        correct += int((m.predict(df.iloc[va]) == y[va]).sum())
    return correct / len(y)


def main():
    folds_all = json.load(open(sys.argv[1]))
    out = {}
    for path in sys.argv[2:]:
        name = path.rsplit("/", 1)[-1]
        df, y, cat_cols, n_class = load(path)
        folds = folds_all[name]
        t0 = time.perf_counter()
        acc_sk = run_sklearn(df, y, cat_cols, folds)
        t1 = time.perf_counter()
        acc_xgb = run_xgboost(df, y, cat_cols, n_class, folds)
        t2 = time.perf_counter()
        out[name] = {"sklearn_hgb": acc_sk, "xgboost_hist": acc_xgb, "seconds": {"sklearn_hgb": t1 - t0, "xgboost_hist": t2 - t1}}
        print(f"{name}: sklearn {acc_sk:.4f} xgboost {acc_xgb:.4f}", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
