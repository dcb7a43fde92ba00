"""pandas reference for bench/csv-read.bench.mjs: reads the CSV with pandas.read_csv (C engine,
default options, as XGBoost users load a CSV) and prints one JSON line with the wall and CPU
seconds of the read, the peak RSS of the process and the shape read."""
import json
import resource
import sys
import time

try:
    import pandas as pd
except ImportError as e:  # the bench prints this and skips the reference
    print(f"pandas not available: {e}", file=sys.stderr)
    sys.exit(2)

path = sys.argv[1]
c0 = time.process_time()
t0 = time.perf_counter()
df = pd.read_csv(path)
wall = time.perf_counter() - t0
cpu = time.process_time() - c0
# ru_maxrss is in KiB on Linux
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"version": pd.__version__, "wall_s": wall, "cpu_s": cpu, "peak_rss": rss, "rows": int(df.shape[0]), "cols": int(df.shape[1])}))
