"""YAML / JSON / TOML configs: values of model keys (`model_name_or_path: ...`) at any depth."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from llmaudit.discover.api_context import (
    ApiContext,
    api_context,
    inherited,
    judged_in,
    may_talk_to_an_api,
)
from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.keys import normal_key
from llmaudit.discover.model_ids import hub_id_in_local_path, is_well_known_repo
from llmaudit.discover.shell_scripts import (
    assignment_candidates,
    comment_command_candidates,
    find_shell_candidates,
    invocation_candidates,
    is_model_variable,
)
from llmaudit.discover.toml_text import parse_toml
from llmaudit.models import LocationKind, RefKind
from llmaudit.records import record
from llmaudit.safeyaml import safe_loader

if TYPE_CHECKING:
    import ahocorasick_rs
    import yaml

# Words a config must contain to be worth parsing (searched in the lower-cased bytes: plain
# substring tests are ~10x faster than one case-insensitive regex over a YAML-rich tree).
_KEY_WORDS = (b"model", b"tokenizer", b"repo_id", b"adapter", b"dataset", b"download", b"vllm")
# Besides a key word a config needs something that can be an id: an `org/name` (a path or a
# link too; JSON may escape the slash) or a key or command that admits a one-word legacy id
# ("gpt2"). Most configs of a YAML-rich tree (evaluation tasks, CI files) have neither and are
# never parsed: ~1,700 of lm-evaluation-harness's 13,905 YAML files pass (issue #13).
_LEGACY_WORDS = (b"name_or_path", b"tokenizer_name", b"download", b"vllm")
_WORDS = tuple(dict.fromkeys((*_KEY_WORDS, *_LEGACY_WORDS)))  # one search finds both kinds
_KEY_WORD_INDEXES = frozenset(_WORDS.index(word) for word in _KEY_WORDS)
_LEGACY_WORD_INDEXES = frozenset(_WORDS.index(word) for word in _LEGACY_WORDS)
_ID_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_MAX_NODES = 200_000
# Keys whose values are Hub ids; the HF-specific ones are explicit enough for "gpt2".
_EXPLICIT_KEYS = frozenset(
    {
        "model_name_or_path",
        "pretrained_model_name_or_path",
        "tokenizer_name",
        "tokenizer_name_or_path",
        "base_model_name_or_path",
    }
)
_KEYS = _EXPLICIT_KEYS | frozenset(
    {
        "model",
        "models",
        "model_name",
        "model_names",
        "model_id",
        "model_ids",
        "base_model",
        "base_models",
        "repo_id",
        "adapter",
        "adapters",
        "tokenizer",
        "hub_model_id",
        "model_repo",
        "model_url",  # vLLM production-stack Helm values: `modelURL: "org/x"`
        "adapter_name_or_path",
        "peft_model_id",
        "lora_model",
        "reward_model",
        "ref_model",
        "draft_model",
        "embedding_model",
        "teacher_model",
        "student_model",
        "tokenizer_config",
        "base_model_config",
        "pretrained",
        # transformers' example scripts (`run_speech_recognition_seq2seq.py`, parler-tts)
        "feature_extractor_name",
        "image_processor_name",
        "processor_name",
    }
)
_DATASET_KEYS = frozenset(
    {
        "dataset",
        "datasets",
        "dataset_name",
        "dataset_id",
        "dataset_ids",
        "dataset_name_or_path",
        "dataset_id_or_path",
        "dataset_names",
        "dataset_repo",
        "dataset_path",
        "dataset_mixer",
        "dataset_mixture",
    }
)
# A dataset key with a role: `train_dataset_name`, `eval_metadata_dataset_name` (parler-tts),
# `preference_dataset_id`. Not `*_dataset_path`: there a two-part value is mostly a folder the
# run writes (`train_dataset_path: data/processed`), which no stat of the checkout can tell.
_DATASET_SUFFIXES = (
    "_dataset",
    "_dataset_name",
    "_dataset_names",
    "_dataset_id",
    "_dataset_ids",
    "_dataset_name_or_path",
    "_dataset_id_or_path",
)
# Keys inside a `dataset(s)` value that name the dataset (`source`: torchtune's builders).
_DATASET_ENTRY_KEYS = frozenset({"path", "id", "repo_id", "dataset_id", "source"})
# `hf_tokenizer_name` (open_clip model configs), `mm_vision_tower` (LLaVA-style configs).
_SUFFIXES = (
    "_model",
    "_model_name",
    "_model_id",
    "_model_name_or_path",
    "_tokenizer",
    "_tokenizer_name",
    "_tokenizer_name_or_path",
    "_tower",
    # lists: `fallback_models: [org/a, org/b]` (HuggingChat routes), `judge_model_ids: [...]`
    "_models",
    "_model_ids",
    "_model_names",
)
# A list of models a project does not run, or only lists as options: `skip_models`,
# `supported_models` (a server's catalogue), ... are no model keys.
_NOT_RUN_LIST = re.compile(
    r"(?:^|_)(?:skip|skipped|exclude|excluded|ignore|ignored|block|blocked|deny|denied|disallowed"
    r"|banned|forbidden|unsupported|deprecated|supported|available|known|all|allowed)"
    r"_models?(?:_ids|_names)?$"
)
# Keys naming a local folder of weights (litgpt's `checkpoint_dir: checkpoints/org/name`):
# read only when the path shows which Hub repo it copies (`hub_id_in_local_path`), since a
# two-part value there is a folder of the project (`exp/run1`), not a Hub id.
_FOLDER_KEYS = frozenset({"checkpoint_dir", "tokenizer_dir", "model_dir", "model_path"})
# Keys naming the repository a training run pushes to: the project's output, not a model it
# loads (transformers TrainingArguments.hub_model_id): a mention.
_OUTPUT_KEYS = frozenset({"hub_model_id", "push_to_hub_model_id", "hub_repo_id"})
# A role key written for the project's output: `output_dataset_name`, `hub_dataset_id`.
_OUTPUT_ROLE = re.compile(r"^(?:output|hub|push|push_to_hub|upload|save|export)_")
# A JSON list of this many objects or more that each name a model is a catalogue (a model
# registry, benchmark results), not a configuration: its ids are mentions.
_CATALOGUE_RECORDS = 20
# A string worth reading as a command line: `command: vllm serve org/x`, `args: [--model, x]`,
# `environment: [MODEL_ID=org/x]` (docker compose, Kubernetes, CI files).
_COMMAND_HINT = re.compile(r"--|download|vllm\s+serve|=")


def has_hint(data: bytes) -> bool:
    """Bytes prefilter: a model-ish word and something that can be an id."""
    matches = _words().find_matches_as_indexes(data.lower(), overlapping=True)
    found = {index for index, _start, _end in matches}
    if found.isdisjoint(_KEY_WORD_INDEXES):
        return False
    return _has_org_slash(data) or not found.isdisjoint(_LEGACY_WORD_INDEXES)


@functools.cache
def _words() -> ahocorasick_rs.BytesAhoCorasick:
    """Key and legacy words in one pass over the lower-cased bytes (one `in` test per word
    took three times as long); overlapping, so `tokenizer_name` also counts as `tokenizer`."""
    import ahocorasick_rs

    return ahocorasick_rs.BytesAhoCorasick(_WORDS)


def _has_org_slash(data: bytes) -> bool:
    """True when some `/` (or JSON's `\\/`) sits between id characters, as in `org/name`."""
    index = data.find(b"/")
    while index >= 0:
        before = index - 2 if index and data[index - 1] == 0x5C else index - 1  # JSON escapes it
        if (
            before >= 0
            and data[before] in _ID_CHARS
            and index + 1 < len(data)
            and data[index + 1] in _ID_CHARS
            and data[index + 1] != 0x2D
        ):
            return True
        index = data.find(b"/", index + 1)
    return False


def is_model_key(key: str) -> bool:
    """True for config keys that hold a model id."""
    normal = normal_key(key)
    if normal in _KEYS:
        return True
    return normal.endswith(_SUFFIXES) and not (
        normal.endswith(("s", "_ids", "_names")) and _NOT_RUN_LIST.search(normal)
    )


def _is_explicit_key(key: str) -> bool:
    return normal_key(key) in _EXPLICIT_KEYS


def _key_usage(key: str) -> LocationKind:
    """MENTION for keys that name the project's own output repository (`hub_model_id`)."""
    normal = normal_key(key)
    if normal in _OUTPUT_KEYS or _OUTPUT_ROLE.match(normal):
        return LocationKind.MENTION
    return LocationKind.USE


def read_yaml(text: str) -> Scan:
    """Candidates in a YAML file, located by the composed nodes' start marks."""
    import yaml  # deferred with the other parsers: most pre-commit runs never need it

    try:
        documents = list(yaml.compose_all(text, Loader=_composer()))
    except yaml.YAMLError as error:
        if "exceeded maximum nesting depth" in str(error):  # libyaml's limit (1,000 levels)
            return Scan(notes=("YAML nested too deeply, skipped",))
        # Helm / Jinja templates are not YAML until rendered: read their plain key lines.
        notes = (
            ()
            if "{{" in text or "{%" in text
            else (f"invalid YAML, read line by line: {_first_line(error)}",)
        )
        return Scan(candidates=tuple(_yaml_lines(text)), notes=notes)
    except RecursionError:
        return Scan(notes=("YAML nested too deeply, skipped",))
    found: list[Candidate] = []
    dropped: list[tuple[str, int]] = []
    seen: set[int] = set()  # aliases share nodes: visit each once (billion laughs)
    for document in documents:
        if document is not None:
            found.extend(_yaml_candidates(document, seen, dropped))
    found.extend(comment_command_candidates(text))
    return Scan(candidates=tuple(found), line_notes=tuple(dropped))


@functools.cache
def _composer() -> type[Any]:
    """The safe loader YAML configs are composed with: libyaml's parser when installed (~10x
    faster than the pure-Python one, same nodes), its tag resolution memoised.

    Resolving a plain scalar's tag runs a Python method and a few regexes for every scalar;
    the answer depends only on the value (no path resolvers), and configs repeat values
    (`true`, `mean`, `acc`): a cache hit is one C call (compose: 14% fewer instructions on
    lm-evaluation-harness's configs).
    """
    base = safe_loader()
    if base.yaml_path_resolvers:  # a tag would depend on the node's place: nothing to share
        return base  # type: ignore[no-any-return]
    resolve = functools.lru_cache(maxsize=4096)(base("").resolve)
    return type("_CachedResolutionLoader", (base,), {"resolve": staticmethod(resolve)})


@functools.cache
def _node_types() -> tuple[type[yaml.MappingNode], type[yaml.ScalarNode], type[yaml.SequenceNode]]:
    """yaml's node classes, imported once (an import statement in every call is not free)."""
    import yaml

    return yaml.MappingNode, yaml.ScalarNode, yaml.SequenceNode


def _yaml_candidates(
    root: yaml.Node, seen: set[int], notes: list[tuple[str, int]]
) -> Iterator[Candidate]:
    MappingNode, ScalarNode, SequenceNode = _node_types()
    stack: list[tuple[yaml.Node, bool, str, ApiContext | None]] = [(root, False, "", None)]
    while stack and len(seen) < _MAX_NODES:
        node, in_datasets, parent_key, outer = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            yield from _yaml_env_entry(node)
            context = outer
            if may_talk_to_an_api((k.value for k, _ in node.value), parent_key):
                fields = {
                    str(k.value): v.value
                    for k, v in node.value
                    if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)
                }
                context = inherited(api_context(fields, parent_key), outer)
            for key, value in node.value:
                name = str(key.value) if isinstance(key, ScalarNode) else ""
                facts = _key_facts(name)
                kind = facts.kind(in_datasets)
                if kind is not None:
                    for found in _yaml_values(value, facts, kind):
                        kept = judged_in(found, context, notes)
                        if kept is not None:
                            yield kept
                    if kind is RefKind.DATASET and isinstance(value, MappingNode):
                        yield from _yaml_weighted_keys(value)
                elif isinstance(value, ScalarNode) and _may_hold_command(value.value):
                    yield from _yaml_command([value])
                elif name in _SCRIPT_KEYS and isinstance(value, ScalarNode):
                    yield from _yaml_script(value)
                stack.append((value, in_datasets or facts.dataset, name, context))
        elif isinstance(node, SequenceNode):
            yield from _yaml_command(node.value)
            if parent_key in _SCRIPT_KEYS:
                for child in node.value:
                    if isinstance(child, ScalarNode):
                        yield from _yaml_script(child)
            stack.extend((child, in_datasets, parent_key, outer) for child in node.value)


