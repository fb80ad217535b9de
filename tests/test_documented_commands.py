"""Every command and CI recipe in the README and docs, run as pasted on the example project.

Each `sh` block line that calls llmaudit, the GitHub Actions workflow (through `action.yml`'s
own script), the GitLab job's script and the local pre-commit hook run offline on a copy of
`examples/demo-project`; every file a command or recipe names must then hold the format its
name (and its `-o FORMAT=`) says: SARIF against the official schema, CycloneDX and SPDX
through their libraries' validators, JUnit as XML, and so on.
"""

from __future__ import annotations

import importlib.metadata
import itertools
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from llmaudit import __version__
from llmaudit.report.formats import FORMAT_NAMES, format_for_filename

REPO = Path(__file__).resolve().parents[1]
DOCS = (REPO / "README.md", *sorted((REPO / "docs").glob("*.md")))
SCHEMAS = Path(__file__).resolve().parent / "data" / "schemas"
DEMO = REPO / "examples" / "demo-project"
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
# Set-up lines (a fresh venv, an install from the clone) are run by .ci/run and
# tests/cli/test_console_script.py; `git add` needs a repository.
SETUP = re.compile(r"^(python3 -m venv |pip install |git add )")
HOSTED = "https://github.com/OWNER/llmaudit"
CLONE = "file://$PWD"  # the install line run in a clone
pytestmark = pytest.mark.slow


def _blocks(lang: str) -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for block_lang, body in FENCE.findall(doc.read_text(encoding="utf-8")):
            if block_lang == lang:
                found.append((doc.relative_to(REPO).as_posix(), body))
    return found


def _shell_lines() -> list[tuple[str, str]]:
    lines = []
    for doc, body in _blocks("sh"):
        for line in body.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+", " ", line).strip()
            if line and not line.startswith("#"):
                lines.append((doc, line))
    return lines


def _llmaudit_commands() -> list[tuple[str, str]]:
    return [(doc, line) for doc, line in _shell_lines() if line.startswith("llmaudit ")]


def _recipe(key: str) -> dict:
    matches = [yaml.safe_load(body) for _, body in _blocks("yaml") if key in body]
    assert len(matches) == 1, f"expected one recipe with {key!r} in the docs"
    return matches[0]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """`examples/demo-project` copied under a temp folder (commands run in the copy)."""
    shutil.copytree(DEMO, tmp_path / "examples" / "demo-project")
    return tmp_path


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        HF_HUB_OFFLINE="1",
        LLMAUDIT_CACHE_DIR=str(tmp_path / "cache"),
        SOURCE_DATE_EPOCH="1767225600",
        NO_COLOR="1",
        COLUMNS="100",
    )
    return env


def _run_shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _named_files(command: str) -> dict[str, str | None]:
    """Files a command writes: `-o FORMAT=PATH` -> FORMAT, `--output PATH` -> None."""
    words = shlex.split(command)
    named: dict[str, str | None] = {}
    for option, value in itertools.pairwise(words):
        fmt, sep, path = value.partition("=")
        if option == "-o" and sep and fmt in FORMAT_NAMES:
            named[path] = fmt
        elif option in ("-o", "--output") and value not in FORMAT_NAMES:
            named[value] = None
    return named


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)


def assert_holds_format(path: Path, fmt: str) -> None:
    """The file at `path` is a valid document of format `fmt`."""
    assert path.is_file(), f"{path.name} was not written"
    text = path.read_text(encoding="utf-8")
    if fmt == "sarif":
        from jsonschema import Draft7Validator

        schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
        assert list(Draft7Validator(schema).iter_errors(json.loads(text))) == [], path.name
    elif fmt == "cyclonedx":
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator

        assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None, path.name
    elif fmt in ("spdx-json", "spdx-tv"):
        from spdx_tools.spdx.parser.parse_anything import parse_file
        from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

        assert validate_full_spdx_document(parse_file(str(path))) == [], path.name
    elif fmt == "junit":
        assert ET.fromstring(text).tag == "testsuites", path.name
    elif fmt == "html":
        parser = _Html()
        parser.feed(text)
        assert text.lstrip().lower().startswith("<!doctype html>"), path.name
        assert {"html", "head", "body", "table"} <= set(parser.tags), path.name
    elif fmt == "json":
        from jsonschema import Draft202012Validator

        from llmaudit.report.document import report_schema

        report = json.loads(text)
        assert list(Draft202012Validator(report_schema()).iter_errors(report)) == [], path.name
    elif fmt == "markdown":
        assert text.startswith("## ") and "| " in text, path.name
    elif fmt == "notice":
        assert text.startswith("NOTICE\n======\n"), path.name
    elif fmt in ("table", "concise"):
        assert "llmaudit" in text and "facebook/nllb-200-distilled-600M" in text, path.name
    else:  # a format added to the table needs a check here
        raise AssertionError(f"no check for format {fmt}")


