"""Find, read, validate and merge policy files (`extends:`) into a `Policy`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from llmaudit.errors import ConfigError
from llmaudit.models import Severity
from llmaudit.package_data import package_path
from llmaudit.policy.document import (
    Mentions,
    ModelEntry,
    OrgProfile,
    PackageEntry,
    PackageRules,
    Policy,
    PolicySummary,
    PublisherRules,
    Purpose,
    RuleSetting,
    Usage,
    Waiver,
)
from llmaudit.policy.schema import validate_data
from llmaudit.policy.yamlfile import YamlDocument, one_line, read_yaml_file
from llmaudit.settings import Settings

SUFFIXES = (".yaml", ".yml")
MAX_EXTENDS_DEPTH = 10


def shipped_policy_dir() -> Path | None:
    """The shipped policies: this package's `policies/` data, never a folder beside it."""
    packaged = package_path("policies")
    return packaged if packaged.is_dir() else None


def policy_dirs(settings: Settings | None) -> tuple[Path, ...]:
    """Where policy names are looked up, in order: settings.policy_dirs, then shipped."""
    dirs = tuple(settings.policy_dirs) if settings else ()
    shipped = shipped_policy_dir()
    return dirs + ((shipped,) if shipped else ())


def policy_names(settings: Settings | None = None) -> tuple[str, ...]:
    """Names of every policy that can be loaded by name, sorted."""
    names: set[str] = set()
    for folder in policy_dirs(settings):
        if folder.is_dir():
            names.update(p.stem for p in folder.iterdir() if p.suffix in SUFFIXES)
    return tuple(sorted(names))


def list_policies(settings: Settings | None = None) -> tuple[PolicySummary, ...]:
    """Every policy loadable by name, with its description, sorted by name."""
    summaries = []
    for name in policy_names(settings):
        path = find_policy_file(name, settings, base=Path.cwd())
        try:
            data = read_yaml_file(path).data
        except ConfigError as exc:
            summaries.append(
                PolicySummary(name=name, description=f"(invalid: {exc})", path=str(path))
            )
            continue
        description = data.get("description", "") if isinstance(data, dict) else ""
        summaries.append(
            PolicySummary(name=name, description=" ".join(str(description).split()), path=str(path))
        )
    return tuple(summaries)


def load_policy(name_or_path: str, settings: Settings) -> Policy:
    """Load a shipped policy by name or a policy file by path; ConfigError when invalid."""
    path = find_policy_file(name_or_path, settings, base=Path.cwd())
    merged, chain = _load_merged(path, settings, ())
    return build_policy(merged, path=path, chain=chain)


def validate_policy_file(path: str | Path, settings: Settings | None = None) -> tuple[str, ...]:
    """Every problem with a policy file (including what it extends), one line each."""
    file = Path(path)
    try:
        document = read_yaml_file(file)
    except ConfigError as exc:
        return (str(exc),)
    problems = list(schema_problems(document))
    if problems:
        return tuple(problems)
    try:
        merged, chain = _load_merged(file, settings or Settings(), ())
        build_policy(merged, path=file, chain=chain)
    except ConfigError as exc:
        return (str(exc),)
    return ()


def find_policy_file(name_or_path: str, settings: Settings | None, base: Path) -> Path:
    """A name looked up in the policy dirs, or a path (relative to `base`)."""
    if _looks_like_path(name_or_path):
        candidate = Path(name_or_path).expanduser()
        candidate = candidate if candidate.is_absolute() else base / candidate
        if not candidate.is_file():
            raise ConfigError(f"policy file not found: {one_line(name_or_path)}")
        return candidate
    for folder in policy_dirs(settings):
        for suffix in SUFFIXES:
            candidate = folder / f"{name_or_path}{suffix}"
            if candidate.is_file():
                return candidate
    bare = base / name_or_path
    if name_or_path and bare.is_file():  # a suffix-less file next to the caller
        return bare
    shipped = ", ".join(policy_names(settings)) or "none"
    raise ConfigError(f"unknown policy '{one_line(name_or_path)}' (shipped: {shipped})")


def _looks_like_path(value: str) -> bool:
    return value.endswith(SUFFIXES) or "/" in value or "\\" in value or value.startswith(".")