@record(frozen=True)
class _KeyFacts:
    """What a config key says about its value (one lookup per distinct key: keys repeat)."""

    model: bool
    dataset: bool
    dataset_entry: bool  # `path`, `id`, ...: a dataset only inside a datasets list
    explicit: bool
    usage: LocationKind
    folder: bool = False  # a local folder: only a path that names its Hub repo counts

    def kind(self, in_datasets: bool) -> RefKind | None:
        """MODEL for model keys, DATASET for dataset keys (and entry keys in a datasets list)."""
        if self.model or self.folder:
            return RefKind.MODEL
        if self.dataset or (in_datasets and self.dataset_entry):
            return RefKind.DATASET
        return None

    def admits(self, value: str) -> bool:
        """False for a local-folder key's value that does not show its Hub repo."""
        return not self.folder or _names_a_hub_repo(value)


@functools.lru_cache(maxsize=4096)
def _key_facts(key: str) -> _KeyFacts:
    return _KeyFacts(
        model=is_model_key(key),
        dataset=is_dataset_key(key),
        dataset_entry=normal_key(key) in _DATASET_ENTRY_KEYS,
        explicit=_is_explicit_key(key),
        usage=_key_usage(key),
        folder=normal_key(key) in _FOLDER_KEYS,
    )


def _may_hold_command(value: str) -> bool:
    """False when `command_line_candidates([value])` finds nothing for certain."""
    # The hint's literal pieces first: most scalars of a config fail these substring tests,
    # which cost less than a regex search.
    return (
        "\n" not in value
        and ("--" in value or "=" in value or "download" in value or "vllm" in value)
        and _COMMAND_HINT.search(value) is not None
    )


