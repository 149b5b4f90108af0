#!/usr/bin/python3
"""XGBoost baseline for churnkit's real-data examples (KDD Cup 2015, OULAD).

Reads three CSV files written by the example (first column `label`, then one column per
aggregate feature), trains a gradient-boosted tree model on `--train` with early stopping on
`--valid`, and writes the predicted probabilities for `--test` (and `--valid`, for calibration) as JSON
to `--out`.
Metrics are computed by the caller with churnkit's own Metrics, so both sides share one
definition of AUC, log loss and ECE.

Uses Debian's python3-xgboost (and numpy); it is not a dependency of the churnkit library.
"""
import argparse
import json
import sys
import time

import numpy as np
import xgboost as xgb


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    return header[1:], data[:, 0], data[:, 1:]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--train", required=True)
    p.add_argument("--valid", required=True)
    p.add_argument("--test", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    t0 = time.time()
    names, ytr, xtr = load(a.train)
    _, yva, xva = load(a.valid)
    _, _, xte = load(a.test)
    dtr = xgb.DMatrix(xtr, label=ytr, feature_names=names)
    dva = xgb.DMatrix(xva, label=yva, feature_names=names)
    dte = xgb.DMatrix(xte, feature_names=names)
    params = {
        "objective": "binary:logistic",
        "eval_metric": ["auc", "logloss"],
        "eta": 0.05,
        "max_depth": 5,
        "min_child_weight": 5,
        "subsample": 0.8,
        "colsample_bytree": 0.8,
        "lambda": 1.0,
        "tree_method": "hist",
        "nthread": a.threads,
        "seed": a.seed,
    }
    booster = xgb.train(params, dtr, num_boost_round=2000, evals=[(dva, "valid")],
                        early_stopping_rounds=100, verbose_eval=False)
    best = booster.best_iteration
    pred = booster.predict(dte, iteration_range=(0, best + 1))
    pred_valid = booster.predict(dva, iteration_range=(0, best + 1))
    with open(a.out, "w") as f:
        json.dump({"test": [float(v) for v in pred], "valid": [float(v) for v in pred_valid],
                   "bestIteration": int(best),
                   "seconds": time.time() - t0, "xgboostVersion": xgb.__version__}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
