"""Preview mode (ruff's model): a rule in preview runs only when preview is on.

No shipped rule has to be in preview for these tests: a test-only rule, HP999, is added to
the registry and the checks for the duration of a test (the ``preview_rule`` fixture).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import hplint.config
import hplint.rules
from hplint.cli import _fingerprint, main
from hplint.config import ConfigError, Settings, resolve_settings
from hplint.engine import lint_source
from hplint.model import ModuleFacts
from hplint.rules import BY_CODE, RULES, Rule
from hplint.rules.checks import CHECKS
from hplint.rules.types import Violation

CODE = "HP999"
SOURCE = "import sklearn\n"


def _first_statement(facts: ModuleFacts) -> Iterator[Violation]:
    yield Violation(CODE, "the first statement", facts.module.body[0], 0)


@pytest.fixture
def preview_rule(monkeypatch: pytest.MonkeyPatch) -> Rule:
    rule = Rule(CODE, "test-preview-rule", "A rule that exists only in this test.", preview=True)
    monkeypatch.setattr(hplint.rules, "RULES", (*RULES, rule))
    by_code = {**BY_CODE, CODE: rule}
    monkeypatch.setattr(hplint.rules, "BY_CODE", by_code)
    monkeypatch.setattr(hplint.config, "BY_CODE", by_code)
    monkeypatch.setitem(CHECKS, CODE, _first_statement)  # type: ignore[index]
    return rule


def codes(settings: Settings) -> list[str]:
    return [d.code for d in lint_source(SOURCE, "t.py", settings)]


@pytest.mark.parametrize(
    ("settings", "enabled"),
    [
        (Settings(), False),  # the default selection (HP): not without preview
        (Settings(select=(CODE,)), False),  # not even by its exact code
        (Settings(extend_select=(CODE,)), False),
        (Settings(preview=True), True),  # with preview, any selector that matches
        (Settings(preview=True, select=("HP9",)), True),
        (Settings(preview=True, select=(CODE,)), True),
        (Settings(preview=True, ignore=(CODE,)), False),
        (Settings(preview=True, select=("HP4",)), False),
        (Settings(preview=True, explicit_preview_rules=True), False),  # a prefix is not enough
        (Settings(preview=True, explicit_preview_rules=True, select=("HP9",)), False),
        (Settings(preview=True, explicit_preview_rules=True, extend_select=(CODE,)), True),
    ],
)
def test_a_preview_rule_runs_only_in_preview(preview_rule: Rule, settings: Settings, enabled: bool) -> None:
    assert settings.enabled(CODE) is enabled
    assert (CODE in settings.enabled_codes()) is enabled
    assert (CODE in codes(settings)) is enabled


def test_stable_rules_do_not_depend_on_preview(preview_rule: Rule) -> None:
    stable = {rule.code for rule in RULES if not rule.preview}
    for settings in (Settings(), Settings(preview=True), Settings(preview=True, explicit_preview_rules=True)):
        assert {c for c in settings.enabled_codes() if c in stable} == stable
    # ... and without preview, nothing else: no shipped preview rule is on by default.
    assert set(Settings().enabled_codes()) == stable


def test_selecting_only_preview_rules_without_preview_is_named(preview_rule: Rule) -> None:
    assert Settings(select=(CODE, "HP4")).inert_selectors() == (CODE,)
    assert Settings(extend_select=("HP9",)).inert_selectors() == ("HP9",)
    assert Settings(select=("HP",)).inert_selectors() == ()  # it matches stable rules too
    assert Settings(select=(CODE,), preview=True).inert_selectors() == ()


def test_preview_keys_are_read_from_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "hplint.toml"
    config.write_text("preview = true\nexplicit-preview-rules = true\n", encoding="utf-8")
    settings = resolve_settings(None, False, cwd=tmp_path)
    assert settings.preview and settings.explicit_preview_rules
    config.write_text('preview = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"`preview`: expected true or false"):
        resolve_settings(None, False, cwd=tmp_path)


def test_the_cache_key_includes_preview() -> None:
    assert _fingerprint(Settings()) != _fingerprint(Settings(preview=True))
    assert _fingerprint(Settings(preview=True)) != _fingerprint(replace(Settings(preview=True), explicit_preview_rules=True))


def _check(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    (tmp_path / "t.py").write_text(SOURCE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--output-format", "concise", *args, str(tmp_path / "t.py")])
    return result.exit_code, result.stdout, result.stderr


def test_check_preview_flag_and_configuration(preview_rule: Rule, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = _check(tmp_path, "--select", CODE)
    assert status == 0 and CODE not in out
    assert f"hplint: warning: Selection `{CODE}` has no effect because preview is not enabled." in err
    status, out, err = _check(tmp_path, "--select", CODE, "--preview")
    assert status == 1 and f"{CODE} the first statement" in out and "warning" not in err
    (tmp_path / "hplint.toml").write_text("preview = true\n", encoding="utf-8")
    status, out, _ = _check(tmp_path)
    assert status == 1 and CODE in out
    status, out, err = _check(tmp_path, "--no-preview")  # the flag wins over the file
    assert status == 0 and CODE not in out and "warning" not in err  # HP matches stable rules


def test_rule_command_says_preview(preview_rule: Rule) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["rule", "--all"]).stdout.splitlines()
    preview = {r.code for r in hplint.rules.RULES if r.preview}
    assert CODE in preview
    assert all(("(preview)" in row) is (row.split()[0] in preview) for row in listing)
    rows = json.loads(runner.invoke(main, ["rule", "--all", "--output-format", "json"]).stdout)
    assert {row["code"]: row["preview"] for row in rows} == {r.code: r.code in preview for r in hplint.rules.RULES}
    assert "(preview)" in runner.invoke(main, ["rule", CODE]).stdout  # no page: the summary line
    assert json.loads(runner.invoke(main, ["rule", CODE, "--output-format", "json"]).stdout)["preview"] is True
    assert json.loads(runner.invoke(main, ["rule", "HP401", "--output-format", "json"]).stdout)["preview"] is False


def test_language_server_takes_preview_from_initialization_options() -> None:
    server = pytest.importorskip("hplint.server")
    options, problems = server.parse_options({"preview": True})
    assert problems == [] and options.apply(Settings()).preview is True
    options, _ = server.parse_options({})
    assert options.apply(Settings(preview=True)).preview is True  # the configuration's stays
    options, problems = server.parse_options({"preview": "yes"})
    assert problems == ["`preview` must be true or false, not 'yes'"] and options.preview is None