_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _yaml_weighted_keys(node: yaml.MappingNode) -> Iterator[Candidate]:
    """`dataset_mixer: {org/a: 1.0, org/b: 0.5}`: datasets named by keys with a weight."""
    ScalarNode = _node_types()[1]
    for key, value in node.value:
        if (
            isinstance(key, ScalarNode)
            and isinstance(value, ScalarNode)
            and value.tag in _NUMBER_TAGS
        ):
            yield Candidate(
                value=str(key.value).strip(),
                line=key.start_mark.line + 1,
                column=key.start_mark.column + 1,
                path_like=True,
                kind=RefKind.DATASET,
            )


def _yaml_command(nodes: list[yaml.Node]) -> Iterator[Candidate]:
    """Model ids in one command string or in a list of arguments (`[--model, org/x]`)."""
    ScalarNode = _node_types()[1]
    words = [n for n in nodes if isinstance(n, ScalarNode) and isinstance(n.value, str)]
    for candidate in command_line_candidates([w.value for w in words]):
        where = next((w for w in words if candidate.value in w.value), words[0])
        yield replace(candidate, line=where.start_mark.line + 1, column=where.start_mark.column + 1)


# Keys whose value is a script a shell runs: Kubernetes `command` / `args`, CI `run` /
# `script` steps, compose `entrypoint`.
_SCRIPT_KEYS = frozenset(
    {"run", "script", "command", "commands", "args", "cmd", "entrypoint", "before_script"}
)


