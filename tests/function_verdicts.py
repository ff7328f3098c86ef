"""scikit-learn's own verdict on generated calls of its validated functions.

Imports nothing but scikit-learn and the standard library, so that it runs in a
virtualenv of any catalogued release (``python function_verdicts.py CASES OUT``, as
tests/test_functions.py does for the older releases) as well as in the test process for
the installed one. A case is a dict:

- ``{"function": qualname, "parameter": name, "value": repr}``: does the validator reject
  the literal, run on the function's declared constraints (what ``@validate_params`` runs
  before the function body)?
- ``{"function": qualname, "args": n, "kwargs": [names]}``: does the signature refuse
  ``n`` positional arguments and those keywords (``inspect.Signature.bind_partial``)?

The verdict is True when scikit-learn rejects the call.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import sys
from typing import Any

from sklearn.utils._param_validation import InvalidParameterError, validate_parameter_constraints


def function(qualname: str) -> Any:
    module, _, name = qualname.rpartition(".")
    return getattr(importlib.import_module(module), name)


def rejects(case: dict[str, Any]) -> bool:
    called = function(case["function"])
    if "parameter" in case:
        name = case["parameter"]
        try:
            validate_parameter_constraints(
                {name: called._skl_parameter_constraints[name]},
                {name: ast.literal_eval(case["value"])},
                caller_name="f",
            )
        except InvalidParameterError:
            return True
        return False
    try:
        inspect.signature(called).bind_partial(*[1] * case["args"], **dict.fromkeys(case["kwargs"], 1))
    except TypeError:
        return True
    return False


def main(argv: list[str]) -> int:
    with open(argv[0]) as cases:
        verdicts = [rejects(case) for case in json.load(cases)]
    with open(argv[1], "w") as out:
        json.dump(verdicts, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
