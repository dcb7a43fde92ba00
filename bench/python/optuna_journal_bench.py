"""Optuna 3.1 references for bench/journal.bench.mjs (JournalStorage + JournalFileStorage).

  optuna_journal_bench.py speed PATH N   trials/s of a trivial objective, 1 worker, new journal file
  optuna_journal_bench.py load PATH      cold load of study 0 of an existing journal: open + trials
Prints one JSON object.
"""
import json
import os
import sys
import time
import warnings

warnings.simplefilter("ignore")
import optuna  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)


def storage(path):
    return optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))


cmd, path = sys.argv[1], sys.argv[2]
if cmd == "speed":
    n = int(sys.argv[3])
    if os.path.exists(path):
        os.remove(path)
    study = optuna.create_study(storage=storage(path), sampler=optuna.samplers.RandomSampler(seed=1))
    t0, c0 = time.perf_counter(), time.process_time()
    study.optimize(lambda t: t.suggest_float("x", -5, 5) ** 2, n_trials=n)
    dt, c = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"trials_per_s": n / dt, "cpu_ms_per_trial": c / n * 1000}))
else:
    t0, c0 = time.perf_counter(), time.process_time()
    st = storage(path)
    trials = st.get_all_trials(0, deepcopy=False)
    t1, c1 = time.perf_counter(), time.process_time()
    copied = st.get_all_trials(0)  # what study.trials returns
    t2 = time.perf_counter()
    print(json.dumps({"load_ms": (t1 - t0) * 1000, "load_cpu_ms": (c1 - c0) * 1000, "trials_copy_ms": (t2 - t1) * 1000, "n": len(trials)}))
