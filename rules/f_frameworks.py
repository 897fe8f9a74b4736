"""Framework practices: claims on ITIL, COBIT, FitSM, ASL, BiSL and ISO 20000.

A practice claims a framework's practice (`framework ITIL4 "Incident
management"`); for the catalogued frameworks (ITIL4, ITILv3, COBIT2019,
COBIT5, FitSM, ASL2, BiSL, ISO20000) the name must be the catalogue's, or
`usm-lint coverage` cannot count it. The who (`role`) and the how (`tool`)
of a practice must be declared as such.
"""

from __future__ import annotations

from collections.abc import Iterator

from usm_lint.findings import Hit, Severity
from usm_lint.rule import Context, rule
from usm_lint.rules.helpers import catalogues

TOPIC = "F framework practices are realised through the processes"

_ENTRY = {"ITIL4": "an ITIL4 practice", "ITILv3": "an ITILv3 process",
          "FitSM": "a FitSM process", "COBIT2019": "a COBIT2019 objective",
          "COBIT5": "a COBIT5 process", "ASL2": "an ASL2 process", "BiSL": "a BiSL process",
          "ISO20000": "an ISO20000 clause 8 process"}

_BASE = ('model Acme {\n    processes Agree\n}\n\n'
         'process Agree {\n    activity negotiate "Negotiate the service levels"\n}\n\n')


@rule(
    code="F001", name="unknown-framework-practice", severity=Severity.WARNING, topic=TOPIC,
    summary="A `framework` claim names something that is not in that framework's catalogue.",
    failing=_BASE + 'practice ServiceLevels {\n    framework ITIL4 "Service level managment"\n'
            '    realised-by Agree\n}\n',
    passing=_BASE + 'practice ServiceLevels {\n    framework ITIL4 "Service level management"\n'
            '    realised-by Agree\n}\n',
)
def unknown_framework_practice(ctx: Context) -> Iterator[Hit]:
    """USM claims that every practice of ITIL 4 (34), ITIL v3 (26), COBIT (the 29
    management processes of COBIT 5; COBIT 2019's 40 objectives), FitSM (14),
    ASL 2 (26), BiSL (23) and the processes of ISO/IEC 20000-1 is realised
    through its processes; a model proves
    it for itself with `usm-lint coverage`. A claim that misspells or invents a
    framework's practice proves nothing: coverage counts exact catalogue names
    only. Matching ignores case, "&" for "and", hyphens and British or American
    spelling; other framework ids are not checked."""
    for practice in ctx.index.practices.values():
        for claim in practice.frameworks:
            framework = catalogues.canonical(claim.framework.value)
            if framework is None or catalogues.match(framework, claim.practice.value):
                continue
            close = catalogues.closest(framework, claim.practice.value)
            hint = (f"; did you mean \"{close}\"?" if close
                    else f"; `usm-lint coverage --framework {framework}` lists them all.")
            yield Hit(claim.practice.span,
                      f"\"{claim.practice.value}\" is not {_ENTRY[framework]}{hint} Coverage "
                      "counts only the catalogue's names")


@rule(
    code="F002", name="practice-role-or-tool-unknown", severity=Severity.ERROR, topic=TOPIC,
    summary="A practice's `role` or `tool` names something declared, but of another kind.",
    failing=_BASE + 'tool ServiceNow "ServiceNow"\n\npractice ServiceLevels {\n'
            '    realised-by Agree\n    role ServiceNow\n}\n',
    passing=_BASE + 'role ServiceManager "Service level manager"\ntool ServiceNow "ServiceNow"'
            '\n\npractice ServiceLevels {\n    realised-by Agree\n    role ServiceManager\n'
            '    tool ServiceNow\n}\n',
)
def practice_role_or_tool_unknown(ctx: Context) -> Iterator[Hit]:
    """Practices are where the who and the how belong: a `role` names a declared
    role, a `tool` a declared tool. Naming a tool as the role (or a process as
    the tool) mixes up the who, the how and the what the model keeps apart."""
    index = ctx.index
    for practice in index.practices.values():
        for wanted, names, table in (("role", practice.roles, index.roles),
                                     ("tool", practice.tools, index.tools)):
            for name in names:
                if name.value in table:
                    continue
                kind = index.kind_of(name.value)
                if kind is None:
                    continue  # undeclared: E002
                yield Hit(name.span,
                          f"practice `{practice.name.value}` gives `{name.value}` as its "
                          f"{wanted}, but `{name.value}` is a {kind}: declare the {wanted} "
                          f"(`{wanted} NAME \"label\"`) and name it here")
