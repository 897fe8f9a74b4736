"""Reading BPMN 2.0 into the model: the mapping, the order, the positions, tool variety."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.bpmn_helpers import SAMPLES, definitions, spanned
from usm_lint.bpmn.importer import import_bpmn
from usm_lint.identifiers import IDENTIFIER
from usm_lint.model import File, Process


def imported(text: str) -> File:
    file, findings = import_bpmn(text, "model.bpmn")
    assert findings == []
    return file


def only(text: str) -> Process:
    (process,) = imported(text).processes
    return process


def texts(process: Process) -> list[str]:
    return [a.text.value for a in process.activities]


# ---- processes ----------------------------------------------------------------------

COLLABORATION = """\
  <bpmn:collaboration id="c">
    <bpmn:participant id="p1" name="Service Desk" processRef="named"/>
    <bpmn:participant id="p2" name="Repair Shop" processRef="pooled"/>
  </bpmn:collaboration>
  <bpmn:process id="named" name="Recover the service"><bpmn:startEvent id="s1"/></bpmn:process>
  <bpmn:process id="pooled"><bpmn:startEvent id="s2"/></bpmn:process>
  <bpmn:process id="Process_1"/>
  <bpmn:process/>
"""


def test_a_process_is_named_by_its_name_else_its_pool_else_its_id() -> None:
    names = [p.name.value for p in imported(definitions(COLLABORATION)).processes]
    assert names == ["Recover the service", "Repair Shop", "Process_1", "process-4"]


def test_a_pool_drawn_closed_is_an_external_party_not_a_process() -> None:
    """A pool whose process holds no flow node is a black box (bpmn-for-research
    draws the bank so); a process of no pool with none is one with no work yet."""
    text = definitions("""\
  <bpmn:collaboration id="c">
    <bpmn:participant id="p1" name="Credit scoring (bank)" processRef="closed"/>
    <bpmn:participant id="p2" name="Customer" processRef="open"/>
  </bpmn:collaboration>
  <bpmn:process id="closed"/>
  <bpmn:process id="open"><bpmn:task id="t" name="Ask for a score"/></bpmn:process>
  <bpmn:process id="unpooled" name="Pay the supplier"/>
""")
    assert [p.name.value for p in imported(text).processes] == ["Customer", "Pay the supplier"]


def test_a_pool_without_a_process_draws_none_and_names_none() -> None:
    """A participant with no `processRef` is a closed pool: it neither hides an
    id-less process of the file nor lends it its name."""
    text = definitions("""\
  <bpmn:collaboration id="c"><bpmn:participant id="p1" name="Customer"/></bpmn:collaboration>
  <bpmn:process name="Pay the supplier"/>
  <bpmn:process><bpmn:task id="t" name="Ask for a score"/></bpmn:process>
""")
    assert [p.name.value for p in imported(text).processes] == ["Pay the supplier", "process-2"]


def test_a_camunda_connector_is_the_how_of_its_service_task() -> None:
    text = definitions("""\
  <bpmn:process id="p" name="Help" xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
    <bpmn:serviceTask id="t" name="Create Open Ticket">
      <bpmn:extensionElements><camunda:connector>
        <camunda:connectorId>http-connector</camunda:connectorId>
      </camunda:connector></bpmn:extensionElements>
    </bpmn:serviceTask>
  </bpmn:process>
