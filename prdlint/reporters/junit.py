"""JUnit XML: one test case per file; each finding at or above the severity threshold is a failure.

Findings below the threshold do not fail the test case (the run's exit code ignores them too);
they are listed in its ``<system-out>``. A file prdlint could not lint (an internal error) is an
``<error>``. Characters XML 1.0 cannot carry (control characters other than tab, LF and CR) are
replaced with U+FFFD, so any document gives well-formed XML.
"""

from __future__ import annotations

import re
from typing import TextIO
from xml.etree import ElementTree as ET

from prdlint.engine.finding import Finding
from prdlint.reporters.base import Report
from prdlint.reporters.common import rule_url, severity_first

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _describe(finding: Finding) -> str:
    return (
        f"{finding.path}:{finding.line}:{finding.col}: {finding.code} {finding.name} "
        f"[{finding.severity.value}] {finding.message}"
    )


def junit_tree(report: Report) -> ET.Element:
    threshold = report.threshold.rank
    suites = ET.Element("testsuites", name="prdlint")
    suite = ET.SubElement(suites, "testsuite", name="prdlint")
    tests = failed = errored = 0
    for result in sorted(report.files, key=lambda r: r.path):
        tests += 1
        path = xml_text(result.path)
        case = ET.SubElement(suite, "testcase", classname="prdlint", name=path, file=path, time="0")
        failing = [f for f in severity_first(result.findings) if f.severity.rank >= threshold]
        for finding in failing:
            failure = ET.SubElement(
                case, "failure", type=finding.code, message=xml_text(f"{finding.code} {finding.message}")
            )
            failure.text = xml_text(f"{_describe(finding)}\nSee {rule_url(finding.code, finding.name)}")
        for problem in result.errors:
            ET.SubElement(case, "error", type="internal-error", message=xml_text(problem))
        below = [f for f in severity_first(result.findings) if f.severity.rank < threshold]
        if below:
            out = ET.SubElement(case, "system-out")
            out.text = xml_text("\n".join(_describe(f) for f in below))
        failed += bool(failing)
        errored += bool(result.errors)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failed))
        element.set("errors", str(errored))
        element.set("time", "0")
    suite.set("skipped", "0")
    return suites


class JunitReporter:
    def render(self, report: Report, stream: TextIO) -> None:
        tree = junit_tree(report)
        ET.indent(tree)
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(ET.tostring(tree, encoding="unicode"))
        stream.write("\n")
