"""Optuna 3.1's fANOVA importances of a study in a storage gbtune wrote.

Usage: /usr/bin/python3 optuna_fanova.py STORAGE_URL STUDY_NAME  -> one JSON object {param: importance}
"""
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
study = optuna.load_study(study_name=sys.argv[2], storage=sys.argv[1])
imp = optuna.importance.get_param_importances(study, evaluator=optuna.importance.FanovaImportanceEvaluator(seed=0))
print(json.dumps(imp))