""")
    assert facts(only(text), "how") == [("connector", "http-connector", ("create_open_ticket",))]


def test_every_process_is_marked_as_read_from_bpmn_with_its_id() -> None:
    processes = imported(definitions(COLLABORATION)).processes
    assert [p.bpmn.element_id if p.bpmn else None for p in processes] == [
        "named", "pooled", "Process_1", ""]


# ---- activities and their order ---------------------------------------------------------

KINDS = """\
  <bpmn:process id="p">
    <bpmn:startEvent id="s" name="Wish received"/>
    <bpmn:task id="t1" name="Register the wish"/>
    <bpmn:userTask id="t2" name="Assess the wish"/>
    <bpmn:manualTask id="t3" name="Sign the agreement"/>
    <bpmn:serviceTask id="t4" name="Store the agreement"/>
    <bpmn:scriptTask id="t5" name="Compute the price"/>
    <bpmn:sendTask id="t6" name="Send the offer"/>
    <bpmn:receiveTask id="t7" name="Receive the answer"/>
    <bpmn:businessRuleTask id="t8" name="Decide the discount"/>
    <bpmn:callActivity id="t9" name="Plan the delivery"/>
    <bpmn:transaction id="t10" name="Settle the payment"/>
    <bpmn:adHocSubProcess id="t11" name="Answer questions"/>
    <bpmn:exclusiveGateway id="g" name="Accepted?"/>
    <bpmn:intermediateCatchEvent id="i" name="Reply received"/>
    <bpmn:endEvent id="e" name="Agreed"/>
    <bpmn:dataObject id="d" name="Offer"/>
    <bpmn:textAnnotation id="a"><bpmn:text>Note</bpmn:text></bpmn:textAnnotation>
  </bpmn:process>
"""


def test_tasks_of_every_kind_call_activities_and_sub_processes_are_activities() -> None:
    assert texts(only(definitions(KINDS))) == [
        "Register the wish", "Assess the wish", "Sign the agreement", "Store the agreement",
        "Compute the price", "Send the offer", "Receive the answer", "Decide the discount",
        "Plan the delivery", "Settle the payment", "Answer questions"]


LINEAR = """\
  <bpmn:process id="p">
    <bpmn:task id="c" name="Close the request"/>
    <bpmn:endEvent id="e"/>
    <bpmn:task id="b" name="Fulfil the request"/>
    <bpmn:startEvent id="s"/>
    <bpmn:task id="a" name="Register the request"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b"/>
    <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="c"/>
    <bpmn:sequenceFlow id="f4" sourceRef="c" targetRef="e"/>
  </bpmn:process>
"""


def test_a_linear_flow_orders_the_activities_whatever_the_document_order() -> None:
    assert texts(only(definitions(LINEAR))) == [
        "Register the request", "Fulfil the request", "Close the request"]


BRANCHES_AND_A_LOOP = """\
  <bpmn:process id="p">
    <bpmn:task id="d" name="Decide the change"/>
    <bpmn:task id="late" name="Escalate the change"/>
    <bpmn:task id="y" name="Plan the change"/>
    <bpmn:task id="x" name="Reject the change"/>
    <bpmn:task id="a" name="Assess the change"/>
    <bpmn:startEvent id="s"/>
    <bpmn:exclusiveGateway id="g"/>
    <bpmn:boundaryEvent id="timer" attachedToRef="a"/>
    <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/>
    <bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="d"/>
    <bpmn:sequenceFlow id="f2" sourceRef="d" targetRef="g"/>
    <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="y"/>
    <bpmn:sequenceFlow id="f4" sourceRef="g" targetRef="x"/>
    <bpmn:sequenceFlow id="f5" sourceRef="y" targetRef="a"/>
    <bpmn:sequenceFlow id="f6" sourceRef="timer" targetRef="late"/>
  </bpmn:process>
"""


def test_branches_follow_in_document_order_a_loop_is_cut_and_boundaries_follow() -> None:
    # s -> a -> d -> g -> {y, x}, y loops back to a, and a's boundary timer leads to
    # `late`: the loop is entered at a (where the flow leads into it); after a, the nodes
    # it leads to come in document order (d, written first, before the timer's branch).
    assert texts(only(definitions(BRANCHES_AND_A_LOOP))) == [
        "Assess the change", "Decide the change", "Plan the change", "Reject the change",
        "Escalate the change"]


def test_a_flow_that_is_all_loop_still_lists_every_activity_once() -> None:
    body = ('<bpmn:process id="p">\n'
            '<bpmn:task id="b" name="Check the work"/><bpmn:task id="a" name="Do the work"/>\n'
            '<bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="b"/>\n'
            '<bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="a"/>\n</bpmn:process>\n')
    assert texts(only(definitions(body))) == ["Check the work", "Do the work"]


NESTED = """\
  <bpmn:process id="p">
    <bpmn:task id="after" name="Close the incident"/>
    <bpmn:subProcess id="sub" name="Diagnose the incident">
      <bpmn:task id="in2" name="Test the cause"/>
      <bpmn:task id="in1" name="Find the cause"/>
      <bpmn:sequenceFlow id="i" sourceRef="in1" targetRef="in2"/>
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="o" sourceRef="sub" targetRef="after"/>
  </bpmn:process>
