import json, numpy as np, sklearn
from sklearn import metrics as M
from sklearn.calibration import calibration_curve, _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression

rng = np.random.default_rng(7)
def case_random(n, decimals, weighted):
    y = rng.integers(0, 2, n)
    s = np.clip(0.35 * y + rng.random(n) * 0.65, 0, 1).round(decimals)
    w = rng.random(n) * 2 if weighted else None
    if weighted: w[::17] = 0.0
    return y, s, w

cases = {
  'classic': (np.array([0,0,1,1]), np.array([0.1,0.4,0.35,0.8]), None),
  'ties': (np.array([0,1,0,1,1,0,0,1,0,1]), np.array([0.5,0.5,0.2,0.8,0.2,0.8,0.5,0.9,0.1,0.5]), None),
  'random': case_random(300, 2, False),
  'weighted': case_random(200, 1, True),
}

def ece(y, s, w, bins, strategy):
    if strategy == 'quantile': edges = np.percentile(s, np.linspace(0,1,bins+1)*100)
    else: edges = np.linspace(0,1,bins+1)
    ids = np.searchsorted(edges[1:-1], s)
    ww = np.ones_like(s) if w is None else w
    tot = np.bincount(ids, weights=ww, minlength=bins); sp = np.bincount(ids, weights=s*ww, minlength=bins); yt = np.bincount(ids, weights=y*ww, minlength=bins)
    nz = tot > 0
    return float(np.sum(tot[nz] * np.abs(yt[nz]/tot[nz] - sp[nz]/tot[nz])) / tot.sum())

out = {}
for name, (y, s, w) in cases.items():
    r = {'y': y.tolist(), 's': s.tolist(), 'w': None if w is None else w.tolist()}
    r['rocAuc'] = M.roc_auc_score(y, s, sample_weight=w)
    r['averagePrecision'] = M.average_precision_score(y, s, sample_weight=w)
    r['logLoss'] = M.log_loss(y, s, sample_weight=w)
    r['brier'] = M.brier_score_loss(y, s, sample_weight=w)
    for t in (0.5, 0.35):
        p = (s >= t).astype(int)
        cm = M.confusion_matrix(y, p, sample_weight=w, labels=[0,1])
        r[f't{t}'] = dict(
            tn=float(cm[0,0]), fp=float(cm[0,1]), fn=float(cm[1,0]), tp=float(cm[1,1]),
            accuracy=M.accuracy_score(y, p, sample_weight=w),
            precision=M.precision_score(y, p, sample_weight=w, zero_division=0),
            recall=M.recall_score(y, p, sample_weight=w, zero_division=0),
            specificity=M.recall_score(1-y, 1-p, sample_weight=w, zero_division=0),
            f1=M.f1_score(y, p, sample_weight=w, zero_division=0),
            f2=M.fbeta_score(y, p, beta=2, sample_weight=w, zero_division=0),
            balancedAccuracy=M.balanced_accuracy_score(y, p, sample_weight=w),
            mcc=M.matthews_corrcoef(y, p, sample_weight=w))
    fpr, tpr, th = M.roc_curve(y, s, sample_weight=w)
    r['roc'] = dict(fpr=fpr.tolist(), tpr=tpr.tolist(), thresholds=th[1:].tolist())
    fpr, tpr, th = M.roc_curve(y, s, sample_weight=w, drop_intermediate=False)
    r['rocFull'] = dict(fpr=fpr.tolist(), tpr=tpr.tolist())
    pr, rc, th = M.precision_recall_curve(y, s, sample_weight=w)
    r['pr'] = dict(precision=pr.tolist(), recall=rc.tolist(), thresholds=th.tolist())
    if w is None:
        for strat, b in (('uniform', 10), ('quantile', 5), ('quantile', 10), ('uniform', 3)):
            pt, pp = calibration_curve(y, s, n_bins=b, strategy=strat)
            r[f'cal_{strat}_{b}'] = dict(observed=pt.tolist(), predicted=pp.tolist())
    r['ece10'] = ece(y, s, w, 10, 'uniform')
    r['eceQ5'] = ece(y, s, w, 5, 'quantile')
    iso = IsotonicRegression(out_of_bounds='clip').fit(s, y, sample_weight=w)
    grid = np.linspace(-0.1, 1.1, 25)
    r['isotonic'] = dict(x=grid.tolist(), y=iso.predict(grid).tolist())
    a, b = _sigmoid_calibration(s, y, sample_weight=w)
    r['platt'] = dict(a=float(a), b=float(b))
    out[name] = r
print('// Expected values computed by scikit-learn %s (numpy %s) on these exact inputs, by test/metrics/gen-sklearn-fixtures.py;' % (sklearn.__version__, np.__version__))
print('// the tests only read the numbers, they never run Python.')
print('export const SKLEARN_VERSION = %s;' % json.dumps(sklearn.__version__))
print('export const CASES: Record<string, any> = %s;' % json.dumps(out))
