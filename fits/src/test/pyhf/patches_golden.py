"""Reference results of python's jsonpatch (1.33) and pyhf's PatchSet for JsonPatchTest and PatchSetTest.

Regenerate:

    PYTHONPATH=/work/tools/pyhf/src python3 fits/src/test/pyhf/patches_golden.py

Writes fits/src/test/resources/xmassnu/stats/patches/{bkgonly.json, patchset.json, golden.json}. Every expected
result is the output of the call recorded beside it in golden.json.
"""
import copy
import json
import pathlib

import jsonpatch
import pyhf

HERE = pathlib.Path(__file__).resolve().parent
RESOURCES = HERE.parent / "resources" / "xmassnu" / "stats"
OUT = RESOURCES / "patches"
pyhf.set_backend("numpy", pyhf.optimize.scipy_optimizer(tolerance=1e-10))

document = json.loads((RESOURCES / "pyhf" / "normsys.json").read_text())

PATCHES = {
    "append a sample": [{"op": "add", "path": "/channels/0/samples/-",
                         "value": {"name": "extra", "data": [1.0, 2.0, 3.0], "modifiers": []}}],
    "insert at the end index": [{"op": "add", "path": "/channels/0/samples/3",
                                 "value": {"name": "extra", "data": [1.0, 2.0, 3.0], "modifiers": []}}],
    "insert in front": [{"op": "add", "path": "/observations/0/data/0", "value": 7}],
    "replace a bin": [{"op": "replace", "path": "/channels/0/samples/1/data/0", "value": 41.5}],
    "remove a modifier": [{"op": "remove", "path": "/channels/0/samples/1/modifiers/1"}],
    "copy and move": [{"op": "copy", "from": "/channels/0/samples/0", "path": "/channels/0/samples/3"},
                      {"op": "move", "from": "/observations/0/data/2", "path": "/observations/0/data/0"},
                      {"op": "replace", "path": "/channels/0/samples/3/name", "value": "signal_copy"}],
    "move a key": [{"op": "move", "from": "/measurements/0/config/poi", "path": "/measurements/0/poi_moved"}],
    "tests that pass": [{"op": "test", "path": "/version", "value": "1.0.0"},
                        {"op": "test", "path": "/observations/0/data/0", "value": 52},
                        {"op": "test", "path": "/channels/0/samples/0/modifiers",
                         "value": [{"name": "mu", "type": "normfactor", "data": None}]},
                        {"op": "replace", "path": "/version", "value": "1.0.0"}],
    "escaped pointer": [{"op": "add", "path": "/measurements/0/config/a~1b~0c", "value": {"x": 1}},
                        {"op": "add", "path": "/measurements/0/config/a~1b~0c/y", "value": [True, None]}],
    "replace the whole document": [{"op": "replace", "path": "", "value": {"only": [1, 2]}}],
    "test that fails": [{"op": "test", "path": "/version", "value": "2.0.0"}],
    "remove a missing key": [{"op": "remove", "path": "/channels/0/nothing"}],
    "index past the end": [{"op": "add", "path": "/channels/0/samples/5", "value": {}}],
    "replace a missing index": [{"op": "replace", "path": "/observations/0/data/9", "value": 1}],
    "leading zero index": [{"op": "add", "path": "/observations/0/data/01", "value": 1}],
    "unknown op": [{"op": "frobnicate", "path": "/version"}],
}


def apply(patch):
    try:
        return {"result": jsonpatch.apply_patch(copy.deepcopy(document), patch)}
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, KeyError, IndexError, TypeError) as e:
        return {"error": type(e).__name__}


cases = [dict(name=k, patch=v, **apply(v)) for k, v in PATCHES.items()]

# a HEPData-like patchset: the background-only workspace (normsys.json without the signal) and two signal points
bkgonly = copy.deepcopy(document)
bkgonly["channels"][0]["samples"] = bkgonly["channels"][0]["samples"][1:]
signal = {"name": "signal", "modifiers": [{"name": "mu", "type": "normfactor", "data": None}]}
patchset = {
    "metadata": {
        "description": "two signal hypotheses for xmassnu's PatchSetTest",
        "digests": {"md5": pyhf.utils.digest(bkgonly, "md5"), "sha256": pyhf.utils.digest(bkgonly, "sha256")},
        "labels": ["mass"],
        "references": {"hepdata": "ins1234567"},
    },
    "patches": [
        {"metadata": {"name": "sig_500", "values": [500]},
         "patch": [{"op": "add", "path": "/channels/0/samples/0", "value": dict(signal, data=[5.0, 10.0, 6.0])}]},
        {"metadata": {"name": "sig_1000", "values": [1000]},
         "patch": [{"op": "add", "path": "/channels/0/samples/0", "value": dict(signal, data=[2.0, 4.0, 9.0])}]},
    ],
    "version": "1.0.0",
}
pyhf.schema.validate(patchset, "patchset.json")
patched = {}
for name in ["sig_500", "sig_1000"]:
    ws = pyhf.PatchSet(patchset).apply(pyhf.Workspace(bkgonly), name)
    model = ws.model()
    obs, exp = pyhf.infer.hypotest(1.0, ws.data(model), model, test_stat="qtilde", return_expected_set=True)
    patched[name] = {"workspace": dict(ws), "cls_obs": float(obs), "cls_exp": [float(x) for x in exp]}

numbers = {"x": [0.1, 1e-5, 1e-4, 1e16, 1e15, 123456789.123, 2.5e-300, -0.0, 3, 1.7976931348623157e308, 5e-324,
                 0.30000000000000004, 100.0, 1e22, 12345678901234567890],
           "s": "\u00fc\n\"q\"\\\t\u0001", "b": [True, False, None], "nested": {"z": 1, "a": {"k": 2.5}}}

golden = {
    "calls": {
        "cases": "jsonpatch.apply_patch(copy.deepcopy(document), patch) (jsonpatch " + jsonpatch.__version__
                 + "); document = normsys.json; error: the exception's type",
        "digests": "pyhf.utils.digest(bkgonly, ALG)",
        "patched": "pyhf.PatchSet(patchset).apply(pyhf.Workspace(bkgonly), NAME); pyhf.infer.hypotest(1.0, "
                   "ws.data(model), model, test_stat='qtilde', return_expected_set=True) at SciPy tolerance 1e-10",
        "numbers": "json.dumps(numbers, sort_keys=True, ensure_ascii=False); pyhf.utils.digest(numbers)",
    },
    "cases": cases,
    "patched": patched,
    "numbers": {"value": numbers, "dumps": json.dumps(numbers, sort_keys=True, ensure_ascii=False),
                "sha256": pyhf.utils.digest(numbers), "md5": pyhf.utils.digest(numbers, "md5")},
}
OUT.mkdir(exist_ok=True)
(OUT / "bkgonly.json").write_text(json.dumps(bkgonly, indent=1) + "\n")
(OUT / "patchset.json").write_text(json.dumps(patchset, indent=1) + "\n")
(OUT / "golden.json").write_text(json.dumps(golden, indent=1, ensure_ascii=False) + "\n")
print(f"wrote {OUT}")
