"""XGBoost reference for bench/predict-speed.bench.mjs: reads the raw float64 cache the bench
wrote (column-major features, then labels), trains XGBoost `hist` with the bench's params (100
rounds, lossguide, 31 leaves), then times `inplace_predict` (margin scores, straight from the
numpy matrix, no DMatrix) at each thread count asked for, on the first `batch` rows for each batch
size asked for, and prints one JSON line with the median seconds per batch."""
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
threads = [int(t) for t in sys.argv[4].split(",")]
batches = [int(b) for b in sys.argv[5].split(",")]
repeats = int(sys.argv[6]) if len(sys.argv) > 6 else 3
raw = np.fromfile(path, dtype=np.float64)
# row-major, as a model is usually fed (LightGBM's and XGBoost's own layout)
X = np.ascontiguousarray(raw[: n * f].reshape(f, n).T)
y = raw[n * f : n * f + n]
params = {**XGB_PARAMS, "nthread": max(threads)}
booster = xgb.train(params, xgb.DMatrix(X, label=y, nthread=max(threads)), num_boost_round=100)
runs = []
for nthread in threads:
    booster.set_param({"nthread": nthread})
    for batch in batches:
        part = X[:batch]
        # small batches: enough calls for ~0.2 s per timing
        calls = max(1, 200_000 // batch)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(calls):
                booster.inplace_predict(part, predict_type="margin")
            times.append((time.perf_counter() - t0) / calls)
        runs.append({"nthread": nthread, "batch": batch, "s": float(np.median(times))})
print(json.dumps({"version": xgb.__version__, "runs": runs}))
