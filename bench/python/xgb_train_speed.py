"""XGBoost `hist` reference for bench/train-speed.bench.mjs: reads the raw float64 cache the bench
wrote (column-major features, then labels), trains 100 rounds at each thread count asked for
(default 1) and prints one JSON line with the median DMatrix and training times per thread count
and the training AUC."""
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
runs = []
for nthread in threads:
    dm_times, train_times, dm_cpu, train_cpu = [], [], [], []
    for _ in range(repeats):
        c0 = time.process_time()
        t0 = time.perf_counter()
        dtrain = xgb.DMatrix(X, label=y, nthread=nthread)
        t1 = time.perf_counter()
        c1 = time.process_time()
        booster = xgb.train({**params, "nthread": nthread}, dtrain, num_boost_round=100)
        t2 = time.perf_counter()
        c2 = time.process_time()
        dm_times.append(t1 - t0)
        train_times.append(t2 - t1)
        dm_cpu.append(c1 - c0)
        train_cpu.append(c2 - c1)
    runs.append({
        "nthread": nthread,
        "dmatrix_s": float(np.median(dm_times)),
        "train_s": float(np.median(train_times)),
        "dmatrix_cpu_s": float(np.median(dm_cpu)),
        "train_cpu_s": float(np.median(train_cpu)),
    })
pred = booster.predict(dtrain)
order = np.argsort(pred, kind="mergesort")
ranks = np.empty(n)
ranks[order] = np.arange(1, n + 1)
pos = y == 1
auc = (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum())
print(json.dumps({"version": xgb.__version__, "runs": runs, "auc": float(auc)}))