def _yaml_script(node: yaml.ScalarNode) -> Iterator[Candidate]:
    """A literal block (`args: [|, ...]`, `run: |`) is a shell script, one command a line
    (`pip install ... &&` then `hf download org/x`): read as the shell reader reads a script,
    its commented commands as mentions. Line numbers count from the line after the `|`."""
    text = node.value
    if node.style != "|" or "\n" not in text or not _COMMAND_HINT.search(text):
        return
    first = node.start_mark.line + 2
    for found in find_shell_candidates(text, first):
        yield replace(found, column=None)
    for found in comment_command_candidates(text):
        yield replace(found, line=(found.line or 1) + first - 1, column=None)


def _yaml_env_entry(node: yaml.MappingNode) -> Iterator[Candidate]:
    """A Kubernetes-style `{name: MODEL_ID, value: org/x}` environment entry."""
    ScalarNode = _node_types()[1]
    name = value = None
    for key, item in node.value:  # the last of repeated keys counts, as in a dict
        if isinstance(key, ScalarNode):
            if key.value == "name":
                name = item
            elif key.value == "value":
                value = item
    if (
        isinstance(name, ScalarNode)
        and isinstance(value, ScalarNode)
        and is_model_variable(str(name.value))
        and str(value.value).strip()
    ):
        yield Candidate(
            value=str(value.value).strip(),
            line=value.start_mark.line + 1,
            column=value.start_mark.column + 1,
        )


