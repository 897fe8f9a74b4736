"""Seeded, deterministic generator of realistic USM workspaces (and their YAML twin)."""

from __future__ import annotations

import random
from pathlib import Path

VERBS = ["Register", "Classify", "Assess", "Plan", "Schedule", "Review", "Approve", "Record",
         "Analyse", "Prepare", "Verify", "Inform", "Close", "Agree", "Evaluate", "Prioritise",
         "Document", "Update", "Confirm", "Decide"]
OBJECTS = ["the request", "the incident", "the change", "the agreement", "the service level",
           "the impact", "the result", "the proposal", "the offer", "the release", "the risk",
           "the capacity", "the cause", "the outcome", "the budget", "the requirement"]
QUALIFIERS = ["", " of the customer", " against the agreement", " with the customer",
              " for the service", " of the change", " in the plan"]


def _activities(rng: random.Random, index: int, count: int) -> list[tuple[str, str]]:
    texts = []
    for number in range(count):
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(QUALIFIERS)}"
        # Two words of its own per activity: models do not repeat their activities,
        # so the generated ones are not near-duplicates of each other either.
        texts.append((f"a{number}", f"{text} ref{index}x{number} lot{index}y{number}"))
    return texts


def process_text(rng: random.Random, index: int, activities: int) -> str:
    acts = _activities(rng, index, activities)
    lines = [f"process P{index} {{", f"    code C{index}",
             f'    purpose "Deliver service {index} as agreed with the customer"',
             f'    trigger "a request for service {index}"',
             f'    output "service {index} delivered"', "    unit request"]
    lines += [f'    activity {name} "{text}"' for name, text in acts]
    half = len(acts) // 2
    intake = ", ".join(name for name, _ in acts[:half])
    delivery = ", ".join(name for name, _ in acts[half:])
    lines += ["    subprocess Intake {", f"        activities {intake}", "    }",
              "    subprocess Delivery {", f"        activities {delivery}", "    }",
              "    control {", f'        measure "share of requests for service {index} on time"',
              "    }", "}", ""]
    return "\n".join(lines)


def workspace(folder: Path, processes: int, activities: int = 8, per_file: bool = False,
              seed: int = 7) -> Path:
    """Write a workspace of `processes` processes into `folder` (one file or one per process)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    # The 100k-activity workspace is one file of ~9 MB: over the default cap.
    (folder / "usm-lint.toml").write_text("max-file-bytes = 100000000\n")
    names = [f"P{i}" for i in range(processes)]
    model = ["model Bench {", "    processes " + ", ".join(names)]
    model += [f"    flow P{i} -> P{i + 1}" for i in range(processes - 1)]
    model += ["}", ""]
    bodies = [process_text(rng, i, activities) for i in range(processes)]
    workflows = [f"workflow W{i} {{\n    template rfc\n    kind reactive\n"
                 f"    step P{i}.a0\n    step P{i}.a1\n}}\n" for i in range(0, processes, 10)]
    if per_file:
        (folder / "model.usm").write_text("\n".join(model) + "\n".join(workflows))
        for i, body in enumerate(bodies):
            (folder / f"p{i:05}.usm").write_text(body)
    else:
        (folder / "model.usm").write_text("\n".join(model + bodies + workflows))
    return folder


def yaml_twin(usm_folder: Path, target: Path) -> Path:
    """The same content as YAML, for the yamllint peer figure."""
    lines = ["processes:"]
    for path in sorted(usm_folder.glob("*.usm")):
        for raw in path.read_text().splitlines():
            text = raw.strip()
            if text.startswith("process "):
                lines.append(f"  - name: {text.split()[1]}")
                lines.append("    activities:")
            elif text.startswith("activity "):
                _kw, name, rest = text.split(" ", 2)
                lines.append(f"      - name: {name}")
                lines.append(f"        text: {rest}")
    target.write_text("\n".join(lines) + "\n")
    return target
