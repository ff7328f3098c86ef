"""The README and the documentation site: the README's first example is the command's
real output, the quick test loop is documented, internals live in docs/; the site builds
offline with MkDocs, and the JSON, SARIF and language-server links follow `docs-url`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_hplint, write

README = (ROOT / "README.md").read_text(encoding="utf-8")
TYPO = "from sklearn.svm import SVC\nSVC(gama=0.1)\n"


def test_the_first_example_is_the_real_output(tmp_path: Path) -> None:
    block = re.search(r"```console\n\$ (hplint [^\n]+)\n(.*?)```", README, re.S)
    assert block is not None and README.index(block.group(0)) < README.index("\n## ")
    command, shown = block.group(1).split(), block.group(2)
    done = run_hplint(*command[1:], cwd=ROOT, env={"HPLINT_CACHE_DIR": str(tmp_path / "cache")})
    assert done.stdout == shown
    assert done.returncode == 1


def test_readme_documents_the_quick_loop_and_leaves_internals_to_docs() -> None:
    assert 'pytest -m "not slow"' in README
    assert "## Performance\n" not in README and "## The catalog\n" not in README
    for link in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (ROOT / link).is_file(), link
    assert (ROOT / "docs/performance.md").read_text(encoding="utf-8").startswith("# Performance\n")
    assert (ROOT / "docs/catalog.md").read_text(encoding="utf-8").startswith("# The catalog\n")


def test_the_site_builds_offline_with_every_rule_page(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    site = tmp_path / "site"
    # Any attempt to reach the network fails fast.
    env = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/build-docs"), str(site), "--site-url", "https://hplint.example/docs/"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    from hplint.rules import RULES

    index = (site / "rules/index.html").read_text(encoding="utf-8")
    for rule in RULES:
        page = (site / "rules" / rule.code / "index.html").read_text(encoding="utf-8")
        assert f"{rule.name} ({rule.code})" in page
        assert ("in preview" in page) is rule.preview
        assert rule.code in index
    assert all((site / page / "index.html").is_file() for page in ("performance", "catalog", "ruff"))
    assert "https://hplint.example/docs/rules/HP401/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_json_and_sarif_link_rule_pages_only_with_docs_url(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": TYPO})
    plain = json.loads(run_hplint("check", "-n", "--output-format", "json", "train.py", cwd=tmp_path).stdout)
    assert plain[0]["url"] is None
    url = "https://hplint.example/docs/"
    write(tmp_path, {"hplint.toml": f'docs-url = "{url}"\n'})
    linked = json.loads(run_hplint("check", "-n", "--output-format", "json", "train.py", cwd=tmp_path).stdout)
    assert linked[0]["url"] == "https://hplint.example/docs/rules/HP401/"
    lines = run_hplint("check", "-n", "--output-format", "json-lines", "train.py", cwd=tmp_path).stdout
    assert json.loads(lines.splitlines()[0])["url"] == "https://hplint.example/docs/rules/HP401/"
    sarif = json.loads(run_hplint("check", "-n", "--output-format", "sarif", "train.py", cwd=tmp_path).stdout)
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["HP401"]["helpUri"] == "https://hplint.example/docs/rules/HP401/"
    override = run_hplint("check", "-n", "--output-format", "json", "--config", "docs-url = 'https://other.example'", "train.py", cwd=tmp_path)
    assert json.loads(override.stdout)[0]["url"] == "https://other.example/rules/HP401/"
    bad = run_hplint("check", "-n", "--config", "docs-url = 'docs'", "train.py", cwd=tmp_path)
    assert bad.returncode == 2 and "`docs-url`: expected the http(s) URL" in bad.stderr


def test_the_language_server_links_rule_pages_only_with_docs_url(tmp_path: Path) -> None:
    server = pytest.importorskip("hplint.server")
    from hplint.engine import lint_source

    (finding,) = [d for d in lint_source(TYPO, "t.py") if d.code == "HP401"]
    lsp = server.HplintServer()
    lines = TYPO.splitlines(keepends=True)
    assert lsp._to_lsp(lines, finding, "utf-16").code_description is None
    linked = lsp._to_lsp(lines, finding, "utf-16", "https://hplint.example/docs")
    assert linked.code_description.href == "https://hplint.example/docs/rules/HP401/"