def command_line_candidates(words: list[str]) -> list[Candidate]:
    """Candidates in argument words joined into one command line, and in each `KEY=value`
    word on its own (no locations)."""
    line = " ".join(word for word in words if "\n" not in word)
    if not _COMMAND_HINT.search(line):
        return []
    found = list(invocation_candidates(line, 1))
    for word in words:
        if "=" in word:
            found.extend(assignment_candidates(word, 1))
    return found


def _yaml_values(node: yaml.Node, facts: _KeyFacts, kind: RefKind) -> Iterator[Candidate]:
    MappingNode, ScalarNode, SequenceNode = _node_types()
    if isinstance(node, MappingNode):
        # A Weights & Biases sweep: `parameters: {model_name_or_path: {value: org/x}}`, or
        # `{values: [org/a, org/b]}` for a grid: the runs get each as the option.
        swept = [v for k, v in node.value if isinstance(k, ScalarNode) and k.value in _SWEPT]
        node = swept[0] if len(swept) == 1 and len(node.value) <= 2 else node
    scalars = node.value if isinstance(node, SequenceNode) else [node]
    for scalar in scalars:
        if isinstance(scalar, ScalarNode) and scalar.tag == "tag:yaml.org,2002:str":
            if not facts.admits(scalar.value.strip()):
                continue
            for value in _each_value(scalar.value.strip(), kind):
                yield Candidate(
                    value=value,
                    line=scalar.start_mark.line + 1,
                    column=scalar.start_mark.column + 1,
                    explicit=facts.explicit,
                    path_like=True,
                    kind=kind,
                    usage=facts.usage,
                )


_SWEPT = frozenset({"value", "values"})


def _each_value(value: str, kind: RefKind) -> list[str]:
    """The datasets a `+`-joined value lists (`train_dataset_name: org/a+org/b`, the syntax of
    Hugging Face's parler-tts and distil-whisper training scripts); any other value whole."""
    if kind is not RefKind.DATASET or "+" not in value or any(c.isspace() for c in value):
        return [value]
    parts = value.split("+")
    return list(dict.fromkeys(parts)) if all(parts) else [value]


def _names_a_hub_repo(folder: str) -> bool:
    """A local-folder value that shows its Hub repo: a path ending in a well-known
    publisher's repo, a cache folder, or such a repo's id itself."""
    return hub_id_in_local_path(folder) is not None or is_well_known_repo(folder)


_YAML_LINE = re.compile(
    r"""^(\s*(?:-\s+)?)([\w.-]+)\s*:\s*(["']?)([^\s"'#{}\[\],]+)\3\s*(?:#.*)?$"""
)


