"""Dockerfiles: `RUN huggingface-cli download`, and ENV / ARG model variables (never FROM)."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator

from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.shell_scripts import (
    find_shell_candidates,
    is_model_variable,
    locate_physically,
    logical_lines,
)

HINT = re.compile(rb"download|[Mm][Oo][Dd][Ee][Ll]|REPO_ID|from_pretrained|vllm|TOKENIZER|ADAPTER")
_INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)\s+(.*)$")
_PAIR = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)""")


def read_dockerfile(text: str) -> Scan:
    """Candidates in one Dockerfile."""
    return Scan(candidates=locate_physically(_find(text), text))


def _find(text: str) -> Iterator[Candidate]:
    for number, line in logical_lines(text):
        match = _INSTRUCTION.match(line)
        if not match:
            continue
        instruction, rest = match.group(1).upper(), match.group(2)
        if instruction == "RUN" or instruction in {"CMD", "ENTRYPOINT"}:
            yield from find_shell_candidates(_exec_form_as_shell(rest), number)
        elif instruction in {"ENV", "ARG", "LABEL"}:
            yield from _variables(rest, number, line)


def _exec_form_as_shell(rest: str) -> str:
    """`CMD ["text-generation-launcher", "--model-id", "org/x"]` (the exec form, a JSON array
    of words) as the shell line it runs; anything else unchanged."""
    if not rest.lstrip().startswith("["):
        return rest
    try:
        words = json.loads(rest)
    except ValueError:
        return rest
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        return rest
    return shlex.join(words)


def _variables(rest: str, number: int, line: str) -> Iterator[Candidate]:
    pairs = [(m.group(1), m.group(2)) for m in _PAIR.finditer(rest)]
    if not pairs:  # legacy form: ENV MODEL_ID org/name
        parts = rest.split(None, 1)
        pairs = [(parts[0], parts[1])] if len(parts) == 2 else []
    for name, raw in pairs:
        value = raw.strip().strip("\"'")
        if is_model_variable(name) and value:
            column = line.find(value)
            yield Candidate(value=value, line=number, column=column + 1 if column >= 0 else None)
