#!/usr/bin/env python3
"""Writes the default trusted-type lists of skops.io (skops/io/_trusted_types.py and the node
classes' defaults) for modelgate's skops reader, computed the way skops computes them at load
time: from the scikit-learn, numpy and scipy installed here. skops itself is not in the local
package mirror, so its (short, public) rules are restated below; re-run after upgrading
scikit-learn. Output: modelgate-core/src/main/resources/dev/modelgate/format/skops/trusted-types.txt
Run: python3 scripts/skops-trusted-types.py  (in a venv with scikit-learn, numpy, scipy)
"""
import os
import pickle
import warnings

import numpy as np
import scipy
import scipy.special
import scipy.sparse
import sklearn
from sklearn.utils import all_estimators

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "modelgate-core/src/main/resources/dev/modelgate/format/skops/trusted-types.txt")


def type_name(t):
    # skops' get_type_name: pickle.whichmodule(t, t.__name__) + "." + t.__name__
    return pickle.whichmodule(t, t.__name__) + "." + t.__name__


def public_type_names(module, oftype):
    prefix = module.__name__.rpartition(".")[0]
    out = set()
    for attr in dir(module):
        obj = getattr(module, attr)
        if issubclass(obj.__class__, oftype):
            n = type_name(obj)
            if n.startswith(prefix):
                out.add(n)
    return sorted(out)


def optional(module, names):
    out = []
    for n in names:
        try:
            mod = __import__(module, fromlist=[n])
            out.append(type_name(getattr(mod, n)))
        except (ImportError, AttributeError):
            pass
    return out


primitives = ["builtins." + t.__name__ for t in (int, float, str, bool)]
containers = ["builtins." + t.__name__ for t in (list, set, map, tuple)]
estimators = [type_name(c) for _, c in all_estimators() if type_name(c).startswith("sklearn.")]
internal = (optional("sklearn._loss.link", ["HalfLogitLink", "IdentityLink", "Interval",
                                             "LogitLink", "LogLink", "MultinomialLogit"])
            + optional("sklearn._loss.loss", ["AbsoluteError", "ExponentialLoss",
                                              "HalfBinomialLoss", "HalfGammaLoss",
                                              "HalfMultinomialLoss", "HalfPoissonLoss",
                                              "HalfSquaredError", "HuberLoss", "PinballLoss"])
            + optional("sklearn.ensemble._hist_gradient_boosting.binning", ["_BinMapper"])
            + optional("sklearn.ensemble._hist_gradient_boosting.predictor", ["TreePredictor"]))
internal = [n for n in internal if n.startswith("sklearn.")]
with warnings.catch_warnings():
    warnings.simplefilter("ignore", category=DeprecationWarning)
    scipy_ufuncs = public_type_names(scipy.special, np.ufunc)
numpy_ufuncs = public_type_names(np, np.ufunc)
dtypes = sorted({n for d in np.sctypeDict.values() if (n := type_name(d)).startswith("numpy")})
losses = (optional("sklearn.linear_model._sgd_fast", ["EpsilonInsensitive", "Hinge",
                                                       "ModifiedHuber",
                                                       "SquaredEpsilonInsensitive",
                                                       "SquaredHinge", "Huber", "Log",
                                                       "SquaredLoss"])
          + optional("sklearn._loss._loss", ["CyAbsoluteError", "CyExponentialLoss",
                                             "CyHalfBinomialLoss", "CyHalfGammaLoss",
                                             "CyHalfMultinomialLoss", "CyHalfPoissonLoss",
                                             "CyHalfSquaredError", "CyHalfTweedieLoss",
                                             "CyHalfTweedieLossIdentity", "CyHuberLoss",
                                             "CyPinballLoss"]))

# Which node kind trusts what by default (skops.io._general/_numpy/_scipy/_sklearn).
lists = {
    "object": estimators + internal,
    "function": scipy_ufuncs + numpy_ufuncs,
    "function0": scipy_ufuncs,
    "type": primitives + containers + dtypes,
    "json": primitives,
    "dict": ["builtins.dict", "collections.OrderedDict"],
    "defaultdict": ["collections.defaultdict"],
    "list": ["builtins.list"],
    "set": ["builtins.set"],
    "tuple": ["builtins.tuple"],
    "bytes": ["builtins.bytes"],
    "bytearray": ["builtins.bytearray"],
    "slice": ["builtins.slice"],
    "ndarray": [type_name(np.ndarray)] + dtypes,
    "maskedarray": [type_name(np.ma.MaskedArray)],
    "randomstate": [type_name(np.random.RandomState)],
    "generator": [type_name(np.random.Generator)],
    "sparse": [type_name(scipy.sparse.spmatrix)],
    "tree": optional("sklearn.tree._tree", ["Tree"]),
    "loss": losses,
    "deprecatedkeys": optional("sklearn.covariance._graph_lasso", ["_DictWithDeprecatedKeys"]),
}
with open(OUT, "w") as f:
    f.write("# skops.io default trusted types by node kind, computed with scikit-learn %s,"
            " numpy %s, scipy %s\n# by scripts/skops-trusted-types.py; format: <kind> <type>\n"
            % (sklearn.__version__, np.__version__, scipy.__version__))
    for kind, names in lists.items():
        for n in sorted(set(names)):
            f.write("%s %s\n" % (kind, n))
print("wrote", OUT)