def _yaml_lines(text: str) -> Iterator[Candidate]:
    """`key: value` lines with a model key, for YAML that does not parse."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _YAML_LINE.match(line)
        if match and is_model_key(match.group(2)):
            yield Candidate(
                value=match.group(4),
                line=number,
                column=match.start(4) + 1,
                explicit=_is_explicit_key(match.group(2)),
                path_like=True,
                usage=_key_usage(match.group(2)),
            )


# `"key": "value"` (JSON) or `key = "value"` (TOML), for files that do not parse.
_QUOTED_PAIR = re.compile(r"""["']?([\w.-]+)["']?\s*[:=]\s*["]([^"\s]+)["]""")


def _quoted_pairs(text: str) -> Iterator[Candidate]:
    """Model-key pairs found by pattern in JSON / TOML text that does not parse."""
    for match in _QUOTED_PAIR.finditer(text):
        if is_model_key(match.group(1)):
            line_start = text.rfind("\n", 0, match.start(2)) + 1
            yield Candidate(
                value=match.group(2),
                line=text.count("\n", 0, match.start(2)) + 1,
                column=match.start(2) - line_start + 1,
                explicit=_is_explicit_key(match.group(1)),
                path_like=True,
                usage=_key_usage(match.group(1)),
            )


def is_dataset_key(key: str) -> bool:
    """True for keys such as `dataset`, `datasets`, `dataset_name`, `train_dataset`."""
    normal = normal_key(key)
    return normal in _DATASET_KEYS or normal.endswith(_DATASET_SUFFIXES)


def read_json(text: str) -> Scan:
    """Candidates in a JSON file; lines found by searching the raw text."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, huge ints
        return Scan(
            candidates=tuple(_quoted_pairs(text)),
            notes=(f"invalid JSON, read line by line: {_first_line(error)}",),
        )
    return _located_scan(text, data)


def read_toml(text: str) -> Scan:
    """Candidates in a TOML file; lines found by searching the raw text."""
    try:
        data = parse_toml(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, huge ints
        return Scan(
            candidates=tuple(_quoted_pairs(text)),
            notes=(f"invalid TOML, read line by line: {_first_line(error)}",),
        )
    return _located_scan(text, data)


def _located_scan(text: str, data: Any) -> Scan:
    """Candidates of parsed JSON / TOML, located in `text`; a provider's model names in an
    LLM API's settings dropped with a note, ids in a recorded answer made mentions."""
    notes: list[tuple[str, int]] = []
    found = []
    for candidate, context in _located(text, _data_values(data)):
        kept = judged_in(candidate, context, notes)
        if kept is not None:
            found.append(kept)
    return Scan(candidates=tuple(found), line_notes=tuple(notes))


# (key, value, explicit, kind, usage, the LLM API settings around it)
_DataValue = tuple[str, str, bool, RefKind, LocationKind, ApiContext | None]


def _data_values(data: Any) -> Iterator[_DataValue]:
    """(key, value, explicit, kind, usage, API context) for every model or dataset key in
    parsed JSON / TOML."""
    stack: list[tuple[Any, bool, bool, str, ApiContext | None]] = [(data, False, False, "", None)]
    visited = 0
    while stack and visited < _MAX_NODES:
        node, in_datasets, in_catalogue, parent_key, outer = stack.pop()
        visited += 1
        if isinstance(node, dict):
            yield from _data_env_entry(node)
            context = outer
            if may_talk_to_an_api(node, parent_key):
                fields = {k: v for k, v in node.items() if isinstance(k, str) and _is_scalar(v)}
                context = inherited(api_context(fields, parent_key), outer)
            for key, value in node.items():
                facts = _key_facts(key) if isinstance(key, str) else None
                kind = facts.kind(in_datasets) if facts is not None else None
                if facts is not None and kind is not None:
                    usage = LocationKind.MENTION if in_catalogue else facts.usage
                    if kind is RefKind.DATASET and isinstance(value, dict):
                        yield from _weighted_keys(value, usage)
                    items = value if isinstance(value, list) else [value]
                    for item in items:
                        if isinstance(item, str) and facts.admits(item.strip()):
                            for each in _each_value(item.strip(), kind):
                                yield key, each, facts.explicit, kind, usage, context
                elif isinstance(value, str):
                    yield from _data_command([value])
            stack.extend(
                (
                    value,
                    in_datasets or (isinstance(key, str) and _key_facts(key).dataset),
                    in_catalogue,  # a record's nested specs (Xinference's `model_specs`) too
                    key if isinstance(key, str) else "",
                    context,
                )
                for key, value in reversed(node.items())
            )
        elif isinstance(node, list):
            yield from _data_command(node)
            catalogue = in_catalogue or _is_catalogue(node)
            stack.extend(
                (child, in_datasets, catalogue, parent_key, outer) for child in reversed(node)
            )


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) or value is None


def _weighted_keys(mapping: dict[Any, Any], usage: LocationKind) -> Iterator[_DataValue]:
    """`"dataset_mixer": {"org/a": 1.0}`: datasets named by keys with a weight."""
    for key, weight in mapping.items():
        if isinstance(key, str) and isinstance(weight, (int, float)) and key.strip():
            yield "", key.strip(), False, RefKind.DATASET, usage, None


