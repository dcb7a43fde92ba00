"""Reference tuning runs for bench/tune.bench.mjs: Optuna 3.1 TPE driving XGBoost (hist) and
scikit-learn's HistGradientBoostingClassifier, with gbtune's default search space mapped to their
param names, on the same folds, with early stopping on the validation folds' mean accuracy
(patience 50 rounds, at most 1000) and the sampler/pruner settings of Optuna's LightGBM example:
TPESampler(multivariate=True, group=True, seed=s), MedianPruner(n_startup_trials=5, n_warmup_steps=10)
(gbtune's default pruner checks from round 21 since issue 20: see DEFAULT_PRUNER_OPTIONS in
src/tune-gbdt/tune.ts).

Mapping (LightGBM name -> XGBoost / HGB):
  lambda_l1 -> alpha / (none; suggested, unused)      lambda_l2 -> lambda / l2_regularization
  num_leaves -> max_leaves (lossguide) / max_leaf_nodes
  feature_fraction -> colsample_bytree / (none in sklearn 1.2)
  bagging_fraction -> subsample (every round; bagging_freq suggested, unused) / (none)
  min_child_samples -> min_child_weight = n * (a row's hessian at XGBoost's start: 0.25 for binary
    at p = 0.5, 2p(1 - p) = 2(K - 1)/K^2 for K classes at p = 1/K) / min_samples_leaf. Until
    2026-11-28 it was 0.25 * n for every objective: with 26 classes that asked each leaf for about
    3.4x the rows LightGBM's min_child_samples does (68 instead of 20), so XGBoost searched smaller,
    cheaper and less accurate trees than the space it was meant to mirror.
  learning_rate -> eta / learning_rate     max_depth (-1 or 3..12) -> max_depth 0 or d / None or d
HGB has no per-round hook on an outside validation set (growing it 10 rounds at a time with
warm_start took ~90 s per trial here), so it uses its own early stopping (10% of each training fold
held out, loss, patience 50) and no pruning; the trial value is the accuracy on the validation folds.
Run with OMP_NUM_THREADS=1 (the bench does) so every library uses one thread.

A numeric target (REF_TASK=regression in the environment, xgb only) is tuned by the validation
folds' mean squared error (gbtune's l2: reg:squarederror, the MSE of each fold as a custom metric,
minimized; early stopping and pruning on it).

Usage: /usr/bin/python3 optuna_tune_ref.py folds.json dataset.csv n_trials lib seed [seed ...]
  lib: xgb | hgb. Prints one JSON object {seed: {"best": acc, "seconds": s, "pruned": n, "rounds": r,
  "curve": [[s, best, cpu], ...], "cpu_seconds": c}} (rounds: the reports of all trials, xgb only;
  curve: after each finished trial, the seconds since the study started, the best value so far and
  the process's CPU seconds; cpu_seconds: the study's CPU time, which on one thread equals its wall
  time on a quiet machine and does not grow when other work shares the machine). REF_PROGRESS=file
  appends a JSON line per finished trial to that file (for runs of hours). REF_JOBS=2 in the environment runs the study with
  study.optimize(n_jobs=2) and TPESampler(constant_liar=True), as gbtune's --jobs 2 does.
"""
import json
import os
import sys
import time

import numpy as np
import optuna
import pandas as pd

optuna.logging.set_verbosity(optuna.logging.WARNING)
ES = 50
MAX_ROUNDS = 1000


def load(path, regression=False):
    df = pd.read_csv(path, keep_default_na=False, na_values=["", "NA", "NaN", "null", "?"])
    y_raw = df.pop("target")
    if regression:
        cat_cols = [c for c in df.columns if df[c].dtype == object]
        for c in cat_cols:
            df[c] = pd.Categorical(df[c], categories=sorted(df[c].dropna().unique()))
        return df, y_raw.to_numpy(dtype=float), cat_cols, 0
    classes = sorted(y_raw.unique(), key=lambda v: (isinstance(v, str), v))
    y = y_raw.map({c: i for i, c in enumerate(classes)}).to_numpy()
    cat_cols = [c for c in df.columns if df[c].dtype == object]
    for c in cat_cols:
        df[c] = pd.Categorical(df[c], categories=sorted(df[c].dropna().unique()))
    return df, y, cat_cols, len(classes)


