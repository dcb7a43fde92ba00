"""Optuna 3.1 side of the journal interop test.

  optuna_journal.py read PATH    print every study and trial Optuna reads from the journal, as JSON
  optuna_journal.py write PATH   write studies to the journal with Optuna, then print them as `read` does
  optuna_journal.py optimize PATH N   run N trials of the study 'shared' (created if missing)
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")
import optuna  # noqa: E402
from optuna.distributions import distribution_to_json  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)


def open_storage(path):
    return optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))


def dump(storage):
    out = []
    for s in storage.get_all_studies():
        trials = []
        for t in storage.get_all_trials(s._study_id):
            trials.append(
                {
                    "number": t.number,
                    "trial_id": t._trial_id,
                    "state": t.state.name,
                    "values": t.values,
                    "params": t.params,
                    "distributions": {k: json.loads(distribution_to_json(d)) for k, d in t.distributions.items()},
                    "user_attrs": t.user_attrs,
                    "system_attrs": t.system_attrs,
                    "intermediate_values": {str(k): v for k, v in t.intermediate_values.items()},
                    "datetime_start": t.datetime_start.isoformat() if t.datetime_start else None,
                    "datetime_complete": t.datetime_complete.isoformat() if t.datetime_complete else None,
                }
            )
        out.append(
            {
                "study_id": s._study_id,
                "study_name": s.study_name,
                "directions": [d.name for d in s.directions],
                "user_attrs": s.user_attrs,
                "system_attrs": s.system_attrs,
                "trials": trials,
            }
        )
    print(json.dumps(out))


def write(path):
    storage = open_storage(path)
    study = optuna.create_study(study_name="py", storage=storage, sampler=optuna.samplers.RandomSampler(seed=1))
    study.set_user_attr("owner", {"name": "optuna", "tags": ["a", 1]})

    def objective(trial):
        x = trial.suggest_float("x", 1e-3, 10.0, log=True)
        n = trial.suggest_int("n", 2, 12, step=2)
        c = trial.suggest_categorical("c", [None, True, 2, "three", 1.5])
        trial.set_user_attr("note", "é ünï")
        for step in range(3):
            trial.report(x * (step + 1), step)
        if trial.number == 0:
            trial.report(float("nan"), 3)
            trial.set_user_attr("nan_attr_as_string", "NaN")
        if trial.number == 2:
            raise optuna.TrialPruned()
        if trial.number == 3:
            raise ValueError("fails")
        return x + n

    study.optimize(objective, n_trials=5, catch=(ValueError,))
    study.enqueue_trial({"x": 1.0, "n": 4, "c": "three"})
    study.add_trial(
        optuna.trial.create_trial(
            params={"x": 2.0},
            distributions={"x": optuna.distributions.FloatDistribution(1e-3, 10.0, log=True)},
            value=float("inf"),
        )
    )
    mo = optuna.create_study(study_name="py-mo", directions=["minimize", "maximize"], storage=storage)
    t = mo.ask()
    t.suggest_float("y", -1, 1)
    mo.tell(t, [1.25, -2.5])
    dump(open_storage(path))


if __name__ == "__main__":
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "read":
        dump(open_storage(path))
    elif cmd == "optimize":
        shared = optuna.create_study(
            study_name="shared", storage=open_storage(path), load_if_exists=True, sampler=optuna.samplers.RandomSampler(seed=3)
        )
        shared.optimize(lambda t: t.suggest_float("x", -5, 5) ** 2, n_trials=int(sys.argv[3]))
    else:
        write(path)
