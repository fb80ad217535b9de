"""`.env` files: MODEL_ID=org/name, EMBEDDING_MODEL="org/name", ..."""

from __future__ import annotations

import re
from collections.abc import Iterator

from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.shell_scripts import is_model_variable

HINT = re.compile(rb"[Mm][Oo][Dd][Ee][Ll]|TOKENIZER|ADAPTER|CHECKPOINT")
_LINE = re.compile(r"""^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$""")


def read_dotenv(text: str) -> Scan:
    """Candidates in one .env file."""
    return Scan(candidates=tuple(_find(text)))


def _find(text: str) -> Iterator[Candidate]:
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.match(line)
        if not match or not is_model_variable(match.group(1)):
            continue
        value = _value(match.group(2))
        if value:
            column = line.find(value, match.start(2))
            yield Candidate(value=value, line=number, column=column + 1)


def _value(raw: str) -> str:
    raw = raw.strip()
    if raw[:1] in {'"', "'"}:
        end = raw.find(raw[0], 1)
        return raw[1:end].strip() if end > 0 else ""
    return re.sub(r"\s+#.*$", "", raw).strip()