def space(trial):
    p = dict(
        lambda_l1=trial.suggest_float("lambda_l1", 1e-8, 10.0, log=True),
        lambda_l2=trial.suggest_float("lambda_l2", 1e-8, 10.0, log=True),
        num_leaves=trial.suggest_int("num_leaves", 2, 256),
        feature_fraction=trial.suggest_float("feature_fraction", 0.4, 1.0),
        bagging_fraction=trial.suggest_float("bagging_fraction", 0.4, 1.0),
        bagging_freq=trial.suggest_int("bagging_freq", 1, 7),
        min_child_samples=trial.suggest_int("min_child_samples", 5, 100),
        learning_rate=trial.suggest_float("learning_rate", 0.005, 0.3, log=True),
    )
    limit = trial.suggest_categorical("limit_depth", [False, True])
    p["max_depth"] = trial.suggest_int("max_depth", 3, 12) if limit else -1
    return p


class Pruning:
    """Reports each round's mean validation accuracy (1 - error) and prunes (xgb.cv callback)."""

    def __init__(self, trial, key, regression=False):
        self.trial = trial
        self.key = key
        self.regression = regression

    def __call__(self):
        import xgboost as xgb

        outer = self

        class CB(xgb.callback.TrainingCallback):
            def after_iteration(self, model, epoch, evals_log):
                v = evals_log["test"][outer.key][-1]
                v = v[0] if isinstance(v, tuple) else v
                outer.trial.report(float(v) if outer.regression else 1.0 - float(v), epoch)
                if outer.trial.should_prune():
                    raise optuna.TrialPruned()
                return False

        return CB()


def row_hessian(n_class):
    """XGBoost's hessian of one row at its starting prediction (base_score 0.5)."""
    if n_class == 2:
        return 0.25  # binary:logistic, p = 0.5: p(1 - p)
    p = 1.0 / n_class  # multi:softprob, equal margins: 2p(1 - p)
    return 2.0 * p * (1.0 - p)


def xgb_objective(df, y, cat_cols, n_class, folds, seed):
    import xgboost as xgb

    dtrain = xgb.DMatrix(df, label=y, enable_categorical=bool(cat_cols))
    fl = [(np.array(f["train"]), np.array(f["valid"])) for f in folds]
    key = "error" if n_class == 2 else "merror"

    def objective(trial):
        p = space(trial)
        params = dict(
            tree_method="hist", grow_policy="lossguide", max_bin=255, nthread=1, seed=seed,
            alpha=p["lambda_l1"], reg_lambda=p["lambda_l2"], max_leaves=p["num_leaves"],
            colsample_bytree=p["feature_fraction"], subsample=p["bagging_fraction"],
            min_child_weight=row_hessian(n_class) * p["min_child_samples"], eta=p["learning_rate"],
            max_depth=0 if p["max_depth"] == -1 else p["max_depth"], eval_metric=key,
        )
        if n_class == 2:
            params["objective"] = "binary:logistic"
        else:
            params.update(objective="multi:softprob", num_class=n_class)
        r = xgb.cv(params, dtrain, num_boost_round=MAX_ROUNDS, folds=fl, early_stopping_rounds=ES,
                   callbacks=[Pruning(trial, key)()], verbose_eval=False)
        trial.set_user_attr("best_iteration", len(r))
        return 1.0 - float(r[f"test-{key}-mean"].iloc[-1])

    return objective


def xgb_regression_objective(df, y, cat_cols, n_class, folds, seed):
    import xgboost as xgb

    dtrain = xgb.DMatrix(df, label=y, enable_categorical=bool(cat_cols))
    fl = [(np.array(f["train"]), np.array(f["valid"])) for f in folds]

    def l2(preds, d):
        r = preds - d.get_label()
        return "l2", float(np.mean(r * r))

    def objective(trial):
        p = space(trial)
        params = dict(
            tree_method="hist", grow_policy="lossguide", max_bin=255, nthread=1, seed=seed,
            alpha=p["lambda_l1"], reg_lambda=p["lambda_l2"], max_leaves=p["num_leaves"],
            colsample_bytree=p["feature_fraction"], subsample=p["bagging_fraction"],
            # squared error: a row's hessian is 1
            min_child_weight=float(p["min_child_samples"]), eta=p["learning_rate"],
            max_depth=0 if p["max_depth"] == -1 else p["max_depth"],
            objective="reg:squarederror", disable_default_eval_metric=1,
        )
        r = xgb.cv(params, dtrain, num_boost_round=MAX_ROUNDS, folds=fl, early_stopping_rounds=ES,
                   custom_metric=l2, maximize=False, callbacks=[Pruning(trial, "l2", True)()], verbose_eval=False)
        trial.set_user_attr("best_iteration", len(r))
        return float(r["test-l2-mean"].iloc[-1])

    return objective