def schema_problems(document: YamlDocument) -> tuple[str, ...]:
    """Schema violations of one file, each as `file:line: where: what`."""
    data = document.data
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        return (f"{document.path}:1: a policy must be a mapping of keys, this file is {kind}",)
    return tuple(
        one_line(
            f"{document.path}:{document.line_of(where)}: {_dotted(where) or 'policy'}: {message}"
        )
        for where, message in validate_data(data)
    )


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _load_merged(
    path: Path, settings: Settings, stack: tuple[Path, ...]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The file's data merged over what it extends, and the chain of extended names."""
    real = path.resolve()
    if real in stack:
        cycle = " -> ".join(p.name for p in (*stack, real))
        raise ConfigError(f"{path}: extends cycle: {cycle}")
    if len(stack) >= MAX_EXTENDS_DEPTH:
        raise ConfigError(f"{path}: extends chain deeper than {MAX_EXTENDS_DEPTH}")
    document = read_yaml_file(path)
    problems = schema_problems(document)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ConfigError(problems[0] + more)
    data = dict(document.data)
    parent_ref = data.pop("extends", None)
    if parent_ref is None:
        return data, ()
    line = document.line_of(("extends",))
    try:
        parent_path = find_policy_file(parent_ref, settings, base=path.parent)
    except ConfigError as exc:
        raise ConfigError(f"{path}:{line}: extends: {exc}") from None
    parent, chain = _load_merged(parent_path, settings, (*stack, real))
    parent.pop("name", None)
    return merge_documents(parent, data), (parent_ref, *chain)


def merge_documents(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; lists and scalars in `override` replace those in `base`."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_documents(merged[key], value)
        else:
            merged[key] = value
    return merged


def build_policy(data: dict[str, Any], *, path: Path, chain: tuple[str, ...] = ()) -> Policy:
    """Turn validated, merged policy data into a frozen `Policy`."""
    organization = data.get("organization", {})
    publishers = data.get("publishers", {})
    models = data.get("models", {})
    packages = data.get("packages", {})
    return Policy(
        name=data.get("name") or path.stem,
        description=" ".join(str(data.get("description", "")).split()),
        path=str(path),
        extends=chain,
        organization=OrgProfile(
            jurisdiction=organization.get("jurisdiction"),
            usage=Usage(organization.get("usage", Usage.INTERNAL.value)),
            purpose=Purpose(organization.get("purpose", Purpose.UNSPECIFIED.value)),
            monthly_active_users=_optional_int(organization.get("monthly_active_users")),
            annual_revenue_usd=organization.get("annual_revenue_usd"),
        ),
        rules=tuple(
            RuleSetting(rule=rule, severity=None if level == "off" else Severity(level))
            for rule, level in sorted(data.get("rules", {}).items())
        ),
        governing_law_allowed=tuple(data.get("governing_law", {}).get("allowed", ())),
        publishers=PublisherRules(
            allow=tuple(publishers.get("allow", ())),
            deny=tuple(publishers.get("deny", ())),
            deny_countries=tuple(publishers.get("deny_countries", ())),
            countries=tuple(sorted(publishers.get("countries", {}).items())),
        ),
        models_allow=tuple(ModelEntry(**entry) for entry in models.get("allow", ())),
        models_deny=tuple(ModelEntry(**entry) for entry in models.get("deny", ())),
        packages=PackageRules(
            allow=tuple(_package_entry(e, path) for e in packages.get("allow", ())),
            deny=tuple(_package_entry(e, path) for e in packages.get("deny", ())),
            deny_licenses=tuple(packages.get("deny_licenses", ())),
            copyleft_check=packages.get("copyleft_check", True),
        ),
        inherit_dataset_obligations=data.get("datasets", {}).get("inherit_obligations", False),
        mentions=Mentions(data.get("mentions", Mentions.REPORT.value)),
        waivers=build_waivers(data.get("waivers", ()), source=str(path)),
    )


def _optional_int(value: float | None) -> int | None:
    return None if value is None else int(value)


def _package_entry(entry: dict[str, Any], path: Path) -> PackageEntry:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    version = entry.get("version", "")
    try:
        SpecifierSet(version if version[:1] in "<>=!~" else f"=={version}" if version else "")
    except InvalidSpecifier:
        raise ConfigError(
            f"{path}: packages: {entry['name']}: '{version}' is not a version or specifier"
        ) from None
    return PackageEntry(**entry)


def build_waivers(entries: Any, *, source: str) -> tuple[Waiver, ...]:
    """Waivers from validated data; ids default to `rule:subject`."""
    waivers = tuple(
        Waiver(
            id=entry.get("id") or f"{entry['rule']}:{entry['subject']}",
            rule=entry["rule"],
            subject=entry["subject"],
            reason=" ".join(entry["reason"].split()),
            owner=entry["owner"],
            expires=date.fromisoformat(entry["expires"]),
            source=source,
        )
        for entry in entries
    )
    seen: set[str] = set()
    for waiver in waivers:
        if waiver.id in seen:
            raise ConfigError(f"{source}: waivers: duplicate waiver id '{waiver.id}'")
        seen.add(waiver.id)
    return waivers
