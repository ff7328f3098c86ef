"""Each rule's page exists, is well formed, and its examples behave as the page says."""

from __future__ import annotations

import re

import pytest

from pathlib import Path

from hplint.config import Settings
from hplint.docs import rule_page
from hplint.engine import lint_source
from hplint.fixfiles import fix_bytes
from hplint.rules import PREVIEW_NOTE, RULES, Rule

from conftest import findings

SECTIONS = ["What it does", "Why is this bad?", "Example", "Use instead", "Options", "Fix safety"]
# Optional, after "Why is this bad?" (ruff's place for it): where the rule is known to be
# wrong, measured on real code, and what to do then.
KNOWN_PROBLEMS = "Known problems"


def python_block(page: str, section: str) -> str | None:
    """The first ```python block under `## section`, or None when it has none."""
    match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    assert match, f"missing section {section!r}"
    block = re.search(r"```python\n(.*?)```", match.group(1), re.S)
    return block.group(1) if block else None


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_page_has_title_and_sections(rule: Rule) -> None:
    page = rule_page(rule.code)
    assert page is not None, f"rules/{rule.code}.md is missing"
    assert page.splitlines()[0] == f"# {rule.name} ({rule.code})"
    headings = re.findall(r"^## (.+)$", page, re.M)
    if KNOWN_PROBLEMS in headings:
        assert headings.index(KNOWN_PROBLEMS) == SECTIONS.index("Why is this bad?") + 1
        headings.remove(KNOWN_PROBLEMS)
    assert headings == SECTIONS


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_triggers_and_fix_does_not(rule: Rule) -> None:
    page = rule_page(rule.code)
    assert page is not None
    example = python_block(page, "Example")
    fixed = python_block(page, "Use instead")
    if rule.code in ("HP000", "HP002"):
        # HP002's example is bytes on disk, which a code block cannot hold; HP000's is a bug
        # in hplint, which no Python source is meant to trigger. Both are tested end to end.
        return
    assert example is not None and fixed is not None
    assert rule.code in {code for _, code in findings(example, preview=rule.preview)}
    assert findings(fixed, preview=rule.preview) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_fix_safety_matches_the_fixes_and_fixing_the_example_works(rule: Rule) -> None:
    page = rule_page(rule.code)
    assert page is not None
    example = python_block(page, "Example")
    if example is None:
        return
    only = Settings(select=(rule.code,), preview=rule.preview)
    found = [d for d in lint_source(example, "example.py", only) if d.code == rule.code]
    fixable = [d for d in found if d.fix is not None]
    safety = re.search(r"^## Fix safety\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    assert safety is not None
    assert ("No fix is offered" in safety.group(1)) == (not fixable)
    if not fixable:
        return
    assert all(f"**{d.fix.applicability}**" in safety.group(1) for d in fixable if d.fix is not None)
    done = fix_bytes(Path("example.py"), example.encode(), only, unsafe=True)
    after = [d for d in done.result.diagnostics if d.code == rule.code]
    assert len(after) == len(found) - len(fixable)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_page_says_whether_the_rule_is_in_preview(rule: Rule) -> None:
    page = rule_page(rule.code)
    assert page is not None
    lines = page.splitlines()
    assert (lines[2] == PREVIEW_NOTE) is rule.preview, "a preview rule's page has the note under its title"
    assert (PREVIEW_NOTE in page) is rule.preview
