"""The JUnit XML format: one test case per rule and file with findings, for CI test-report views."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from styr.characters import shown_text
from styr.diagnostics import Diagnostic
from styr.render.common import Reporter, display_path, fails, summary_sentence
from styr.rules.outcome import ValidationOutcome

SUITE = "styr validate"


# Every text is passed through shown_text: XML 1.0 cannot carry most control characters, even escaped, and a
# message may quote a file name or a value.


def _finding(d: Diagnostic) -> str:
    where = f"{d.path}:{d.line}:{d.column}" if d.path else "(hela målrepositoriet)"
    line = f"{where}  {d.severity.swedish}  {d.code}  {d.message}"
    return f"{line}\n  tips: {d.hint}" if d.hint else line


class JunitReporter(Reporter):
    """A failure per test case with errors (warnings too under --strict); other findings go to system-out.

    `file_attributes` adds `file` and `line` to test cases, which GitLab shows and links; the strict
    JUnit 10 schema has no such attributes, so they can be turned off.
    """

    name = "junit"

    def __init__(self, color: bool = False, width: int = 100, *, file_attributes: bool = True) -> None:
        super().__init__(color, width)
        self.file_attributes = file_attributes

    def render(self, outcome: ValidationOutcome) -> str:
        groups: dict[tuple[str, str], list[Diagnostic]] = {}
        for d in outcome.diagnostics:
            groups.setdefault((d.code, d.path), []).append(d)
        root = ET.Element("testsuites", name="styr")
        suite = ET.SubElement(root, "testsuite", name=SUITE)
        failures = 0
        for (code, path), found in sorted(groups.items()):
            failures += self._case(suite, outcome, code, path, found)
        if not groups:
            # A clean run still reports one passing test, so CI shows "1 passed" rather than nothing.
            case = ET.SubElement(suite, "testcase", name=SUITE, classname="styr")
            ET.SubElement(case, "system-out").text = summary_sentence(outcome)
        tests = str(max(len(groups), 1))
        for element in (root, suite):
            element.set("tests", tests)
            element.set("failures", str(failures))
            element.set("errors", "0")
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

    def _case(
        self, suite: ET.Element, outcome: ValidationOutcome, code: str, path: str, found: Sequence[Diagnostic]
    ) -> int:
        """Add one test case; returns 1 when it failed."""
        rule = outcome.rules.get(code)
        case = ET.SubElement(suite, "testcase", name=shown_text(f"{code} {display_path(path)}"), classname=code)
        if self.file_attributes:
            case.set("file", shown_text(display_path(path)))
            case.set("line", str(max(found[0].line, 1)))
        failing = [d for d in found if fails(outcome, d)]
        passing = [d for d in found if not fails(outcome, d)]
        if failing:
            title = f"{code} {rule.summary.rstrip('.')}" if rule else code
            failure = ET.SubElement(case, "failure", type=code, message=shown_text(f"{title}: {failing[0].message}"))
            failure.text = shown_text("\n".join(_finding(d) for d in failing))
        if passing:
            ET.SubElement(case, "system-out").text = shown_text("\n".join(_finding(d) for d in passing))
        return 1 if failing else 0
