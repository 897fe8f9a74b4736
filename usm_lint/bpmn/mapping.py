"""BPMN elements -> USM processes and activities, with what else BPMN states.

The mapping (README "BPMN"):

- each `process` -> a process, named by its `name`, else by its pool's (the
  participant that references it), else by its id;
- tasks of every kind, call activities and sub-processes, at any depth -> its
  activities, in flow order (order.py); an activity's text is its BPMN name
  (line breaks read as spaces), its name an identifier made from that text;
- named lanes, performers, potential owners and engine assignees -> the who;
  service and script tasks, engine implementations and forms -> the how;
  timers -> practical conditions (`BpmnFacts`, which rules C0101, C0102 and
  C0401 report).

Spans start at an element's start tag; a name or text spans its attribute's
value, so an editor underlines the very words.
"""

from __future__ import annotations

from usm_lint.bpmn.identifiers import snake, unique
from usm_lint.bpmn.order import activities_in_order
from usm_lint.bpmn.positions import Positions
from usm_lint.bpmn.reader import Element, ReadError
from usm_lint.bpmn.vocabulary import (
    ACTIVITIES,
    AUTOMATED,
    ENGINE_ATTRIBUTES,
    ENGINE_ELEMENTS,
    ENGINE_TEXTS,
    MODEL,
    RESOURCE_ROLES,
    TIME_EXPRESSIONS,
    TIMER,
    Facet,
)
from usm_lint.model import Activity, BpmnFacts, Detail, Name, Process, Span, Text

TIMER_KINDS = {"startEvent": "timer start event", "boundaryEvent": "boundary timer"}
SCRIPT_SHOWN = 60
"""Characters of a script quoted in a message."""


def _clean(text: str | None) -> str:
    """BPMN names carry the diagram's line breaks: read them as spaces."""
    return " ".join((text or "").split())


def _children(element: Element, name: str) -> list[Element]:
    return [c for c in element.children if c.namespace == MODEL and c.name == name]


