"""Reference numbers from pyhf for the workspaces in fits/src/test/resources/xmassnu/stats/pyhf (PyhfWorkspaceGoldenTest).

Regenerate (pyhf from source, numpy backend, SciPy SLSQP at tolerance 1e-10: pyhf's default tolerance leaves the
CLs values uncertain at the 1e-5 level, 1e-10 and 1e-14 agree to 5e-8):

    PYTHONPATH=/work/tools/pyhf/src python3 fits/src/test/pyhf/golden.py [FILE.json ...]

(with file names, only their cases are recomputed and the others kept from golden.json). The magnetic-moment cases
take most of the time (40 parameters, ~10 s per pyhf hypothesis test at this tolerance).

Every number in golden.json is the output of the pyhf call recorded beside it ("calls"). Parameters are keyed by
pyhf's par_names, main data by channel: the Java model orders neither like pyhf (pyhf sorts channels and groups
parameters by modifier type).
"""
import json
import math
import pathlib
import sys

import numpy as np
import pyhf

HERE = pathlib.Path(__file__).resolve().parent
RESOURCES = HERE.parent / "resources" / "xmassnu" / "stats" / "pyhf"
TOLERANCE = 1e-10
pyhf.set_backend("numpy", pyhf.optimize.scipy_optimizer(tolerance=TOLERANCE))

CALLS = {
    "setup": f'pyhf.set_backend("numpy", pyhf.optimize.scipy_optimizer(tolerance={TOLERANCE})); '
             'ws = pyhf.Workspace(json.load(open(FILE))); '
             'model = ws.model(modifier_settings=SETTINGS); data = ws.data(model)',
    "expected_main": "model.expected_actualdata(pars), split by model.config.channel_slices",
    "auxdata": "model.config.auxdata, named by model.config.auxdata_order and par_slice",
    "twice_nll": "-2 * model.logpdf(pars, data)[0]",
    "fit": "pyhf.infer.mle.fit(data, model, return_fitted_val=True)",
    "fixed_poi_fit": "pyhf.infer.mle.fixed_poi_fit(MU, data, model, return_fitted_val=True)",
    "hypotest": "pyhf.infer.hypotest(MU, data, model, test_stat=TEST_STAT, return_expected_set=True)",
    "upper_limit_root": "pyhf.infer.intervals.upper_limits.upper_limit(data, model, scan=None, level=LEVEL)"
                        " (TOMS 748 on the POI bounds, rtol 1e-4)",
    "upper_limit_scan": "pyhf.infer.intervals.upper_limits.upper_limit(data, model, scan=np.linspace(LO, HI, N), level=LEVEL)",
}

SETTINGS = {
    "default": {"normsys": {"interpcode": "code4"}, "histosys": {"interpcode": "code4p"}},
    "code1-code0": {"normsys": {"interpcode": "code1"}, "histosys": {"interpcode": "code0"}},
}


def floats(x):
    return [float(v) for v in np.asarray(x).ravel()]


def points(model):
    """Two parameter points: nuisance parameters inside |alpha| < 1 and outside (the extrapolation branches); fixed
    parameters stay at their init, as in every fit."""
    names = model.config.par_names
    bounds = model.config.suggested_bounds()
    init = model.config.suggested_init()
    fixed = model.config.suggested_fixed()
    inside, outside = [], []
    for i, (name, (lo, hi), x0, fx) in enumerate(zip(names, bounds, init, fixed)):
        if fx:
            inside.append(x0)
            outside.append(x0)
        elif lo == -5.0 and hi == 5.0:  # normsys / histosys alpha
            inside.append([0.6, -0.4, 0.3][i % 3])
            outside.append([1.7, -2.3, 1.2][i % 3])
        elif name == model.config.poi_name:
            inside.append(1.3)
            outside.append(2.2)
        else:  # gammas, normfactors, lumi: around their initial value
            inside.append(x0 * [1.05, 0.97, 1.02][i % 3])
            outside.append(x0 * [0.9, 1.12, 1.0][i % 3])
    return {"inside": inside, "outside": outside}


def named(model, values):
    return dict(zip(model.config.par_names, floats(values)))


def by_channel(model, main):
    main = np.asarray(main)
    return {c: floats(main[model.config.channel_slices[c]]) for c in model.config.channels}


def auxdata(model):
    out = {}
    k = 0
    for pname in model.config.auxdata_order:
        sl = model.config.par_slice(pname)
        ps = model.config.param_set(pname)
        for j in range(sl.stop - sl.start):
            out[pname if ps.is_scalar else f"{pname}[{j}]"] = float(model.config.auxdata[k])
            k += 1
    return out


