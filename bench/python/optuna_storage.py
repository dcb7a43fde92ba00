"""Optuna 3.1 RDBStorage reference for bench/storage.bench.mjs (run with /usr/bin/python3).

  trials DB N SEED   trials per second of study.optimize with a trivial objective, 1 worker,
                     RandomSampler, on a new SQLite file DB (storage overhead, not sampling)
  load DB STUDY      seconds to load_study + study.trials (get_all_trials) from a cold process
"""
import json
import sys
import time

try:
    import optuna
except ImportError as e:  # the bench prints the reason and skips the reference
    print(json.dumps({"error": f"no optuna: {e}"}))
    sys.exit(0)

optuna.logging.set_verbosity(optuna.logging.WARNING)


def trials(db, n, seed):
    study = optuna.create_study(
        storage=f"sqlite:///{db}", study_name="speed", sampler=optuna.samplers.RandomSampler(seed=seed)
    )
    t0 = time.perf_counter()
    study.optimize(lambda t: t.suggest_float("x", -10.0, 10.0) ** 2, n_trials=n)
    dt = time.perf_counter() - t0
    return {"trials_per_sec": n / dt, "n": n, "version": optuna.__version__}


def load(db, name):
    t0 = time.perf_counter()
    study = optuna.load_study(study_name=name, storage=f"sqlite:///{db}")
    ts = study.trials
    dt = time.perf_counter() - t0
    return {"seconds": dt, "n": len(ts), "best": study.best_value, "version": optuna.__version__}


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "trials":
        print(json.dumps(trials(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    elif cmd == "load":
        print(json.dumps(load(sys.argv[2], sys.argv[3])))
