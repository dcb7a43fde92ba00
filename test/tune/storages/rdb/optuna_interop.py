"""Optuna 3.1 side of the RDB interop test (run with /usr/bin/python3).

  dump URL            print every study of the storage as JSON (non-finite floats as strings)
  write URL           create study 'from-optuna' with every feature the schema stores
  append URL NAME N   run N trials of an existing study (param "x" log-float in [0.001, 1])
  create URL          create Optuna's empty schema (RDBStorage(url))
  pg-columns          Optuna's models compiled for PostgreSQL: {table: [[column, type, nullable]]}
"""
import json
import math
import sys

import optuna
from optuna.distributions import distribution_to_json

optuna.logging.set_verbosity(optuna.logging.WARNING)


def enc(x):
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if isinstance(x, list):
        return [enc(v) for v in x]
    return x


def dump(url):
    storage = optuna.storages.RDBStorage(url)
    out = []
    for s in storage.get_all_studies():
        study = optuna.load_study(study_name=s.study_name, storage=storage)
        trials = []
        for t in study.get_trials(deepcopy=False):
            trials.append(
                {
                    "number": t.number,
                    "state": t.state.name,
                    "values": enc(t.values),
                    "params": enc(t.params),
                    "distributions": {k: distribution_to_json(d) for k, d in t.distributions.items()},
                    "user_attrs": enc(t.user_attrs),
                    "system_attrs": enc(t.system_attrs),
                    "intermediate_values": {str(k): enc(v) for k, v in t.intermediate_values.items()},
                    "datetime_start": None if t.datetime_start is None else str(t.datetime_start),
                    "datetime_complete": None if t.datetime_complete is None else str(t.datetime_complete),
                }
            )
        out.append(
            {
                "name": s.study_name,
                "directions": [d.name for d in s.directions],
                "user_attrs": enc(s.user_attrs),
                "system_attrs": enc(s.system_attrs),
                "trials": trials,
            }
        )
    print(json.dumps(out))


def write(url):
    study = optuna.create_study(storage=url, study_name="from-optuna", direction="maximize")
    study.set_user_attr("owner", {"team": "a", "n": [1, 2]})

    def objective(trial):
        x = trial.suggest_float("x", 1e-3, 1.0, log=True)
        n = trial.suggest_int("n", 1, 10, step=3)
        c = trial.suggest_categorical("c", ["a", None, 2, True])
        trial.set_user_attr("k", [trial.number, "v"])
        trial.report(float("nan"), 0)
        trial.report(float("-inf"), 1)
        trial.report(0.5, 2)
        if trial.number == 1:
            raise optuna.TrialPruned()
        if trial.number == 2:
            return float("inf")
        return x + n

    study.optimize(objective, n_trials=4)
    study.enqueue_trial({"x": 0.5})
    study.ask()  # pops the enqueued trial: RUNNING
    study.enqueue_trial({"x": 0.25})  # stays WAITING
    print(json.dumps({"ok": True}))


def append(url, name, n):
    study = optuna.load_study(study_name=name, storage=url)
    study.optimize(lambda t: t.suggest_float("x", 1e-3, 1.0, log=True) ** 2, n_trials=n)
    print(json.dumps({"n_trials": len(study.trials)}))


def pg_columns():
    from optuna.storages._rdb import models
    from sqlalchemy.dialects import postgresql

    d = postgresql.dialect()
    out = {}
    for t in models.BaseModel.metadata.sorted_tables:
        out[t.name] = [[c.name, str(c.type.compile(dialect=d)), bool(c.nullable)] for c in t.columns]
    print(json.dumps(out))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "dump":
        dump(sys.argv[2])
    elif cmd == "write":
        write(sys.argv[2])
    elif cmd == "create":
        optuna.storages.RDBStorage(sys.argv[2])
        print(json.dumps({"ok": True}))
    elif cmd == "pg-columns":
        pg_columns()
    elif cmd == "append":
        append(sys.argv[2], sys.argv[3], int(sys.argv[4]))
