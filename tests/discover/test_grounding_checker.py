"""bench/grounding.py: every location of a report is grounded in its file (issue #13)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from llmaudit.discover import discover
from llmaudit.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ROOT / "tests" / "data" / "projects"


def _checker_module():
    spec = importlib.util.spec_from_file_location("grounding", ROOT / "bench" / "grounding.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("grounding", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _report(project: Path) -> dict:
    found = discover(Settings(root=project))
    return {
        "models": [
            {
                "id": ref.id,
                "local_path": ref.local_path,
                "locations": [
                    {"path": loc.path, "line": loc.line, "cell": loc.cell, "kind": loc.kind.value}
                    for loc in ref.locations
                ],
            }
            for ref in found.models
        ],
        "datasets": [],
    }


def test_real_excerpts_are_grounded_and_a_later_cell_is_caught():
    grounding = _checker_module()
    project = PROJECTS / "real-cookbook"
    report = _report(project)
    checker = grounding.Checker(project)
    verdicts = {checker.verdict(place)[0] for place in grounding._places(report)}
    assert verdicts <= {"literal", "imported", "composed"}
    # the pre-fix attribution: the base model's load in cell 1 read the fine-tune of cell 2
    notebook = "notebooks/en/grpo_vllm_online_training.ipynb"
    wrong = grounding.Place(
        "models", "sergiopaniego/Qwen2-0-5B-GRPO-vllm-trl", notebook, 6, 1, "use"
    )
    assert checker.verdict(wrong)[0] == "later-cell"
    elsewhere = grounding.Place("models", "org-x/not-in-this-file", notebook, 4, 1, "use")
    assert checker.verdict(elsewhere)[0] == "later-cell"


def test_a_file_that_never_names_the_id_is_ungrounded():
    grounding = _checker_module()
    checker = grounding.Checker(PROJECTS / "real-smolagents")
    path = "examples/agent_from_any_llm.py"
    named = grounding.Place("models", "meta-llama/Llama-3.3-70B-Instruct", path, 20, None, "use")
    assert checker.verdict(named) == ("literal", True)
    other = grounding.Place("models", "org-x/never-named", path, 20, None, "use")
    assert checker.verdict(other) == ("ungrounded", False)
