"""Which reader handles which file: an explicit table keyed by file name and suffix."""

from __future__ import annotations

from collections.abc import Callable

from llmaudit.discover import config_files, dockerfiles, dotenv, notebooks, shell_scripts, urls
from llmaudit.discover.candidates import Scan
from llmaudit.discover.python_prefilter import is_worth_parsing
from llmaudit.discover.python_source import scan_python
from llmaudit.records import record


@record(frozen=True)
class Reader:
    """A reader, the bytes pattern a file needs to be worth decoding, and a name for notes."""

    name: str
    hint: Callable[[bytes], object]
    read: Callable[[str], Scan]


def _read_python(text: str) -> Scan:
    scan = scan_python(text)
    notes = () if scan.parsed else ("not valid Python; scanned by pattern only",)
    return Scan(
        candidates=scan.candidates,
        notes=notes,
        wanted=scan.wanted,
        helpers=scan.helpers,
        deferred_helpers=scan.deferred_helpers,
        attribute_sinks=scan.attribute_sinks,
        line_notes=scan.line_notes,
    )


PYTHON = Reader("python", is_worth_parsing, _read_python)
NOTEBOOK = Reader("notebook", notebooks.has_hint, notebooks.read_notebook)
YAML = Reader("yaml", config_files.has_hint, config_files.read_yaml)
JSON = Reader("json", config_files.has_hint, config_files.read_json)
TOML = Reader("toml", config_files.has_hint, config_files.read_toml)
DOCKERFILE = Reader("dockerfile", dockerfiles.HINT.search, dockerfiles.read_dockerfile)
SHELL = Reader("shell", shell_scripts.HINT.search, shell_scripts.read_shell)
DOTENV = Reader("dotenv", dotenv.HINT.search, dotenv.read_dotenv)


# The JS/TS and Rust readers are imported when a file first needs them: a pre-commit run on
# Python files does not pay for them (2.5 ms of imports).
def _js_hint(data: bytes) -> bool:
    from llmaudit.discover.js_source import has_hint

    return has_hint(data)


def _read_js(text: str) -> Scan:
    from llmaudit.discover.js_source import read_js

    return read_js(text)


def _read_component(text: str) -> Scan:
    from llmaudit.discover.js_source import read_js_in_markup

    return read_js_in_markup(text)


def _rust_hint(data: bytes) -> object:
    from llmaudit.discover.rust_source import HINT

    return HINT.search(data)


def _read_rust(text: str) -> Scan:
    from llmaudit.discover.rust_source import read_rust

    return read_rust(text)


JAVASCRIPT = Reader("javascript", _js_hint, _read_js)
COMPONENT = Reader("component", _js_hint, _read_component)
RUST = Reader("rust", _rust_hint, _read_rust)
DOC_LINKS = Reader("doc-links", urls.has_hint, urls.read_doc_links)
CODE_LINKS = Reader("code-links", urls.has_hint, urls.read_code_links)
PYTHON_LINKS = Reader("code-links", urls.has_hint, urls.read_python_links)

_BY_SUFFIX: dict[str, Reader] = {
    ".py": PYTHON,
    ".pyw": PYTHON,
    ".ipynb": NOTEBOOK,
    ".yaml": YAML,
    ".yml": YAML,
    ".json": JSON,
    ".toml": TOML,
    ".js": JAVASCRIPT,
    ".mjs": JAVASCRIPT,
    ".cjs": JAVASCRIPT,
    ".jsx": JAVASCRIPT,
    ".ts": JAVASCRIPT,
    ".mts": JAVASCRIPT,
    ".cts": JAVASCRIPT,
    ".tsx": JAVASCRIPT,
    # Svelte and Vue components: the JavaScript of their <script> blocks
    ".svelte": COMPONENT,
    ".vue": COMPONENT,
    ".sh": SHELL,
    ".bash": SHELL,
    ".zsh": SHELL,
    ".mk": SHELL,
    ".dockerfile": DOCKERFILE,
    ".env": DOTENV,
    ".rs": RUST,
    # Helm / Terraform templates of YAML values (`values.tpl`, vLLM production-stack's
    # `cpu-tinyllama-light.tpl`): YAML that may not parse is read line by line.
    ".tpl": YAML,
}
# Templates rendered into YAML by Jinja (Ansible, cookiecutter): read as the YAML they become.
_YAML_TEMPLATES = (".yaml.j2", ".yml.j2", ".yaml.jinja", ".yml.jinja", ".yaml.tpl", ".yml.tpl")
_BY_NAME: dict[str, Reader] = {
    "dockerfile": DOCKERFILE,
    "containerfile": DOCKERFILE,
    "makefile": SHELL,
    "gnumakefile": SHELL,
    "justfile": SHELL,
    ".env": DOTENV,
}
# Lock files and manifests are read by manifests/, not as configs (they name packages).
_NOT_CONFIG = frozenset(
    {
        "package.json",
        "package-lock.json",
        "composer.json",
        "composer.lock",
        "pipfile.lock",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "pixi.lock",
        "pylock.toml",
        "pyproject.toml",
        "cargo.toml",
        "cargo.lock",
        "tsconfig.json",
        ".pre-commit-config.yaml",
        ".pre-commit-hooks.yaml",
        "pnpm-lock.yaml",
        "yarn.lock",
    }
)
# Other text files are only searched for huggingface.co links: in documentation every link is
# a mention; in code of other languages and in templates a file download can be a use.
_DOC_SUFFIXES = frozenset(
    {".md", ".rst", ".txt", ".html", ".htm", ".mdx", ".qmd", ".rmd", ".tex", ".adoc"}
)
_TEXT_SUFFIXES = frozenset(
    {
        ".cfg",
        ".ini",
        ".java",
        ".kt",
        ".go",
        ".rb",
        ".r",
        ".jl",
        ".sql",
        ".tf",
        ".hcl",
        ".conf",
        ".properties",
        ".scala",
        ".swift",
        ".cs",
        ".cpp",
        ".c",
        ".h",
        ".hpp",
        ".lua",
        ".php",
        ".xml",
        ".j2",
        ".jinja",
    }
)


def readers_for(name: str) -> tuple[Reader, ...]:
    """The readers for a file name (empty when the file is not worth opening)."""
    lower = name.lower()
    if lower in _NOT_CONFIG or (lower.startswith("pylock.") and lower.endswith(".toml")):
        return ()
    reader = _BY_NAME.get(lower)
    if reader is None and (lower.startswith(".env.") or lower.startswith("dockerfile.")):
        reader = DOTENV if lower.startswith(".env.") else DOCKERFILE
    if reader is None and lower.endswith(".dockerfile"):
        reader = DOCKERFILE
    suffix = lower[lower.rfind(".") :] if "." in lower else ""
    if reader is None and lower.endswith(_YAML_TEMPLATES):
        reader = YAML
    if reader is None:
        reader = _BY_SUFFIX.get(suffix)
    if reader is None:
        if suffix in _DOC_SUFFIXES:
            return (DOC_LINKS,)
        return (CODE_LINKS,) if suffix in _TEXT_SUFFIXES else ()
    if reader is NOTEBOOK:
        return (NOTEBOOK,)  # the notebook reader searches its cells for links itself
    if reader is PYTHON:
        return (PYTHON, PYTHON_LINKS)
    return (reader, CODE_LINKS)
