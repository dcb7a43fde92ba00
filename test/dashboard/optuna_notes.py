"""Notes as optuna-dashboard stores them, through Optuna 3.1's storage API (no optuna-dashboard
needed): the version in the study system attr `dashboard:note_ver` (a trial's:
`dashboard:<trial_id>:note_ver`) and the text in chunks of at most 2045 characters
`dashboard:note_str:<i>` (`dashboard:<trial_id>:note_str:<i>`), as optuna_dashboard/_note.py.

  read URL STUDY               -> {"study": {"version", "body"}, "trials": {"<number>": {...}}}
  write URL STUDY NUMBER FILE  -> saves FILE's text (JSON {"study": str, "trial": str}) as the next versions
"""
import json
import math
import sys

import optuna

CHUNK = 2045


def keys(trial_id):
    if trial_id is None:
        return "dashboard:note_ver", "dashboard:note_str:"
    return f"dashboard:{trial_id}:note_ver", f"dashboard:{trial_id}:note_str:"


def read_note(attrs, trial_id):
    ver_key, prefix = keys(trial_id)
    if ver_key not in attrs:
        return {"version": 0, "body": ""}
    chunks = {k: v for k, v in attrs.items() if k.startswith(prefix)}
    return {"version": int(attrs[ver_key]), "body": "".join(chunks[f"{prefix}{i}"] for i in range(len(chunks)))}


def save_note(storage, study_id, trial_id, body):
    ver_key, prefix = keys(trial_id)
    attrs = storage.get_study_system_attrs(study_id)
    storage.set_study_system_attr(study_id, ver_key, attrs.get(ver_key, 0) + 1)
    n = math.ceil(len(body) / CHUNK)
    for i in range(n):
        storage.set_study_system_attr(study_id, f"{prefix}{i}", body[i * CHUNK:(i + 1) * CHUNK])
    old = [k for k in storage.get_study_system_attrs(study_id) if k.startswith(prefix)]
    for i in range(n, len(old)):
        storage.set_study_system_attr(study_id, f"{prefix}{i}", "")


def main():
    cmd, url, name = sys.argv[1], sys.argv[2], sys.argv[3]
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = optuna.storages.RDBStorage(url)
    study = optuna.load_study(study_name=name, storage=storage)
    study_id = study._study_id
    if cmd == "read":
        attrs = storage.get_study_system_attrs(study_id)
        trials = {str(t.number): read_note(attrs, t._trial_id) for t in study.get_trials(deepcopy=False)}
        print(json.dumps({"study": read_note(attrs, None), "trials": {k: v for k, v in trials.items() if v["version"] > 0}}))
    elif cmd == "write":
        number = int(sys.argv[4])
        with open(sys.argv[5], encoding="utf-8") as f:
            texts = json.load(f)
        save_note(storage, study_id, None, texts["study"])
        trial = study.get_trials(deepcopy=False)[number]
        save_note(storage, study_id, trial._trial_id, texts["trial"])
        print(json.dumps({"ok": True}))


main()