def _is_catalogue(items: list[Any]) -> bool:
    """A list of many objects that each name a model: a registry or a results table; or of
    a few records that each offer their model from several hubs (Xinference's 17-record
    `rerank/model_spec.json`: `model_src: {huggingface: {model_id}, modelscope: {...}}`),
    the entries of a registry a user picks from, not models the project runs."""
    if len(items) < _CATALOGUE_RECORDS:
        return len(items) >= 2 and sum(_offers_sources(item, 3) for item in items) >= 2
    records = sum(
        1
        for item in items
        if isinstance(item, dict)
        and any(isinstance(key, str) and is_model_key(key) for key in item)
    )
    return records >= _CATALOGUE_RECORDS


# Where a registry record says its model can be downloaded from.
_HUB_SOURCES = frozenset({"huggingface", "hf", "modelscope", "ms", "openmind_hub", "csghub"})


def _offers_sources(item: Any, depth: int) -> bool:
    """True when `item` holds, `depth` levels down at most, a mapping that names a model
    under two or more hubs."""
    if not isinstance(item, dict) or depth < 0:
        return False
    hubs = [
        value
        for key, value in item.items()
        if isinstance(key, str) and key.lower() in _HUB_SOURCES and isinstance(value, dict)
    ]
    if sum(any(isinstance(k, str) and is_model_key(k) for k in hub) for hub in hubs) >= 2:
        return True
    children = [
        child
        for value in item.values()
        for child in (value if isinstance(value, list) else [value])
    ]
    return any(_offers_sources(child, depth - 1) for child in children)


def _data_command(items: list[Any]) -> Iterator[_DataValue]:
    words = [item for item in items if isinstance(item, str)]
    for candidate in command_line_candidates(words):
        yield "", candidate.value, candidate.explicit, candidate.kind, LocationKind.USE, None


def _data_env_entry(node: dict[Any, Any]) -> Iterator[_DataValue]:
    name, value = node.get("name"), node.get("value")
    if (
        isinstance(name, str)
        and isinstance(value, str)
        and is_model_variable(name)
        and value.strip()
    ):
        yield "value", value.strip(), False, RefKind.MODEL, LocationKind.USE, None


def _located(
    text: str, values: Iterator[_DataValue]
) -> Iterator[tuple[Candidate, ApiContext | None]]:
    cursor: dict[str, int] = {}
    # Lines counted on from the previous value (values come mostly in text order): from the
    # start each time, a results JSON of ~20,000 values took 15 s.
    counted, newlines = 0, 0
    for key, value, explicit, kind, usage, context in values:
        if not value:
            continue
        offset = _find_quoted(text, key, value, cursor.get(value, 0))
        line = column = None
        if offset >= 0:
            cursor[value] = offset + 1
            if offset < counted:
                counted, newlines = 0, 0
            newlines += text.count("\n", counted, offset)
            counted = offset
            line = newlines + 1
            column = offset - text.rfind("\n", 0, offset)
        candidate = Candidate(
            value=value,
            line=line,
            column=column,
            explicit=explicit,
            path_like=kind is RefKind.MODEL,
            kind=kind,
            usage=usage,
        )
        yield candidate, context


def _find_quoted(text: str, key: str, value: str, start: int) -> int:
    """Offset of the quoted `value`, preferring one that follows `key` (no key: the value
    inside a command string)."""
    if not key:
        found = text.find(value, start)
        return found if found >= 0 else text.find(value)
    escaped = re.escape(value)
    # The key's own literal first, so that `re` can skip ahead to it: an optional quote
    # before it made every search try each offset (Xinference's 1.3 MB catalogue: 21 s).
    pattern = re.compile(rf"""{re.escape(key)}["']?\s*[:=]\s*(?:\[[^\]]*?)?["']({escaped})["']""")
    match = pattern.search(text, start) or pattern.search(text)
    if match:
        return match.start(1)
    # a part of a `+`-joined value (see _each_value) sits between a quote or a `+`
    plain = re.compile(rf"""["'+]({escaped})["'+]""").search(text, start)
    return plain.start(1) if plain else -1


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
