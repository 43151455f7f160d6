#!/usr/bin/env python3
"""This project's CLs upper limit of a polynomial model (millicharge, B-L), computed in pyhf from the exported scan.

    PYTHONPATH=<pyhf>/src python3 docs/pyhf/limit_from_scan.py DIR/spectra/workspaces/millicharge-all [--mass-mev M]

reads <base>.bkgonly.json and <base>.scan.json.gz (jobs' PyhfExport). Each scan point is a JSON Patch adding the signal at
one coupling g_k as a sample with a normfactor mu_signal: mu_signal = 1 is the model at g_k, mu_signal = 0 the
background only. The test statistic is the one the Java fit uses for a POI that is the coupling itself (q~, Cowan et
al., EPJC 71 (2011) 1554, eq. 16 and 66, as AsymptoticCalculator and pyhf's asymptotic calculator):

    q~(g) = -2 ln L(g, theta^^_g) / L(g^, theta^),  g^ the free fit over g >= 0 (0 when g^ > g),

with L(g, .) the profile likelihood of the patched model at mu_signal = 1 (pyhf's fixed_poi_fit), g^ taken on the scan
(a parabola through the smallest three points refines it), and q~_A the same on the background-only Asimov data of the
background-only fit to the data. CLs = CLs+b / CLb; the expected CLs at the b-only quantiles n = 2..-2. The limit is
where CLs crosses 1 - CL, log(-log CLs) interpolated linearly in log g. Prints observed and expected (-2..+2 sigma) limits.
"""
import argparse
import gzip
import json
import math

import numpy as np
import pyhf
from scipy.stats import norm


def twice_nll(mu, data, model):
    _, t = pyhf.infer.mle.fixed_poi_fit(mu, data, model, return_fitted_val=True)
    return float(t)


def free_minimum(g, t, t0):
    """Smallest 2 NLL over g >= 0 from the scan (g = 0 included), refined by a parabola through its neighbours."""
    gs = np.concatenate([[0.0], g])
    ts = np.concatenate([[t0], t])
    k = int(np.argmin(ts))
    best_g, best_t = gs[k], ts[k]
    if 0 < k < len(gs) - 1:
        a, b, c = np.polyfit(gs[k - 1:k + 2], ts[k - 1:k + 2], 2)
        if a > 0:
            gv = -b / (2 * a)
            if gs[k - 1] <= gv <= gs[k + 1]:
                best_g, best_t = gv, min(best_t, a * gv * gv + b * gv + c)
    return best_g, best_t


def cls(q, q_a):
    sq, sqa = math.sqrt(max(q, 0)), math.sqrt(max(q_a, 0))
    t = sq - sqa if sq <= sqa else ((q - q_a) / (2 * sqa) if sqa > 0 else 0.0)
    observed = norm.sf(t + sqa) / norm.sf(t)
    expected = [norm.sf(n + sqa) / norm.sf(n) for n in (2, 1, 0, -1, -2)]
    return observed, expected


def crossing(g, values, alpha):
    """Where CLs crosses alpha: log(-log CLs) linear in log g between the scan points around it (exact for CLs =
    exp(-c g^k), the asymptotic shape of a signal growing as a power of the coupling)."""
    for i in range(1, len(g)):
        a, b = values[i - 1], values[i]
        if a >= alpha > b and 0 < b and a < 1:
            ya, yb, y = math.log(-math.log(a)), math.log(-math.log(b)), math.log(-math.log(alpha))
            x = (y - ya) / (yb - ya)
            return math.exp(math.log(g[i - 1]) + x * (math.log(g[i]) - math.log(g[i - 1])))
    return float("nan")


def limits(base, mass_mev=None, cl=0.9):
    bkg = json.load(open(base + ".bkgonly.json"))
    scan = json.load(gzip.open(base + ".scan.json.gz"))
    points = [p for p in scan["points"]
              if mass_mev is None or abs(math.log(p["mass_mev"] / mass_mev)) < 1e-9]
    if not points:
        raise SystemExit(f"{base}.scan.json.gz has no point at mass {mass_mev} MeV")
    ws = pyhf.Workspace(bkg)
    models = [ws.model(patches=[p["patch"]]) for p in points]
    data = ws.data(models[0])
    g = np.array([p["coupling"] for p in points])
    # background only: mu_signal = 0 in any patched model (the signal sample then adds nothing)
    pars0 = pyhf.infer.mle.fixed_poi_fit(0.0, data, models[0])
    t0 = twice_nll(0.0, data, models[0])
    asimov = models[0].expected_data(pars0)
    t0_a = twice_nll(0.0, asimov, models[0])
    t = np.array([twice_nll(1.0, data, m) for m in models])
    t_a = np.array([twice_nll(1.0, asimov, m) for m in models])
    g_hat, t_min = free_minimum(g, t, t0)
    observed, expected = [], []
    for k in range(len(g)):
        q = 0.0 if g_hat > g[k] else max(t[k] - t_min, 0.0)
        o, e = cls(q, max(t_a[k] - t0_a, 0.0))
        observed.append(o)
        expected.append(e)
    alpha = 1 - cl
    expected = np.array(expected)
    return crossing(g, observed, alpha), [crossing(g, expected[:, n], alpha) for n in range(5)]


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="path without .bkgonly.json / .scan.json.gz, e.g. DIR/spectra/workspaces/b-l-all")
    ap.add_argument("--mass-mev", type=float, default=None, help="the B-L mediator mass of the scan points to use")
    ap.add_argument("--cl", type=float, default=0.9)
    args = ap.parse_args()
    obs, exp = limits(args.base, args.mass_mev, args.cl)
    print(json.dumps({"observed": obs, "expected": exp}))
