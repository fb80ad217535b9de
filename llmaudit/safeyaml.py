"""Safe YAML loading: yaml.safe_load semantics, on libyaml's C parser when it is installed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


def safe_loader() -> Any:
    """libyaml's safe loader when installed (~6x faster), else PyYAML's: never a loader that
    builds Python objects."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_safe_yaml(text: str) -> object:
    """Parse YAML with a *Safe* loader only (no Python objects)."""
    import yaml

    return yaml.load(text, Loader=safe_loader())


def compose_safe_yaml(text: str) -> yaml.Node | None:
    """The YAML text's node tree (aliases stay shared nodes, never expanded), with the safe
    loader; raises yaml.YAMLError for invalid YAML."""
    import yaml

    return yaml.compose(text, Loader=safe_loader())
