"""Reference for bench/gp.bench.mjs: Optuna's TPESampler (and GPSampler when this Optuna has
one; Optuna 3.1 does not) on Branin and Hartmann6, best value after N trials for each seed.

Usage: /usr/bin/python3 optuna_gp_tpe.py N_TRIALS SEED [SEED ...]
Prints JSON: {"version": ..., "samplers": {name: {function: {seed: best}}}, "seconds": {...}}
"""
import json
import math
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]
HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]


def branin(trial):
    x1 = trial.suggest_float("x1", -5, 10)
    x2 = trial.suggest_float("x2", 0, 15)
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - 1e-4 * HARTMANN_P[i][j]) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def main():
    n_trials = int(sys.argv[1])
    seeds = [int(s) for s in sys.argv[2:]]
    factories = {"optuna_tpe": lambda seed: optuna.samplers.TPESampler(seed=seed)}
    if hasattr(optuna.samplers, "GPSampler"):
        factories["optuna_gp"] = lambda seed: optuna.samplers.GPSampler(seed=seed)
    out = {"version": optuna.__version__, "samplers": {}, "seconds": {}}
    for name, make in factories.items():
        out["samplers"][name] = {}
        t0 = time.perf_counter()
        for fname, f in (("branin", branin), ("hartmann6", hartmann6)):
            res = {}
            for seed in seeds:
                study = optuna.create_study(sampler=make(seed))
                study.optimize(f, n_trials=n_trials)
                res[str(seed)] = study.best_value
            out["samplers"][name][fname] = res
        out["seconds"][name] = time.perf_counter() - t0
    print(json.dumps(out))


if __name__ == "__main__":
    main()
