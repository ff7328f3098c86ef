"""Put on PYTHONPATH by tests/test_server.py: in every interpreter started with it (the
language server and its lint process), ``engine.lint_source_tuning`` (which
``lint_source`` calls) raises on text containing "boom", an internal error in one request."""

import hplint.engine as engine

_real = engine.lint_source_tuning


def _lint_source(source, *args, **kwargs):  # type: ignore[no-untyped-def]
    if "boom" in source:
        raise RuntimeError("boom")
    return _real(source, *args, **kwargs)


engine.lint_source_tuning = _lint_source
