"""``--output-format junit``: one ``testsuite`` per file, one failed ``testcase`` per finding.

The shape is ruff's (and what Jenkins, GitLab and GitHub test reporters read): when
nothing is found, one passing test case says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO
from xml.etree import ElementTree as ET

from hplint.diagnostics import FileResult
from hplint.report.paths import display_path


def write(results: Sequence[FileResult], stream: TextIO) -> None:
    total = sum(len(result.diagnostics) for result in results)
    root = ET.Element(
        "testsuites", name="hplint", tests=str(max(total, 1)), failures=str(total), errors="0"
    )
    if total == 0:
        suite = ET.SubElement(
            root, "testsuite", name="hplint", tests="1", disabled="0", errors="0", failures="0",
            package="org.hplint",
        )  # fmt: skip
        ET.SubElement(suite, "testcase", name="No errors found", classname="hplint")
    for result in results:
        if not result.diagnostics:
            continue
        path = display_path(result.path)
        count = str(len(result.diagnostics))
        suite = ET.SubElement(
            root, "testsuite", name=path, tests=count, disabled="0", errors="0", failures=count,
            package="org.hplint",
        )  # fmt: skip
        classname = path.rsplit(".", 1)[0].replace("/", ".")
        for d in result.diagnostics:
            case = ET.SubElement(
                suite, "testcase", name=f"org.hplint.{d.code}", classname=classname,
                line=str(d.start.row), column=str(d.start.column),
            )  # fmt: skip
            failure = ET.SubElement(case, "failure", message=d.message)
            failure.text = f"line {d.start.row}, col {d.start.column}, {d.message}"
    ET.indent(root, space="    ")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
