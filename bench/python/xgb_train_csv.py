"""XGBoost reference for bench/train-csv-speed.bench.mjs: reads the bench's CSV with
pandas.read_csv (C engine, default options), builds the DMatrix from the DataFrame's feature
columns and the `y` column, trains `hist` (lossguide, 31 leaves, 255 bins, eta 0.1) for 100 rounds
at one thread count, and prints one JSON line with the read, DMatrix and train seconds and the
process's peak RSS (ru_maxrss). Run once per thread count, each in its own process."""
import json
import resource
import sys
import time
from xgb_speed_params import XGB_PARAMS

try:
    import pandas as pd
    import xgboost as xgb
except ImportError as e:  # the bench prints this and skips the reference
    print(f"xgboost or pandas not available: {e}", file=sys.stderr)
    sys.exit(2)

path, nthread = sys.argv[1], int(sys.argv[2])
t0 = time.perf_counter()
df = pd.read_csv(path)
t1 = time.perf_counter()
y = df.pop("y")
dtrain = xgb.DMatrix(df, label=y, nthread=nthread)
t2 = time.perf_counter()
params = {**XGB_PARAMS, "nthread": nthread}
xgb.train(params, dtrain, num_boost_round=100)
t3 = time.perf_counter()
# ru_maxrss is in KiB on Linux
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"version": xgb.__version__, "nthread": nthread, "read_s": t1 - t0, "dmatrix_s": t2 - t1, "train_s": t3 - t2, "peak_rss": rss, "rows": int(df.shape[0])}))
