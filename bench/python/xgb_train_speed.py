"""XGBoost `hist` reference for bench/train-speed.bench.mjs: reads the raw float64 cache the bench
wrote (column-major features, then labels), trains 100 rounds at each thread count asked for
(default 1) and prints one JSON line with the median DMatrix and training times per thread count,
each repeat's training times, and the training AUC. As in the bench, the thread counts of one
repeat run one after another (their order rotating between repeats), so that each repeat gives a
ratio to 1 thread measured seconds apart."""
import json
import sys
import time

import numpy as np
from xgb_speed_params import XGB_PARAMS

try:
    import xgboost as xgb
except ImportError as e:  # the bench prints this and skips the reference
    print(f"xgboost not available: {e}", file=sys.stderr)
    sys.exit(2)

path, n, f = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 1
threads = [int(t) for t in sys.argv[5].split(",")] if len(sys.argv) > 5 else [1]
raw = np.fromfile(path, dtype=np.float64)
X = raw[: n * f].reshape(f, n).T
y = raw[n * f : n * f + n]
params = dict(XGB_PARAMS)
times = {t: {"dm": [], "train": [], "dm_cpu": [], "train_cpu": []} for t in threads}
for r in range(repeats):
    for k in range(len(threads)):
        nthread = threads[(k + r) % len(threads)]
        c0 = time.process_time()
        t0 = time.perf_counter()
        dtrain = xgb.DMatrix(X, label=y, nthread=nthread)
        t1 = time.perf_counter()
        c1 = time.process_time()
        booster = xgb.train({**params, "nthread": nthread}, dtrain, num_boost_round=100)
        t2 = time.perf_counter()
        c2 = time.process_time()
        times[nthread]["dm"].append(t1 - t0)
        times[nthread]["train"].append(t2 - t1)
        times[nthread]["dm_cpu"].append(c1 - c0)
        times[nthread]["train_cpu"].append(c2 - c1)
runs = [
    {
        "nthread": t,
        "dmatrix_s": float(np.median(times[t]["dm"])),
        "train_s": float(np.median(times[t]["train"])),
        "dmatrix_cpu_s": float(np.median(times[t]["dm_cpu"])),
        "train_cpu_s": float(np.median(times[t]["train_cpu"])),
        "train_runs_s": times[t]["train"],
    }
    for t in threads
]
pred = booster.predict(dtrain)
order = np.argsort(pred, kind="mergesort")
ranks = np.empty(n)
ranks[order] = np.arange(1, n + 1)
pos = y == 1
auc = (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum())
print(json.dumps({"version": xgb.__version__, "runs": runs, "auc": float(auc)}))
