"""Optuna's TPESampler as the reference for bench/tpe.bench.mjs.

Usage (prints one JSON object on stdout):
  /usr/bin/python3 bench/python/optuna_tpe.py quality  --trials 100 --seeds 10 [--multivariate]
  /usr/bin/python3 bench/python/optuna_tpe.py overhead --trials 1000 --params 6

quality:  best value after --trials trials for each test function and seed 0..seeds-1, with
          TPESampler(seed=seed) (default options; multivariate=True with --multivariate).
overhead: seconds of ask + tell for every trial of one study with a trivial objective over
          --params float params in [-10, 10] (TPESampler(seed=0), default options).
The test functions are the same formulas as in tpe.bench.mjs.
"""
import argparse
import json
import math
import sys
import time

try:
    import optuna
except ImportError as e:  # the bench prints why and skips the reference
    print(json.dumps({"error": f"optuna is not importable: {e}"}))
    sys.exit(0)

optuna.logging.set_verbosity(optuna.logging.ERROR)
import warnings

warnings.filterwarnings("ignore")


def branin(x):
    x1, x2 = x
    a, b, c, r, s, t = 1.0, 5.1 / (4 * math.pi**2), 5 / math.pi, 6.0, 10.0, 1 / (8 * math.pi)
    return a * (x2 - b * x1**2 + c * x1 - r) ** 2 + s * (1 - t) * math.cos(x1) + s


H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H6_P = [
    [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
    [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
    [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650],
    [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
]
H6_ALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann6(x):
    s = 0.0
    for i in range(4):
        inner = sum(H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2 for j in range(6))
        s += H6_ALPHA[i] * math.exp(-inner)
    return -s


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def ackley(x):
    d = len(x)
    s1 = sum(v * v for v in x) / d
    s2 = sum(math.cos(2 * math.pi * v) for v in x) / d
    return -20 * math.exp(-0.2 * math.sqrt(s1)) - math.exp(s2) + 20 + math.e


FUNCTIONS = {
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)]),
    "hartmann6": (hartmann6, [(0.0, 1.0)] * 6),
    "rosenbrock4": (rosenbrock, [(-5.0, 10.0)] * 4),
    "ackley5": (ackley, [(-32.768, 32.768)] * 5),
}


def quality(trials, seeds, multivariate):
    out = {}
    for name, (f, bounds) in FUNCTIONS.items():
        bests = []
        for seed in range(seeds):
            sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
            study = optuna.create_study(sampler=sampler)

            def objective(trial):
                return f([trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)])

            study.optimize(objective, n_trials=trials)
            bests.append(study.best_value)
        out[name] = bests
    return out


def overhead(trials, n_params):
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
    times = []
    for _ in range(trials):
        t0 = time.perf_counter()
        trial = study.ask()
        s = 0.0
        for k in range(n_params):
            s += trial.suggest_float(f"x{k}", -10, 10) ** 2
        study.tell(trial, s)
        times.append(time.perf_counter() - t0)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["quality", "overhead"])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--params", type=int, default=6)
    ap.add_argument("--multivariate", action="store_true")
    a = ap.parse_args()
    res = {"optuna": optuna.__version__}
    if a.mode == "quality":
        res["best"] = quality(a.trials, a.seeds, a.multivariate)
    else:
        res["seconds"] = overhead(a.trials, a.params)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
