"""Shell scripts and Makefiles: `huggingface-cli download`, `hf download`, model variables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.python_source import find_candidates_by_regex
from llmaudit.lazy_regex import lazy_compile
from llmaudit.models import LocationKind, RefKind

HINT = lazy_compile(
    rb"download|[Mm][Oo][Dd][Ee][Ll]|REPO_ID|repo_id|from_pretrained|vllm|TOKENIZER|ADAPTER|ollama"
)
# `huggingface-cli download`, `hf download` and torchtune's `tune download`
_DOWNLOAD = lazy_compile(
    r"(?:huggingface-cli|\bhf|\btune)\s+download\s+(.*?)(?=\s*(?:&&|\|\||;|\|)|$)"
)
_SERVE = lazy_compile(r"\bvllm\s+serve\s+(\S+)")
# Ollama runs a GGUF repo of the Hub by its address (`ollama run hf.co/org/name:Q4_K_M`, the
# quantization tag after ":"); a plain name (`ollama run llama3.2`) is Ollama's own library.
_OLLAMA = lazy_compile(
    r"\bollama\s+(?:run|pull)\s+(?:https?://)?(?:hf\.co|(?:www\.)?huggingface\.co)/([^\s:'\"`]+)"
)
_ASSIGNMENT = lazy_compile(
    r"^\s*(?:export\s+|readonly\s+|declare\s+(?:-\w+\s+)?|local\s+|override\s+)?"
    r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:\?=|:=|::=|=)\s*(.*)$"
)
# a role prefix names another model the command loads: --reward_model_name_or_path; any
# prefix does before transformers' own `model_name_or_path` (--vision_model_name_or_path)
_FLAG_NAME = (
    r"--(?:(?:reward|ref|teacher|student|draft|sft|judge|critic)[-_]"
    r"|[a-z]+[-_](?=model[-_]name[-_]or[-_]path))?(model|model[-_]name|model[-_]id|model[-_]name[-_]or[-_]path|pretrained[-_]model"
    r"[-_]name[-_]or[-_]path|base[-_]model|tokenizer|tokenizer[-_]name|repo[-_]id|adapter"
    r"|model[-_]path|tokenizer[-_]path|(?:mm[-_])?(?:vision|image|audio|video)[-_]tower)"
)
_FLAG = lazy_compile(_FLAG_NAME + r"(?:=|\s+)([\"']?)([^\s\"']+)\2")
_WHOLE_FLAG = lazy_compile(_FLAG_NAME)
_EXPLICIT_FLAGS = frozenset({"model_name_or_path", "pretrained_model_name_or_path"})
# Dataset options and every value they take, "org/name" only: `--dataset_name org/d` (TRL
# and transformers example scripts), ms-swift's `--dataset 'org/a#500' 'org/b:subset'`,
# DeepSpeed-Chat's `--data_path org/a org/b` (a local path is no "org/name", see refs).
# Also under a config namespace (OpenRLHF's `--data.prompt_dataset`, `--eval.dataset`), with
# a role (`--prompt_dataset`, `--sft_dataset`, F5-TTS's `--huggingface-dataset`) and
# open-instruct's mixer lists
# (`--dataset_mixer_list org/a 1.0 org/b 0.5`, `--dataset_mixer_eval_list`).
_DATASET_FLAG_NAME = (
    r"--(?:[a-z]+\.)*(?:(?:(?:train|training|val|valid|validation|eval|test|prompt|pretrain"
    r"|sft|reward|preference|huggingface|hf)[-_])?datasets?"
    r"(?:[-_](?:names?|paths?|mixer(?:[-_](?:eval[-_])?list)?))?|data[-_]path)"
)
_DATASET_FLAG = _DATASET_FLAG_NAME + r"(?=[=\s])=?"  # compiled on first use
# A flag whose value is a variable of the script (`--data.prompt_dataset ${DATASET_PATH}`,
# `--model_name_or_path "$BASE"`): the variable's assignment holds the id. (Compiled on
# first use, by `re`'s own cache: most scans never need it.)
_FLAG_WITH_VARIABLE = r"""(--[\w.-]+)[=\s]+["']?\$\{?([A-Za-z_]\w*)\}?["']?(?=[\s;&|)]|$)"""
_FLAG_VALUE_WORD = lazy_compile(r"""\s*("[^"\s]+"|'[^'\s]+'|[^\s"'=&|;<>()$`-][^\s"'&|;<>()`]*)""")
# lm-evaluation-harness `--model_args pretrained=org/x,peft=org/y,tokenizer=org/z` (the same
# string as a Python `model_args=` argument or a YAML `model_args:` value).
_MODEL_ARGS = lazy_compile(r"(?<![\w-])(pretrained|peft|delta|tokenizer)=([^\s,\"'}]+)")
_PARAMETER_DEFAULT = lazy_compile(r"^\$\{\w+:?[-=]([^}]*)\}$")
_MODEL_VAR_TOKENS = frozenset({"MODEL", "MODELS", "TOKENIZER", "ADAPTER", "CHECKPOINT"})
_NOT_ID_VAR_TOKENS = frozenset(
    {
        "DIR",
        "DIRECTORY",
        "FILE",
        "URL",
        "TYPE",
        "REVISION",
        "VERSION",
        "TASK",
        "DTYPE",
        "SIZE",
        "CACHE",
        "HOME",
        "TOKEN",
        "KEY",
        "PORT",
        "HOST",
        "LEN",
        "MAX",
        "NUM",
    }
)
# Options of `huggingface-cli download` / `hf download` that take a value.
_VALUE_OPTIONS = frozenset(
    {
        "--repo-type",
        "--revision",
        "--include",
        "--exclude",
        "--cache-dir",
        "--local-dir",
        "--local-dir-use-symlinks",
        "--token",
        "--max-workers",
        "--format",
        "--output-dir",  # tune download
        "--ignore-patterns",
        "--hf-token",
    }
)


def read_shell(text: str) -> Scan:
    """Candidates in a shell script or Makefile (commands in comments as mentions)."""
    found = locate_physically(find_shell_candidates(text, 1), text)
    return Scan(
        candidates=found
        + tuple(comment_command_candidates(text))
        + tuple(variable_flag_candidates(text))
        + locate_physically(request_candidates(text), text)
    )


def variable_flag_candidates(text: str) -> Iterator[Candidate]:
    """Model and dataset flags given a variable of the script (`DATASETS="org/a 1.0"` ...
    `--dataset_mixer_list $DATASETS`): each "org/name" word of the variable's assignments,
    where it is written (a model flag takes the first word only)."""
    if "$" not in text or "--" not in text:
        return
    assignments: dict[str, list[tuple[int, str, int]]] | None = None
    for _, line in logical_lines(text):
        code = _strip_comment(line)
        if "$" not in code or "--" not in code:
            continue
        for match in re.finditer(_FLAG_WITH_VARIABLE, code):
            flag, name = match.groups()
            if is_model_flag(flag):
                kind = RefKind.MODEL
            elif "data" in flag and re.fullmatch(_DATASET_FLAG_NAME, flag):
                kind = RefKind.DATASET
            else:
                continue
            if assignments is None:
                assignments = _assignments(text)
            for assigned_line, value, column in assignments.get(name, ()):
                yield from _variable_words(value, assigned_line, column, kind)


def _variable_words(value: str, line: int, column: int, kind: RefKind) -> Iterator[Candidate]:
    words = value.split() if kind is RefKind.DATASET else value.split()[:1]
    offset = 0
    for word in words:
        offset = value.find(word, offset)
        if "/" in word:
            yield Candidate(
                value=word, line=line, column=column + offset, kind=kind, path_like=True
            )
        offset += len(word)


def _assignments(text: str) -> dict[str, list[tuple[int, str, int]]]:
    """Variable -> (line, value, 1-based column of the value) of each plain assignment."""
    found: dict[str, list[tuple[int, str, int]]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _ASSIGNMENT.match(_strip_comment(line))
        if match is None:
            continue
        value = _unquote(match.group(2).strip())
        default = _PARAMETER_DEFAULT.match(value)
        if default:
            value = _unquote(default.group(1))
        if not value or "$(" in value or "`" in value:
            continue  # computed at run time
        column = line.find(value, match.start(2))
        found.setdefault(match.group(1), []).append((number, value, column + 1))
    return found


# `curl ... -d '{"model": "org/x", ...}' http://host:port/v1/completions`: a request to an
# OpenAI-style server; its address says who serves the model (as for Python clients).
# (compiled on first use, by `re`'s own cache)
_CURL_DATA = r"""(?:-d|--data(?:-raw|-binary)?|--json)\s+(['"])(\{.*?\})\1"""
_JSON_MODEL = r"""["'](?:model|model_id|model_name)["']\s*:\s*["']([^"'\s]+)["']"""
_URL = r"""["']?https?://\S+"""  # quotes inside are the shell's: http://"$1":"$2"/v1


def request_candidates(text: str) -> Iterator[Candidate]:
    """Models named in the JSON body of a `curl` request: a use when the address is a
    server of the project's own or a Hugging Face endpoint, dropped for a provider that
    names its own models, else a mention."""
    from llmaudit.discover.api_context import ApiContext, client_usage

    if "curl" not in text:
        return
    for number, line in logical_lines(text):
        code = _strip_comment(line)
        if "curl" not in code:
            continue
        url = re.search(_URL, code)
        address = url.group(0).replace('"', "").replace("'", "") if url else None
        usage = client_usage(address)
        if isinstance(usage, ApiContext):
            continue  # the provider's own model name, no Hub id
        for body in re.finditer(_CURL_DATA, code):
            for model in re.finditer(_JSON_MODEL, body.group(2)):
                if "/" in model.group(1):
                    yield Candidate(
                        value=model.group(1),
                        line=number,
                        column=body.start(2) + model.start(1) + 1,
                        usage=usage,
                    )


def locate_physically(candidates: Iterable[Candidate], text: str) -> tuple[Candidate, ...]:
    """Move candidates of joined (backslash-continued) lines to the physical line of the value."""
    lines = text.splitlines()
    placed = []
    for candidate in candidates:
        start = (candidate.line or 1) - 1
        for number in range(start, min(len(lines), start + 200)):
            column = lines[number].find(candidate.value)
            if column >= 0:
                candidate = replace(candidate, line=number + 1, column=column + 1)
                break
        placed.append(candidate)
    return tuple(placed)


def comment_command_candidates(text: str) -> Iterator[Candidate]:
    """Download and serve commands written in `#` comments (`# tune download org/x
    --output-dir /tmp/x`, the setup step a config's header asks for): mentions, since a
    comment runs nothing."""
    if "download" not in text and "serve" not in text:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        hash_at = line.find("#")
        if hash_at < 0 or ("download" not in line and "serve" not in line):
            continue
        comment = line[hash_at + 1 :]
        for found in _downloads(comment, number):
            column = None if found.column is None else found.column + hash_at + 1
            yield replace(found, column=column, usage=LocationKind.MENTION)


def find_shell_candidates(text: str, first_line: int) -> Iterator[Candidate]:
    """Download commands, `vllm serve`, model flags and model variables, line by line."""
    for number, line in logical_lines(text, first_line):
        code = _strip_comment(line)
        if code.strip():
            yield from command_candidates(code, number)
    yield from find_candidates_by_regex(text) if first_line == 1 else ()


def command_candidates(code: str, number: int) -> Iterator[Candidate]:
    """Download and serve commands, model flags and a model variable in one command line."""
    yield from invocation_candidates(code, number)
    yield from assignment_candidates(code, number)


def invocation_candidates(code: str, number: int) -> Iterator[Candidate]:
    """`huggingface-cli download X`, `vllm serve X` and `--model X` style flags."""
    yield from _downloads(code, number)
    yield from _flags(code, number)
    yield from _model_args(code, number)


def _model_args(code: str, number: int) -> Iterator[Candidate]:
    if "pretrained=" not in code:
        return
    for match in _MODEL_ARGS.finditer(code):
        yield Candidate(
            value=match.group(2),
            line=number,
            column=match.start(2) + 1,
            explicit=match.group(1) == "pretrained",
        )


def logical_lines(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Lines with backslash continuations joined, each with its first line number."""
    joined: list[tuple[int, str]] = []
    pending: list[str] = []
    start = first_line
    for offset, line in enumerate(text.splitlines()):
        if not pending:
            start = first_line + offset
        if line.rstrip().endswith("\\"):
            pending.append(line.rstrip()[:-1])
            continue
        joined.append((start, " ".join([*pending, line])))
        pending = []
    if pending:
        joined.append((start, " ".join(pending)))
    return joined


def _strip_comment(line: str) -> str:
    stripped = line.lstrip()
    return "" if stripped.startswith("#") else re.sub(r"\s#.*$", "", line)


def _downloads(code: str, number: int) -> Iterator[Candidate]:
    """Every `vllm serve X` and `huggingface-cli download X` of the line (`a && b` has two)."""
    for serve in _SERVE.finditer(code):
        yield Candidate(value=_unquote(serve.group(1)), line=number, column=serve.start(1) + 1)
    for pulled in _OLLAMA.finditer(code):
        yield Candidate(value=pulled.group(1), line=number, column=pulled.start(1) + 1)
    for match in _DOWNLOAD.finditer(code):
        import shlex

        try:
            words = shlex.split(match.group(1), comments=False)
        except ValueError:
            words = match.group(1).split()
        repo, options = _parse_download_args(words)
        if repo is None or options.get("--repo-type") == "space":
            continue
        kind = RefKind.DATASET if options.get("--repo-type") == "dataset" else RefKind.MODEL
        column = code.find(repo, match.start(1))
        yield Candidate(
            value=repo,
            line=number,
            column=column + 1 if column >= 0 else None,
            kind=kind,
            revision=options.get("--revision"),
            explicit=True,
        )


def _parse_download_args(words: list[str]) -> tuple[str | None, dict[str, str]]:
    repo = None
    options: dict[str, str] = {}
    index = 0
    while index < len(words):
        word = words[index]
        if word in {"&&", "||", ";", "|", "\\"}:
            break
        if word.startswith("--") and "=" in word:
            key, value = word.split("=", 1)
            options[key] = value
        elif word in _VALUE_OPTIONS and index + 1 < len(words):
            options[word] = words[index + 1]
            index += 1
        elif not word.startswith("-") and repo is None:
            repo = word
        index += 1
    return repo, options


def _flags(code: str, number: int) -> Iterator[Candidate]:
    for match in _FLAG.finditer(code):
        flag = match.group(1).replace("-", "_")
        yield Candidate(
            value=match.group(3),
            line=number,
            column=match.start(3) + 1,
            explicit=flag in _EXPLICIT_FLAGS,
        )
    for match in re.finditer(_DATASET_FLAG, code) if "data" in code else ():
        for value, column in _flag_values(code, match.end()):
            if "/" not in value:
                continue  # a local name (`--dataset alpaca_zh`): only "org/name" counts here
            yield Candidate(
                value=value, line=number, column=column, kind=RefKind.DATASET, path_like=True
            )


def _flag_values(code: str, start: int) -> Iterator[tuple[str, int]]:
    """The words an option takes from `start` on (nargs="+": up to the next option or
    shell operator), unquoted, each with its 1-based column."""
    while True:
        word = _FLAG_VALUE_WORD.match(code, start)
        if word is None:
            return
        text = word.group(1)
        quoted = text[0] in "\"'"
        yield (text[1:-1] if quoted else text), word.start(1) + 1 + quoted
        start = word.end()


def is_model_flag(word: str) -> bool:
    """`--model-path`, `--tokenizer_name`, `--reward_model_name_or_path`, `--vision_tower`."""
    return _WHOLE_FLAG.fullmatch(word) is not None


def assignment_candidates(code: str, number: int) -> Iterator[Candidate]:
    """`MODEL_ID=org/x` (also `export`, Make's `?=` / `:=`, `${VAR:-default}`)."""
    match = _ASSIGNMENT.match(code)
    if not match or not is_model_variable(match.group(1)):
        return
    value = _unquote(match.group(2).strip())
    default = _PARAMETER_DEFAULT.match(value)
    if default:
        value = _unquote(default.group(1))
    if value:
        column = code.find(value, match.start(2))
        yield Candidate(value=value, line=number, column=column + 1 if column >= 0 else None)


def is_model_variable(name: str) -> bool:
    """MODEL_ID, HF_MODEL, BASE_MODEL_NAME, EMBEDDING_MODEL, ... but not MODEL_DIR."""
    tokens = set(name.upper().strip("_").split("_"))
    return bool(tokens & _MODEL_VAR_TOKENS) and not tokens & _NOT_ID_VAR_TOKENS


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value
