"""The stage boundaries docs/architecture.md promises, read from every import in the package
(module level and inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "llmaudit"

# What each stage may import from the rest of llmaudit (besides itself). Shared values and
# helpers: models, errors, settings, clock, package_data, safeyaml, hub_urls, package_names,
# records, lazy_regex.
SHARED = {
    "models",
    "errors",
    "settings",
    "clock",
    "package_data",
    "safeyaml",
    "hub_urls",
    "package_names",
    "records",
    "lazy_regex",
}
ALLOWED = {
    "discover": SHARED,  # reads files only: no resolve, no network
    "resolve": SHARED,
    "licenses": SHARED,
    "policy": SHARED | {"licenses"},  # obligations_for(info): a pure function of the value
    "report": SHARED | {"licenses"},  # find_copyright_lines(text): a pure function of the text
}
# The knowledge base's lookups: policy rules and renderers read the LicenseInfo the values carry
# (ModelAudit.license_info, LicenseAssessment.infos, LineageEntry.info, DatasetLicense.info).
KNOWLEDGE_LOOKUPS = {"get_license", "find_license", "all_licenses", "load_knowledge"}


def _imported_llmaudit_parts(path: Path) -> set[str]:
    parts = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        parts.update(
            name.split(".")[1] for name in names if name.startswith("llmaudit.") and "." in name
        )
        if isinstance(node, ast.ImportFrom) and node.module == "llmaudit":
            parts.update(alias.name for alias in node.names)
    return parts


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_imports_only_what_its_boundary_allows(stage):
    crossings = []
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        for part in _imported_llmaudit_parts(path) - ALLOWED[stage] - {stage, "__version__"}:
            crossings.append(f"{path.relative_to(PACKAGE.parent)} imports llmaudit.{part}")
    assert crossings == []


def test_discover_never_imports_resolve():
    offenders = [
        str(p.relative_to(PACKAGE.parent))
        for p in (PACKAGE / "discover").rglob("*.py")
        if "resolve" in _imported_llmaudit_parts(p)
    ]
    assert offenders == []


@pytest.mark.parametrize("stage", ["policy", "report"])
def test_rules_and_renderers_never_look_up_the_knowledge_base(stage):
    lookups = []
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        names |= {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        lookups += [f"{path.relative_to(PACKAGE.parent)}: {n}" for n in names & KNOWLEDGE_LOOKUPS]
    assert lookups == []