def hypotest(mu, data, model, test_stat):
    obs, exp = pyhf.infer.hypotest(mu, data, model, test_stat=test_stat, return_expected_set=True)
    return {"mu": mu, "test_stat": test_stat, "cls_obs": float(obs), "cls_exp": floats(exp)}


def limits(data, model, mus, levels, scan_points):
    out = {"root": [], "scan": []}
    for level in levels or ():
        obs, exp = pyhf.infer.intervals.upper_limits.upper_limit(data, model, scan=None, level=level)
        out["root"].append({"level": level, "observed": float(obs), "expected": floats(exp)})
        hi = math.ceil(1.3 * max(float(obs), float(exp[-1])))
        scan = np.linspace(0, hi, scan_points)
        obs_s, exp_s = pyhf.infer.intervals.upper_limits.upper_limit(data, model, scan=scan, level=level)
        out["scan"].append({"level": level, "lo": 0.0, "hi": float(hi), "points": scan_points,
                            "observed": float(obs_s), "expected": floats(exp_s)})
    return out


def reference(file, settings_name, mus, levels=(0.05,), scan_points=21, q_mu=None):
    spec = json.loads((RESOURCES / file).read_text())
    spec.pop("xmassnu", None)  # the project's provenance block; pyhf's schema rejects unknown top-level keys
    ws = pyhf.Workspace(spec)
    model = ws.model(modifier_settings=SETTINGS[settings_name])
    data = ws.data(model)
    out = {"file": file, "settings": settings_name, "poi": model.config.poi_name,
           "parameters": model.config.par_names, "auxdata": auxdata(model), "points": {}}
    for pname, pars in points(model).items():
        out["points"][pname] = {
            "pars": named(model, pars),
            "expected_main": by_channel(model, model.expected_actualdata(pars)),
            "twice_nll": float(-2 * model.logpdf(pars, data)[0]),
        }
    best, twice_nll = pyhf.infer.mle.fit(data, model, return_fitted_val=True)
    out["fit"] = {"pars": named(model, best), "twice_nll": float(twice_nll)}
    cond, twice_nll_cond = pyhf.infer.mle.fixed_poi_fit(1.0, data, model, return_fitted_val=True)
    out["fixed_poi_fit"] = {"mu": 1.0, "pars": named(model, cond), "twice_nll": float(twice_nll_cond)}
    out["hypotests"] = [hypotest(mu, data, model, "qtilde") for mu in mus]
    if q_mu is not None:
        out["hypotests"].append(hypotest(q_mu, data, model, "q"))
    out["limits"] = limits(data, model, mus, levels, scan_points)
    return out


def main():
    small = [1.0, 2.0, 3.5]
    cases = [
        ("normsys.json", "default", dict(mus=small, q_mu=2.0)),
        ("normsys.json", "code1-code0", dict(mus=small)),
        ("histosys.json", "default", dict(mus=small, q_mu=2.0)),
        ("histosys.json", "code1-code0", dict(mus=small)),
        ("staterror.json", "default", dict(mus=small, q_mu=2.0)),
        ("shapesys.json", "default", dict(mus=small, q_mu=2.0)),
        ("lumi.json", "default", dict(mus=small, q_mu=2.0)),
        # the demo's exported magnetic-moment workspace (all flavours, 40 parameters: ~10 s per pyhf hypotest at
        # tolerance 1e-10): limits at the project's 90 % CL only; with code1/code0 the hypothesis tests only
        ("magnetic-moment-all.json", "default", dict(mus=[0.1, 0.25, 0.5], levels=(0.1,), scan_points=11, q_mu=0.25)),
        ("magnetic-moment-all.json", "code1-code0", dict(mus=[0.1, 0.25, 0.5], levels=())),
    ]
    target = RESOURCES / "golden.json"
    # with file names as arguments only those cases are recomputed, the others kept from golden.json
    only = set(sys.argv[1:])
    kept = {}
    if only and target.exists():
        kept = {(c["file"], c["settings"]): c for c in json.loads(target.read_text())["cases"]}
    done = []
    for file, settings, kwargs in cases:
        if only and file not in only and (file, settings) in kept:
            done.append(kept[(file, settings)])
            continue
        done.append(reference(file, settings, **kwargs))
        golden = {"pyhf_version": pyhf.__version__, "calls": CALLS, "modifier_settings": SETTINGS, "cases": done}
        target.write_text(json.dumps(golden, indent=1) + "\n")  # after every case: the slow ones take minutes
        print(f"{file} [{settings}] done", file=sys.stderr, flush=True)
    print(f"wrote {target} ({len(done)} cases, pyhf {pyhf.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
