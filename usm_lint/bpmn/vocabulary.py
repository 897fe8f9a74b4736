"""The parts of BPMN 2.0 (and of the engines' extensions) the importer reads.

Elements are matched by namespace and local name, so any prefix a tool binds
(`bpmn:`, `bpmn2:`, `semantic:`, none) reads the same. Engine extensions are
matched by local name in whatever namespace the tool uses: Camunda 7,
Activiti and Flowable put attributes on the task (`camunda:assignee`),
Camunda 8 (Zeebe) puts elements inside `extensionElements`.
"""

from __future__ import annotations

from typing import Literal

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DIAGRAM_NAMESPACES = frozenset({
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "http://www.omg.org/spec/DD/20100524/DC",
    "http://www.omg.org/spec/DD/20100524/DI",
})

TASKS = {
    "task": "task", "userTask": "user task", "manualTask": "manual task",
    "serviceTask": "service task", "scriptTask": "script task", "sendTask": "send task",
    "receiveTask": "receive task", "businessRuleTask": "business rule task",
}
CONTAINERS = {
    "subProcess": "sub-process", "transaction": "transaction",
    "adHocSubProcess": "ad hoc sub-process",
}
"""Activities that hold flow elements (and so activities) of their own."""
ACTIVITIES = {**TASKS, **CONTAINERS, "callActivity": "call activity"}
"""Every BPMN activity, with its name in words."""

AUTOMATED = frozenset({"serviceTask", "scriptTask"})
"""Tasks whose kind itself is a how: software does them."""

RESOURCE_ROLES = {
    "performer": "performer", "humanPerformer": "human performer",
    "potentialOwner": "potential owner",
}

TIMER = "timerEventDefinition"
TIME_EXPRESSIONS = ("timeDuration", "timeDate", "timeCycle")

Facet = Literal["who", "how"]

ENGINE_ATTRIBUTES: dict[str, tuple[Facet, str]] = {
    "assignee": ("who", "assignee"),
    "candidateUsers": ("who", "candidate users"),
    "candidateGroups": ("who", "candidate groups"),
    "class": ("how", "implementation class"),
    "delegateExpression": ("how", "delegate expression"),
    "expression": ("how", "expression"),
    "formKey": ("how", "form"),
    "topic": ("how", "external task topic"),
}
"""Attributes on an activity, in an engine's namespace."""

ENGINE_ELEMENTS: dict[tuple[str, str], tuple[Facet, str]] = {
    ("assignmentDefinition", "assignee"): ("who", "assignee"),
    ("assignmentDefinition", "candidateUsers"): ("who", "candidate users"),
    ("assignmentDefinition", "candidateGroups"): ("who", "candidate groups"),
    ("taskDefinition", "type"): ("how", "job type"),
    ("formDefinition", "formKey"): ("how", "form"),
    ("formDefinition", "formId"): ("how", "form"),
    ("calledDecision", "decisionId"): ("how", "decision"),
}
"""(element, attribute) inside an activity's `extensionElements`."""

ENGINE_TEXTS: dict[str, tuple[Facet, str]] = {
    "connectorId": ("how", "connector"),
}
"""Elements inside an activity's `extensionElements` whose text says something
(Camunda 7's `<camunda:connector><camunda:connectorId>http-connector`)."""