class _Mapper:
    def __init__(self, root: Element, positions: Positions) -> None:
        self.positions = positions
        self.by_id = {e.get("id"): e for e in root.walk() if e.get("id")}
        self.pools: dict[str | None, Element] = {}
        for collaboration in _children(root, "collaboration"):
            for participant in _children(collaboration, "participant"):
                if participant.get("processRef"):  # a pool with none draws no process
                    self.pools.setdefault(participant.get("processRef"), participant)

    # ---- spans ------------------------------------------------------------
    def tag(self, element: Element) -> Span:
        start = element.start
        return self.positions.span(start, max(self.positions.tag_end(start), start + 1))

    def whole(self, element: Element) -> Span:
        return self.positions.span(element.start, element.end)

    def value(self, element: Element, attribute: str, prefixed: bool = False) -> Span:
        """Where an attribute's value is written (the start tag if it is not found)."""
        found = self.positions.attribute(element.start, attribute, prefixed)
        return self.positions.span(*found) if found else self.tag(element)

    def text(self, value: str, element: Element, attribute: str,
             prefixed: bool = False) -> Text:
        return Text(value=value, span=self.value(element, attribute, prefixed))

    # ---- processes ----------------------------------------------------------
    def process(self, element: Element, number: int, taken: set[str]) -> Process:
        elements = activities_in_order(element)
        names = unique(snake(_clean(e.get("name")), ACTIVITIES[e.name]) for e in elements)
        named = dict(zip(elements, names, strict=True))
        by_bpmn_id = {e.get("id"): n for e, n in named.items() if e.get("id")}
        activities = tuple(
            Activity(name=Name(value=n, span=self.value(e, "id")),
                     text=self.text(_clean(e.get("name")), e, "name"), span=self.whole(e))
            for e, n in named.items())
        who: list[Detail] = [*self.lanes(element, by_bpmn_id), *self.roles(element, ())]
        how: list[Detail] = []
        for activity, name in named.items():
            concerns = (name,)
            who.extend(self.roles(activity, concerns))
            engine = self.engine(activity, concerns)
            who.extend(d for facet, d in engine if facet == "who")
            how.extend(d for facet, d in engine if facet == "how")
            if activity.name in AUTOMATED and not any(facet == "how" for facet, _ in engine):
                how.append(self.automation(activity, concerns))
        calls = {name: called for e, name in named.items()
                 if e.name == "callActivity" and (called := _clean(e.get("calledElement")))}
        facts = BpmnFacts(element_id=element.get("id") or "", who=tuple(who), how=tuple(how),
                          conditions=tuple(self.timers(element, by_bpmn_id)), calls=calls)
        label = self.process_name(element, number)
        if label.value in taken and element.get("id"):
            # In BPMN an id is a process's identity and a name only its label:
            # two pools labelled alike are two processes (not E003).
            label = Name(value=f"{label.value} ({element.get('id')})", span=label.span)
        taken.add(label.value)
        return Process(name=label, activities=activities, bpmn=facts, span=self.whole(element))

    def process_name(self, element: Element, number: int) -> Name:
        for holder in (element, self.pools.get(element.get("id"))):
            if holder is not None and _clean(holder.get("name")):
                return Name(value=_clean(holder.get("name")), span=self.value(holder, "name"))
        element_id = element.get("id")
        if element_id:
            return Name(value=element_id, span=self.value(element, "id"))
        return Name(value=f"process-{number}", span=self.tag(element))

    # ---- the who ------------------------------------------------------------
    def lanes(self, process: Element, by_bpmn_id: dict[str | None, str]) -> list[Detail]:
        """Named lanes (nested ones too); a lane without a name names no one."""
        found = []
        for lane in process.walk():
            if lane.namespace == MODEL and lane.name == "lane" and _clean(lane.get("name")):
                members = tuple(by_bpmn_id[ref.text.strip()] for ref in
                                _children(lane, "flowNodeRef") if ref.text.strip() in by_bpmn_id)
                found.append(Detail(kind="lane", activities=members,
                                    text=self.text(_clean(lane.get("name")), lane, "name")))
        return found

    def roles(self, holder: Element, concerns: tuple[str, ...]) -> list[Detail]:
        """Performers and potential owners of an activity or of the process."""
        found = []
        for role in holder.children:
            if role.namespace != MODEL or role.name not in RESOURCE_ROLES:
                continue
            refs = _children(role, "resourceRef")
            resource = self.by_id.get(refs[0].text.strip()) if refs else None
            expressions = [e for e in role.walk() if e.name == "formalExpression"]
            resource_name = _clean(resource.get("name")) if resource is not None else ""
            expression = _clean(expressions[0].text) if expressions else ""
            said = resource_name or expression or _clean(role.get("name")) or "(unnamed)"
            found.append(Detail(kind=RESOURCE_ROLES[role.name], activities=concerns,
                                text=Text(value=said, span=self.tag(role))))
        return found

    # ---- the how ------------------------------------------------------------
    def engine(self, activity: Element, concerns: tuple[str, ...]
               ) -> list[tuple[Facet, Detail]]:
        """What an engine's extension says of the activity (see vocabulary.py)."""
        found: list[tuple[Facet, Detail]] = []
        for local, value in activity.foreign():
            if local in ENGINE_ATTRIBUTES and _clean(value):
                facet, kind = ENGINE_ATTRIBUTES[local]
                found.append((facet, Detail(kind=kind, activities=concerns, text=self.text(
                    _clean(value), activity, local, prefixed=True))))
        for extensions in _children(activity, "extensionElements"):
            for inner in extensions.walk():
                if inner.name in ENGINE_TEXTS and inner.namespace != MODEL and _clean(inner.text):
                    facet, kind = ENGINE_TEXTS[inner.name]
                    found.append((facet, Detail(kind=kind, activities=concerns, text=Text(
                        value=_clean(inner.text), span=self.tag(inner)))))
                for (namespace, local), value in inner.attributes.items():
                    known = ENGINE_ELEMENTS.get((inner.name, local))
                    if known and not namespace and _clean(value):
                        facet, kind = known
                        found.append((facet, Detail(kind=kind, activities=concerns,
                                                    text=self.text(_clean(value), inner, local))))
        return found

    def automation(self, task: Element, concerns: tuple[str, ...]) -> Detail:
        """A service or script task: software does it, so its kind is a how."""
        if task.name == "scriptTask":
            scripts = _children(task, "script")
            code = _clean(scripts[0].text) if scripts else ""
            if code:
                shown = code if len(code) <= SCRIPT_SHOWN else code[:SCRIPT_SHOWN - 3] + "..."
                return Detail(kind="script", activities=concerns,
                              text=Text(value=shown, span=self.tag(scripts[0])))
            language = _clean(task.get("scriptFormat"))
            return Detail(kind="script", activities=concerns,
                          text=self.text(language or "(empty)", task, "scriptFormat"))
        implementation = _clean(task.get("implementation"))
        if implementation in ("", "##WebService", "##unspecified"):
            # None, or BPMN's defaults as tools write them: they say nothing of
            # the means, so the task itself, a service task, is the how.
            said = _clean(task.get("name")) or task.get("id") or task.name
            return Detail(kind="service task", activities=concerns,
                          text=Text(value=said, span=self.tag(task)))
        return Detail(kind="implementation", activities=concerns,
                      text=self.text(implementation, task, "implementation"))

    # ---- practical conditions ---------------------------------------------------
    def timers(self, process: Element, by_bpmn_id: dict[str | None, str]) -> list[Detail]:
        """Each timer event: its name, else its time expression (`PT2H`)."""
        found = []
        for event in process.walk():
            timers = _children(event, TIMER)
            if not timers:
                continue
            expressions = [e for name in TIME_EXPRESSIONS for e in _children(timers[0], name)
                           if _clean(e.text)]
            name = _clean(event.get("name"))
            if name and expressions:
                # The name alone may hide the condition ("Order received" on a cron)
                when = (f"{expressions[0].name.removeprefix('time').lower()} "
                        f"{_clean(expressions[0].text)}")
                text = self.text(f"{name} ({when})", event, "name")
            elif name:
                text = self.text(name, event, "name")
            elif expressions:
                text = Text(value=_clean(expressions[0].text), span=self.tag(expressions[0]))
            else:
                text = Text(value="(no name, no time set)", span=self.tag(timers[0]))
            attached = by_bpmn_id.get(event.get("attachedToRef"))
            found.append(Detail(kind=TIMER_KINDS.get(event.name, "timer"), text=text,
                                activities=(attached,) if attached else ()))
        return found


def map_processes(root: Element, positions: Positions) -> tuple[Process, ...]:
    """The processes of a `definitions` element; ReadError when it is not BPMN 2.0."""
    if root.namespace != MODEL or root.name != "definitions":
        expected = f"`definitions` in the namespace {MODEL}"
        found = f"`{root.name}`" + (f" in the namespace {root.namespace}" if root.namespace
                                    else " in no namespace")
        raise ReadError(f"not a BPMN 2.0 model: the root element is {found}, expected "
                        f"{expected}", root.start)
    mapper = _Mapper(root, positions)
    taken: set[str] = set()
    return tuple(mapper.process(element, number, taken)
                 for number, element in enumerate(_children(root, "process"), start=1)
                 if _has_flow(element) or element.get("id") not in mapper.pools)


def _has_flow(process: Element) -> bool:
    """Whether a process holds a flow node. A pool's process that holds none
    is a black box (an external party drawn closed), no process of the model;
    a process that is no pool's and holds none is one with no work yet (C0103)."""
    return any(child.namespace == MODEL and (child.name in ACTIVITIES or child.name.endswith(
        ("Event", "Gateway"))) for child in process.children)