"""


def test_a_sub_process_is_an_activity_and_its_own_activities_follow_it() -> None:
    assert texts(only(definitions(NESTED))) == [
        "Diagnose the incident", "Find the cause", "Test the cause", "Close the incident"]


def test_names_read_line_breaks_as_spaces_and_give_unique_identifiers() -> None:
    body = ('<bpmn:process id="p">\n'
            '<bpmn:task id="a" name="Prepare&#xD;&#xA;Bank&#10;Transfer &quot;now&quot; "/>\n'
            '<bpmn:task id="b" name="Rechnung klären"/>\n'
            '<bpmn:task id="c" name="Rechnung  klären"/>\n'
            '<bpmn:userTask id="d"/>\n<bpmn:task id="e" name="2nd review"/>\n'
            '</bpmn:process>\n')
    process = only(definitions(body))
    assert texts(process) == ['Prepare Bank Transfer "now"', "Rechnung klären",
                              "Rechnung klären", "", "2nd review"]
    assert [a.name.value for a in process.activities] == [
        "prepare_bank_transfer_now", "rechnung_klären", "rechnung_klären_2", "user_task",
        "_2nd_review"]


# ---- the who, the how, practical conditions --------------------------------------------

FACTS = """\
  <bpmn:process id="p" name="Agree the service" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
      xmlns:zeebe="http://camunda.org/schema/zeebe/1.0">
    <bpmn:laneSet id="ls">
      <bpmn:lane id="l1" name="Service&#10;Desk">
        <bpmn:flowNodeRef>t1</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
        <bpmn:childLaneSet id="cls">
          <bpmn:lane id="l2" name="Night shift"><bpmn:flowNodeRef>t2</bpmn:flowNodeRef></bpmn:lane>
        </bpmn:childLaneSet>
      </bpmn:lane>
      <bpmn:lane id="l3"><bpmn:flowNodeRef>t3</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start" name="Every Monday">
      <bpmn:timerEventDefinition id="td1">
        <bpmn:timeCycle>R/P1W</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:startEvent>
    <bpmn:userTask id="t1" name="Register the wish" camunda:assignee="kermit"
        camunda:formKey="embedded:app:forms/wish.html">
      <bpmn:potentialOwner id="po"><bpmn:resourceRef>clerk</bpmn:resourceRef></bpmn:potentialOwner>
    </bpmn:userTask>
    <bpmn:serviceTask id="t2" name="Store the wish" camunda:class="org.acme.StoreWish"/>
    <bpmn:serviceTask id="t3" name="Send the offer">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="offer-mailer"/>
        <zeebe:assignmentDefinition candidateGroups="sales"/>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="t4" name="Archive the wish"/>
    <bpmn:scriptTask id="t5" name="Compute the price" scriptFormat="groovy">
      <bpmn:script>price = base * 1.2</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:userTask id="t6" name="Agree the offer" implementation="##WebService">
      <bpmn:humanPerformer id="hp">
        <bpmn:resourceAssignmentExpression>
          <bpmn:formalExpression>user(manager)</bpmn:formalExpression>
        </bpmn:resourceAssignmentExpression>
      </bpmn:humanPerformer>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="b" attachedToRef="t6">
      <bpmn:timerEventDefinition id="td2">
        <bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="t1"/>
    <bpmn:performer id="perf" name="Sales department"/>
  </bpmn:process>
  <bpmn:resource id="clerk" name="Contract clerk"/>
