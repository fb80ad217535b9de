"""`[tool.llmaudit]` in pyproject.toml: `models = [...]` to always audit, `exclude = [...]`."""

from __future__ import annotations

from pathlib import Path

from llmaudit.discover.manifests.toml_lines import quoted_line
from llmaudit.discover.toml_text import parse_toml
from llmaudit.errors import ConfigError
from llmaudit.records import record


@record(frozen=True, kw_only=True)
class ProjectConfig:
    """The project's own llmaudit settings: model specs with their line, exclude globs."""

    models: tuple[tuple[str, int | None], ...] = ()
    exclude: tuple[str, ...] = ()
    problem: str | None = None


def load_project_config(root: Path) -> ProjectConfig:
    """Read [tool.llmaudit] from root/pyproject.toml (empty config when absent or unreadable)."""
    path = root / "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ProjectConfig()
    try:
        data = parse_toml(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, huge ints
        return ProjectConfig(problem=f"invalid TOML, [tool.llmaudit] not read: {error}")
    tool = data.get("tool")
    section = tool.get("llmaudit") if isinstance(tool, dict) else None
    if section is None:
        return ProjectConfig()
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.llmaudit] must be a table")
    models = _string_list(section, "models", path)
    exclude = _string_list(section, "exclude", path)
    start = text.find("[tool.llmaudit]")
    located = tuple((spec, quoted_line(text, spec, max(start, 0))) for spec in models)
    return ProjectConfig(models=located, exclude=exclude)


def _string_list(section: dict[str, object], key: str, path: Path) -> tuple[str, ...]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: [tool.llmaudit] {key} must be a list of strings")
    return tuple(value)
