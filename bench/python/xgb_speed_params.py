"""XGBoost `hist` params matching gbtune's speed benches (binary, 31 leaves grown leaf-wise, 255 bins,
eta 0.1): one place for xgb_train_speed.py, xgb_train_csv.py and xgb_predict_speed.py."""

XGB_PARAMS = {
    "objective": "binary:logistic",
    "tree_method": "hist",
    "grow_policy": "lossguide",
    "max_leaves": 31,
    "max_depth": 0,
    "max_bin": 255,
    "eta": 0.1,
    "verbosity": 0,
}
