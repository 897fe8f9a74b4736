"""The `E` rules: input that leaves the model unreadable or ambiguous.

They are reported by the loader, the parser and the resolver (not by checks
over a finished model), are always errors, and cannot be suppressed or
deselected.
"""

from __future__ import annotations

from usm_lint.findings import Severity
from usm_lint.rule import Rule

TOPIC = "E  the model must be readable"

E001 = Rule(
    code="E001",
    name="syntax-error",
    severity=Severity.ERROR,
    topic=TOPIC,
    summary="The text does not parse.",
    rationale=(
        "A statement that does not parse is left out of the model, so every "
        "other check would judge an incomplete model. The parser recovers at "
        "the next statement or declaration and reports each independent "
        "mistake once."
    ),
    failing='process Recover\n    code INC\n}\n',
    passing='process Recover {\n    code INC\n}\n',
    bpmn=(
        "A `.bpmn` file is E001 when its XML is not well-formed, when it has a DOCTYPE "
        "(refused: a DTD is how entity expansion bombs and external entities get in, and "
        "BPMN needs none), when its elements nest more than 200 deep, or when its root is "
        "not BPMN 2.0's `definitions`. Reading stops there: the file adds nothing to the model."
    ),
)

E002 = Rule(
    code="E002",
    name="unknown-reference",
    severity=Severity.ERROR,
    topic=TOPIC,
    summary="A name is used that is declared nowhere in the workspace.",
    rationale=(
        "References tie the model together: flows, subprocess lists, workflow "
        "steps and practices point at processes and activities. A reference "
        "to nothing is a typo or a missing declaration."
    ),
    failing='model M {\n    processes Recover, Operate\n}\n\nprocess Recover {\n}\n',
    passing='model M {\n    processes Recover\n}\n\nprocess Recover {\n}\n',
)

E003 = Rule(
    code="E003",
    name="duplicate-declaration",
    severity=Severity.ERROR,
    topic=TOPIC,
    summary="A name, a process code or a single statement is declared twice.",
    rationale=(
        "Each name stands for one thing in its namespace; two declarations of "
        "one name (or two `purpose` statements in one process) make every "
        "reference to it ambiguous."
    ),
    failing='process Recover {\n    code INC\n    code RCV\n}\n',
    passing='process Recover {\n    code INC\n}\n',
)

E004 = Rule(
    code="E004",
    name="unreadable-file",
    severity=Severity.ERROR,
    topic=TOPIC,
    summary="A path cannot be read (missing, permission, not a regular file, directory loop).",
    rationale="A file that cannot be read cannot be checked; saying so beats silence.",
    failing=None,
    passing=None,
)

E005 = Rule(
    code="E005",
    name="bad-encoding",
    severity=Severity.ERROR,
    topic=TOPIC,
    summary="The file is not UTF-8, holds control characters, or is over `max-file-bytes`.",
    rationale=(
        "Model files are UTF-8 text. Other encodings, binary content and "
        "oversized files are refused before parsing (an oversized file before "
        "it is read whole)."
    ),
    failing='process Recover {\n    code\x00INC\n}\n',
    passing='process Recover {\n    code INC\n}\n',
)

E006 = Rule(
    code="E006",
    name="repeated-entry",
    severity=Severity.ERROR,
    topic=TOPIC,
    summary="A list names the same thing twice (`processes Recover, Recover`).",
    rationale=(
        "A list (a model's `processes`, a flow's targets, a subprocess's "
        "`activities`, a practice's `realised-by`, `role` or `tool`) names each "
        "thing once; a repeat is a slip that hides what was meant, and every "
        "check of the list would judge the entry twice. Reported at the repeat."
    ),
    failing='model M {\n    processes Recover, Recover\n}\n\nprocess Recover {\n}\n',
    passing='model M {\n    processes Recover\n}\n\nprocess Recover {\n}\n',
)

ERROR_RULES: tuple[Rule, ...] = (E001, E002, E003, E004, E005, E006)