"""


def facts(process: Process, facet: str) -> list[tuple[str, str, tuple[str, ...]]]:
    assert process.bpmn is not None
    return [(d.kind, d.text.value, d.activities) for d in getattr(process.bpmn, facet)]


def test_named_lanes_performers_and_engine_assignees_are_the_who() -> None:
    process = only(definitions(FACTS))
    assert facts(process, "who") == [
        ("lane", "Service Desk", ("register_the_wish",)),
        ("lane", "Night shift", ("store_the_wish",)),
        ("performer", "Sales department", ()),
        ("potential owner", "Contract clerk", ("register_the_wish",)),
        ("assignee", "kermit", ("register_the_wish",)),
        ("candidate groups", "sales", ("send_the_offer",)),
        ("human performer", "user(manager)", ("agree_the_offer",)),
    ]


def test_service_and_script_tasks_and_engine_implementations_are_the_how() -> None:
    process = only(definitions(FACTS))
    # A user task's `implementation` is a tool's default, not read; a service task with
    # no implementation of its own has BPMN's default, a web service.
    assert facts(process, "how") == [
        ("form", "embedded:app:forms/wish.html", ("register_the_wish",)),
        ("implementation class", "org.acme.StoreWish", ("store_the_wish",)),
        ("job type", "offer-mailer", ("send_the_offer",)),
        ("service task", "Archive the wish", ("archive_the_wish",)),  # no `implementation`
        ("script", "price = base * 1.2", ("compute_the_price",)),
    ]


def test_timers_are_practical_conditions_by_name_else_by_time_expression() -> None:
    """A name with a time expression shows both: a name alone may hide the
    condition ("Order received" on a cron)."""
    process = only(definitions(FACTS))
    assert facts(process, "conditions") == [
        ("timer start event", "Every Monday (cycle R/P1W)", ()),
        ("boundary timer", "PT4H", ("agree_the_offer",)),
    ]


# ---- positions ------------------------------------------------------------------------------


def test_names_and_texts_span_their_attribute_values_in_code_points() -> None:
    text = definitions('  <bpmn:process id="p" name="Räte">\n'
                       '\t<bpmn:task id="ä1"  name="Prüfe &amp; melde" /><bpmn:task\n'
                       '      id="t2"\n      name=\'Close the case\'/>\n  </bpmn:process>\n')
    process = only(text)
    assert (process.name.span.line, process.name.span.column) == (3, 30)
    assert spanned(text, process.name.span) == "Räte"
    first, second = process.activities
    assert spanned(text, first.text.span) == "Prüfe &amp; melde"
    assert (first.text.span.line, first.text.span.column) == (4, 28)
    assert spanned(text, first.name.span) == "ä1"
    assert spanned(text, second.text.span) == "Close the case"
    assert (second.text.span.line, second.text.span.end_line) == (6, 6)
    # A node's span is the whole element, from its start tag's `<`.
    assert spanned(text, second.span).startswith("<bpmn:task\n") and spanned(
        text, second.span).endswith("/>")
    assert spanned(text, process.span).startswith('<bpmn:process id="p"')
    assert spanned(text, process.span).endswith("</bpmn:process>")


def test_positions_hold_in_a_crlf_file() -> None:
    lf = definitions('  <bpmn:process id="p">\n    <bpmn:task id="t" name="Log the call"/>\n'
                     '  </bpmn:process>\n')
    crlf = lf.replace("\n", "\r\n")
    span = only(crlf).activities[0].text.span
    assert span == only(lf).activities[0].text.span
    assert spanned(crlf, span) == "Log the call"


# ---- tool variety -------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["bpmn", "bpmn2", "semantic", "model", ""])
def test_any_prefix_for_the_bpmn_namespace_reads_the_same(prefix: str) -> None:
    body = LINEAR.replace("bpmn:", f"{prefix}:" if prefix else "")
    assert texts(only(definitions(body, prefix))) == [
        "Register the request", "Fulfil the request", "Close the request"]


def test_elements_of_other_namespaces_are_not_bpmn() -> None:
    body = ('<bpmn:process id="p" xmlns:x="urn:other">\n<x:task id="a" name="Not a task"/>\n'
            '<bpmn:extensionElements><x:process id="q"/></bpmn:extensionElements>\n'
            '<bpmn:task id="b" name="Do the task"/>\n</bpmn:process>\n')
    (process,) = imported(definitions(body)).processes
    assert texts(process) == ["Do the task"]


SAMPLE_FILES = sorted(SAMPLES.glob("*.bpmn"))


def test_the_samples_are_all_there() -> None:
    assert len(SAMPLE_FILES) == 14
    assert "CC BY 3.0" in (SAMPLES / "README.md").read_text("utf-8")


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_imports_with_spans_on_its_names(path: Path) -> None:
    text = path.read_text("utf-8")
    file, findings = import_bpmn(text, str(path))
    assert findings == []
    assert file.processes
    for process in file.processes:
        assert process.bpmn is not None
        raw_name = spanned(text, process.name.span)
        assert " ".join(html.unescape(raw_name).split()) == process.name.value
        for activity in process.activities:
            raw = spanned(text, activity.text.span)
            assert " ".join(html.unescape(raw).split()) == activity.text.value
            assert IDENTIFIER.fullmatch(activity.name.value)
            assert spanned(text, activity.span).startswith("<")
        names = [a.name.value for a in process.activities]
        assert len(names) == len(set(names))


def test_the_three_exports_of_one_model_read_alike() -> None:
    """C.3.0 as written by three tools (different prefixes, extensions, layouts)."""
    by_tool = {name: only((SAMPLES / f"{name}.bpmn").read_text("utf-8"))
               for name in ("C.3.0", "C.3.0-bpmn.io-export", "C.3.0-signavio-export")}
    original = by_tool["C.3.0"]
    assert texts(original) == texts(by_tool["C.3.0-bpmn.io-export"]) == [
        "Analyse customer request", "Perform repair (standard level)",
        "Perform repair (premium level)", "Perform emergency repair", "Replace fridge"]
    # Signavio's export names two tasks differently, and the process not at all.
    signavio = by_tool["C.3.0-signavio-export"]
    assert len(texts(signavio)) == 5 and texts(signavio)[0] == "Analyse customer request"
    assert signavio.name.value.startswith("sid-")
    for process in by_tool.values():
        assert process.bpmn is not None
        assert [d.kind for d in process.bpmn.conditions] == ["boundary timer"]


@settings(max_examples=100, deadline=None)
@given(count=st.integers(1, 12), edges=st.lists(st.tuples(st.integers(0, 13),
                                                          st.integers(0, 13)), max_size=30),
       acyclic=st.booleans())
def test_flow_order_lists_each_activity_once_and_keeps_every_acyclic_flow(
        count: int, edges: list[tuple[int, int]], acyclic: bool) -> None:
    if acyclic:  # flows only from lower to higher numbers: no loop
        edges = [(min(a, b), max(a, b)) for a, b in edges if a != b]
    body = '<bpmn:process id="p">\n'
    # Written in reverse: the order comes from the flows, not the document.
    body += "".join(f'<bpmn:task id="t{n}" name="Do step {n}"/>\n'
                    for n in reversed(range(count)))
    body += "".join(f'<bpmn:sequenceFlow id="f{i}" sourceRef="t{a}" targetRef="t{b}"/>\n'
                    for i, (a, b) in enumerate(edges))  # t12, t13: flows to nowhere
    order = [int(a.text.value.split()[-1]) for a in only(definitions(body + "</bpmn:process>\n")
                                                         ).activities]
    assert sorted(order) == list(range(count))
    if acyclic:
        for a, b in edges:
            if a < count and b < count:
                assert order.index(a) < order.index(b)