def _assert_files_hold_their_formats(named: dict[str, str | None], cwd: Path) -> None:
    for name, given in named.items():
        implied = format_for_filename(name)
        assert given is None or implied in (None, given), f"{name} named as {given}"
        assert given or implied, f"{name}: neither -o FORMAT= nor its name says its format"
        assert_holds_format(cwd / name, given or implied or "")


def test_docs_have_commands_to_run():
    commands = [line for _, line in _llmaudit_commands()]
    assert any(" -o sarif=" in c for c in commands)
    assert any(c.startswith("llmaudit baseline ") for c in commands)


@pytest.mark.parametrize(
    "line", [line for _, line in _shell_lines()], ids=[doc for doc, _ in _shell_lines()]
)
def test_every_shell_line_is_run_here_or_is_setup(line):
    assert line.startswith("llmaudit ") or SETUP.match(line) or " && " in line, line


def test_documented_llmaudit_commands_write_what_they_promise(workdir):
    """Run in order, as a reader pastes them (the baseline is recorded before it is used)."""
    env = _env(workdir)
    project = workdir / "examples" / "demo-project"
    for doc, command in _llmaudit_commands():
        cwd = workdir if "examples/demo-project" in command else project
        result = _run_shell(command, cwd, env)
        assert result.returncode in (0, 1), f"{doc}: {command}\n{result.stderr}"
        assert "Traceback" not in result.stderr
        named = _named_files(command)
        if command.startswith("llmaudit baseline "):
            baseline = json.loads((cwd / next(iter(named))).read_text(encoding="utf-8"))
            assert baseline, f"{doc}: {command} wrote an empty baseline"
            continue
        _assert_files_hold_their_formats(named, cwd)
        for name in named:
            assert f"wrote {name} (" in result.stderr, f"{doc}: {command} did not announce {name}"


def test_github_workflow_runs_the_action_and_uploads_what_it_wrote(workdir, tmp_path):
    workflow = _recipe("upload-sarif")
    steps = workflow["jobs"]["audit"]["steps"]
    audit = next(s for s in steps if str(s.get("uses", "")).startswith("OWNER/llmaudit@"))
    assert audit["uses"] == f"OWNER/llmaudit@v{__version__}"
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    install, scan = action["runs"]["steps"][1:]
    assert '-m pip install -q "$GITHUB_ACTION_PATH${LLMAUDIT_EXTRAS:+[' in install["run"]
    runner = tmp_path / "runner"
    (runner / "llmaudit-venv" / "bin").mkdir(parents=True)
    (runner / "llmaudit-venv" / "bin" / "llmaudit").symlink_to(BIN / "llmaudit")
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    inputs.update({k: str(v) for k, v in audit["with"].items()})
    env = _env(workdir) | {
        "RUNNER_TEMP": str(runner),
        "GITHUB_OUTPUT": str(tmp_path / "out"),
        **{f"LLMAUDIT_{k.upper()}": inputs[k] for k in ("path", "policy", "reports", "args")},
    }
    project = workdir / "examples" / "demo-project"
    result = _run_shell(scan["run"], project, env)
    assert result.returncode == 1, result.stderr  # the example's NC model fails `commercial`
    assert (tmp_path / "out").read_text() == "exit-code=1\n"
    uploaded = [s["with"]["sarif_file"] for s in steps if "upload-sarif" in str(s.get("uses"))]
    kept = [
        p
        for s in steps
        if "upload-artifact" in str(s.get("uses"))
        for p in s["with"]["path"].split()
    ]
    assert uploaded and kept
    _assert_files_hold_their_formats(dict.fromkeys(uploaded + kept), project)
    named = _named_files(f"llmaudit {inputs['reports']}")
    assert set(named) == set(kept)
    _assert_files_hold_their_formats(named, project)


def test_gitlab_job_installs_this_tool_and_writes_its_artifacts(workdir):
    job = _recipe("artifacts")["llmaudit"]
    install, *commands = job["script"]
    assert shlex.split(install) == ["pip", "install", _install_requirement()]
    project = workdir / "examples" / "demo-project"
    for command in commands:
        result = _run_shell(command, project, _env(workdir))
        assert result.returncode == 1, f"{command}\n{result.stderr}"
    artifacts = job["artifacts"]
    assert_holds_format(project / artifacts["reports"]["junit"], "junit")
    _assert_files_hold_their_formats(dict.fromkeys(artifacts["paths"]), project)


def test_local_pre_commit_hook_blocks_the_noncommercial_model(workdir):
    hook = _recipe("language: system")["repos"][0]["hooks"][0]
    project = workdir / "examples" / "demo-project"
    files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    command = " ".join([hook["entry"], *map(shlex.quote, files)])
    result = _run_shell(command, project, _env(workdir))
    assert result.returncode == 1, result.stderr
    assert "[commercial-use] facebook/nllb-200-distilled-600M" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("llmaudit: policy commercial: FAIL")