def hgb_objective(df, y, cat_cols, n_class, folds, seed):
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = df.copy()
    for c in cat_cols:
        x[c] = x[c].cat.codes.replace(-1, np.nan).astype(float)
    x = x.to_numpy(dtype=float)
    mask = np.array([c in cat_cols for c in df.columns])
    fl = [(np.array(f["train"]), np.array(f["valid"])) for f in folds]

    def objective(trial):
        p = space(trial)
        correct, iters = 0, []
        for step, (tr, va) in enumerate(fl):
            m = HistGradientBoostingClassifier(
                learning_rate=p["learning_rate"], max_leaf_nodes=p["num_leaves"],
                min_samples_leaf=p["min_child_samples"], l2_regularization=p["lambda_l2"],
                max_depth=None if p["max_depth"] == -1 else p["max_depth"], max_bins=255,
                max_iter=MAX_ROUNDS, early_stopping=True, scoring="loss", validation_fraction=0.1,
                n_iter_no_change=ES, random_state=seed,
                categorical_features=mask if mask.any() else None,
            )
            m.fit(x[tr], y[tr])
            iters.append(m.n_iter_)
            correct += int((m.predict(x[va]) == y[va]).sum())
        trial.set_user_attr("best_iteration", int(np.mean(iters)))
        return correct / sum(len(va) for _, va in fl)

    return objective


def main():
    folds_all = json.load(open(sys.argv[1]))
    path = sys.argv[2]
    n_trials = int(sys.argv[3])
    lib = sys.argv[4]
    seeds = [int(s) for s in sys.argv[5:]]
    n_jobs = int(os.environ.get("REF_JOBS", "1"))
    regression = os.environ.get("REF_TASK", "classification") == "regression"
    df, y, cat_cols, n_class = load(path, regression)
    out = {}
    for seed in seeds:
        folds = folds_all[str(seed)]
        make = xgb_regression_objective if regression else xgb_objective if lib == "xgb" else hgb_objective
        t0 = time.perf_counter()
        c0 = time.process_time()
        curve = []
        progress = os.environ.get("REF_PROGRESS")

        def record(study, trial):
            try:
                best = study.best_value
            except ValueError:
                best = None
            curve.append([time.perf_counter() - t0, best, time.process_time() - c0])
            if progress:
                with open(progress, "a") as f:
                    f.write(json.dumps({"seed": seed, "trial": trial.number, "state": trial.state.name, "value": trial.value,
                                        "best": best, "seconds": curve[-1][0], "cpu": curve[-1][2]}) + "\n")

        study = optuna.create_study(
            direction="minimize" if regression else "maximize",
            sampler=optuna.samplers.TPESampler(multivariate=True, group=True, seed=seed, constant_liar=n_jobs > 1, warn_independent_sampling=False),
            pruner=optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=10),
        )
        study.optimize(make(df, y, cat_cols, n_class, folds, seed), n_trials=n_trials, n_jobs=n_jobs, callbacks=[record])
        secs = time.perf_counter() - t0
        cpu = time.process_time() - c0
        pruned = sum(1 for t in study.trials if t.state == optuna.trial.TrialState.PRUNED)
        rounds = sum(len(t.intermediate_values) for t in study.trials)
        out[str(seed)] = {"best": study.best_value, "seconds": secs, "pruned": pruned, "rounds": rounds, "curve": curve, "cpu_seconds": cpu}
        print(f"{path} {lib} seed {seed}: {study.best_value:.4f} in {secs:.1f} s ({pruned} pruned)", file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
