"""JUnit XML (the Jenkins xUnit schema): one testsuite per run, one testcase
per file with findings, its findings joined in one `<failure>`.

The reporter knows the number of files checked but not their names, so clean
files get no testcase; a run without findings is one passing testcase.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import groupby

from usm_lint.findings import Finding, Severity
from usm_lint.report import Report
from usm_lint.report.paths import located, repo_root

NAME = "usm-lint"
# Characters XML 1.0 cannot hold, even escaped (and lone surrogates, which
# undecodable file names bring): replaced, so the output always parses.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def counts(findings: list[Finding]) -> str:
    """"2 errors, 1 warning, 1 info", as the text format's summary counts."""
    by_severity = Counter(f.severity for f in findings)
    parts = []
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"),
                           (Severity.INFO, "info")):
        count = by_severity[severity]
        if count:
            parts.append(f"{count} {word}{'s' if count != 1 and word != 'info' else ''}")
    return ", ".join(parts)


def line(relative: str, f: Finding) -> str:
    return (f"{relative}:{f.span.line}:{f.span.column}: {f.code} [{f.severity.label}] "
            f"{f.message}")


def document(report: Report) -> ET.Element:
    pairs = located(report, repo_root(report.cwd), display=True)
    suites = ET.Element("testsuites", name=NAME)
    suite = ET.SubElement(suites, "testsuite", name=NAME)
    files = [(relative, [f for _, f in group])
             for relative, group in groupby(pairs, key=lambda pair: pair[0])]
    for relative, findings in files:
        case = ET.SubElement(suite, "testcase", name=_xml(relative), classname=NAME)
        failure = ET.SubElement(case, "failure", message=counts(findings), type=NAME)
        failure.text = _xml("\n".join(line(relative, f) for f in findings))
    if not files:
        ET.SubElement(suite, "testcase", name=NAME, classname=NAME)
    tests, failures = max(1, len(files)), len(files)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
    return suites


def render(report: Report) -> str:
    root = document(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