def _pyproject() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _install_requirement() -> str:
    """The pip requirement that installs this tool's current release from its repository."""
    return f"{_pyproject()['project']['name']} @ git+{HOSTED}@v{__version__}"


def test_remote_hook_and_action_refs_name_the_current_release():
    ids = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    remote = _recipe(f"repo: {HOSTED}")["repos"][0]
    assert remote["rev"] == f"v{__version__}"
    assert {hook["id"] for hook in remote["hooks"]} <= ids
    texts = [doc.read_text(encoding="utf-8") for doc in (*DOCS, REPO / ".pre-commit-hooks.yaml")]
    refs = {ref for text in texts for ref in re.findall(r"(?:rev: |llmaudit@)(v[\d.]+)", text)}
    assert refs == {f"v{__version__}"}


def _install_lines() -> list[str]:
    blocks = [body for doc in DOCS for _, body in FENCE.findall(doc.read_text(encoding="utf-8"))]
    texts = "\n".join([*blocks, (REPO / "action.yml").read_text(encoding="utf-8")])
    return re.findall(r"pip install (?:-q )?(\S+(?: @ \S+)?)", texts)


def test_every_install_line_installs_this_tool():
    """`llmaudit` on PyPI is somebody else's tool: installs come from a clone or this repo."""
    installs = _install_lines()
    assert len(installs) >= 4
    name, _, url = _install_requirement().partition(" @ ")
    from_repo = re.compile(rf'"{re.escape(name)}(\[\w+\])? @ {re.escape(url)}"')
    from_clone = {
        ".",
        "'.[test]'",
        '"$GITHUB_ACTION_PATH${LLMAUDIT_EXTRAS:+[$LLMAUDIT_EXTRAS]}"',
        f'"{url.replace(HOSTED, CLONE)}"',
    }
    strays = [i for i in installs if i not in from_clone and not from_repo.fullmatch(i)]
    assert strays == []


def _git(*args: str, cwd: Path) -> None:
    run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def _pip_for(venv: Path) -> str:
    """A fresh venv at `venv` and the pip command that installs into it: this interpreter's
    pip pointed at it (`--python`, pip 22.3+), which spares the venv its own pip (bootstrapping
    one takes seconds); an older pip gets the venv its own."""
    pip_version = tuple(int(part) for part in importlib.metadata.version("pip").split(".")[:2])
    if pip_version >= (22, 3):
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        return f"{sys.executable} -m pip --python {venv}/bin/python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    return f"{venv}/bin/pip"


def test_install_lines_install_this_release_as_pasted(tmp_path):
    """Each git install line, pasted into a fresh venv: in a clone (`$PWD`), and for the
    repository it was cloned from (`OWNER/llmaudit`, here that clone's own address, as a
    reader replaces OWNER). `--no-deps`: the dependencies come from the index as usual."""
    clone = tmp_path / "llmaudit"
    _git("clone", "-q", str(REPO), str(clone), cwd=tmp_path)
    tag = f"v{__version__}"
    tags = subprocess.run(["git", "tag", "-l", tag], cwd=clone, capture_output=True, text=True)
    if not tags.stdout.strip():  # a clone without the release tag: tag its HEAD as the release
        _git("tag", tag, cwd=clone)
    venv = tmp_path / "venv"
    pip_in_venv = _pip_for(venv)
    # The build backend once, not one isolated build environment per line (time, not meaning).
    pip = f"{pip_in_venv} install -q --no-deps --no-build-isolation"
    backend = _run_shell(f"{pip_in_venv} install -q 'setuptools>=68'", tmp_path, dict(os.environ))
    assert backend.returncode == 0, backend.stderr
    extras = _pyproject()["project"]["optional-dependencies"]
    lines = {}
    for install in _install_lines():
        name, at, url = install.strip('"').rpartition(" @ ")
        if url.startswith("git+"):
            assert name.partition("[")[2].rstrip("]") in ("", *extras), install
            # file://localhost/...: a URL with a host, as the hosted one has (pip before 24
            # refuses `name @ git+file:///path`, which is why the clone's line has no name)
            local = url.replace(HOSTED, f"file://localhost{clone}")
            lines[f"{name.partition('[')[0]}{at}{local}"] = install
    assert len(lines) == 2, lines  # the clone's line and the hosted repository's
    for requirement, install in lines.items():
        line = f'{pip} "{requirement}"'
        result = _run_shell(line, clone, dict(os.environ))
        assert result.returncode == 0, f"{install}\n{result.stderr}"
        version = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import llmaudit; print(llmaudit.__version__)"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert version.stdout.strip() == __version__, install
        assert (venv / "bin" / "llmaudit").is_file()
        _run_shell(f"{pip_in_venv} uninstall -q -y llmaudit-cli", clone, dict(os.environ))
