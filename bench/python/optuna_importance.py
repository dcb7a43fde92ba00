"""Optuna 3.1 reference for bench/report.bench.mjs: fANOVA and MDI importances (and their time)
on the same trials as gbtune. Reads a JSON file {direction, params: {name: dist}, trials: [{params, value}]};
prints JSON {fanova: {...}, fanova_s, mdi: {...}, mdi_s, version}."""
import json
import sys
import time

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.importance import FanovaImportanceEvaluator, MeanDecreaseImpurityImportanceEvaluator, get_param_importances

optuna.logging.set_verbosity(optuna.logging.ERROR)


def dist(d):
    if d["kind"] == "float":
        return FloatDistribution(d["low"], d["high"], log=d["log"])
    if d["kind"] == "int":
        return IntDistribution(d["low"], d["high"], log=d["log"])
    return CategoricalDistribution(d["choices"])


def main():
    spec = json.load(open(sys.argv[1]))
    dists = {k: dist(v) for k, v in spec["params"].items()}
    study = optuna.create_study(direction=spec["direction"])
    study.add_trials(
        [
            optuna.trial.create_trial(params=t["params"], distributions={k: dists[k] for k in t["params"]}, value=t["value"])
            for t in spec["trials"]
        ]
    )
    out = {"version": optuna.__version__}
    for name, ev in (("fanova", FanovaImportanceEvaluator(seed=0)), ("mdi", MeanDecreaseImpurityImportanceEvaluator(seed=0))):
        t0 = time.perf_counter()
        imp = get_param_importances(study, evaluator=ev)
        out[name + "_s"] = time.perf_counter() - t0
        out[name] = dict(imp)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
