"""Dependency manifests: requirements (includes, markers, hashes), pyproject, locks, setup.cfg."""

from __future__ import annotations

from pathlib import Path

from llmaudit.discover import discover
from llmaudit.discover.disk import Disk
from llmaudit.discover.manifests import manifest_reader_for
from llmaudit.discover.manifests.requirements import read_requirements
from llmaudit.settings import Settings


def _packages(root: Path) -> dict[str, tuple]:
    discovery = discover(Settings(root=root))
    return {
        p.name: (p.version, p.specifier, [(loc.path, loc.line) for loc in p.locations])
        for p in discovery.packages
    }


def test_manifest_file_names():
    assert manifest_reader_for("requirements.txt").name == "requirements"
    assert manifest_reader_for("requirements-dev.txt").name == "requirements"
    assert manifest_reader_for("dev-requirements.in").name == "requirements"
    assert manifest_reader_for("requirements/prod.txt").name == "requirements"
    assert manifest_reader_for("sub/Pipfile.lock").name == "Pipfile.lock"
    assert manifest_reader_for("requirements/constraints.txt") is None
    assert manifest_reader_for("notes.txt") is None


def test_manifest_name_precheck_keeps_the_patterns_case_insensitive_matches():
    # The pattern is case-insensitive: its i also matches dotless i (U+0131), which a plain
    # "requirement" substring test on the lower-cased name would miss.
    assert manifest_reader_for("REQUIREMENTS-dev.TXT").name == "requirements"
    assert manifest_reader_for("requ\u0131rements.txt").name == "requirements"
    assert manifest_reader_for("a/Requirements/b.in").name == "requirements"
    assert manifest_reader_for("requ.txt") is None


def test_requirements_includes_constraints_markers_hashes(tmp_path):
    (tmp_path / "req").mkdir()
    (tmp_path / "requirements.txt").write_text(
        "-r req/base.txt\n"
        "--constraint req/pins.txt\n"
        "requests[socks]>=2.31 ; python_version >= '3.8'  # http\n"
        "urllib3==2.2.3 \\\n"
        "    --hash=sha256:aa --hash=sha256:bb\n"
        "-e ./local-pkg\n"
        "-r ../../outside.txt\n"
        "not a requirement!!\n",
        encoding="utf-8",
    )
    (tmp_path / "req" / "base.txt").write_text("idna\n-r ../requirements.txt\n", encoding="utf-8")
    (tmp_path / "req" / "pins.txt").write_text(
        "idna==3.10\ncharset-normalizer==3.4.0\n", encoding="utf-8"
    )
    scan = read_requirements(
        (tmp_path / "requirements.txt").read_text(),
        "requirements.txt",
        tmp_path / "requirements.txt",
        tmp_path,
        Disk(),
    )
    assert [
        (p.name, p.version, p.specifier, p.locations[0].path, p.locations[0].line)
        for p in scan.packages
    ] == [
        ("idna", "3.10", "", "req/base.txt", 1),
        ("requests", None, ">=2.31", "requirements.txt", 3),
        ("urllib3", "2.2.3", "==2.2.3", "requirements.txt", 4),
    ]
    assert [line for _, line in scan.notes] == [7, 8]


def test_pyproject_pep621_extras_and_groups(projects):
    packages = _packages(projects / "discover-app")
    assert packages["sentence-transformers"] == ("3.0.1", "==3.0.1", [("pyproject.toml", 6)])
    assert packages["vllm"][2] == [("pyproject.toml", 11)]
    assert packages["ruff"][2] == [("pyproject.toml", 15)]


def test_poetry_project_and_lock(projects):
    packages = _packages(projects / "poetry-app")
    assert packages == {
        "gradio": ("4.44.1", "==4.44.1", [("poetry.lock", 4), ("pyproject.toml", 11)]),
        "pytest": (None, ">=8", [("pyproject.toml", 14)]),
        "pyyaml": ("6.0.2", "==6.0.2", [("poetry.lock", 14)]),
        "torch": ("2.4.0", "==2.4.0", [("pyproject.toml", 10)]),
        "transformers": ("4.44.2", "^4.44.0", [("poetry.lock", 22), ("pyproject.toml", 9)]),
    }


def test_uv_lock_skips_the_project_itself(projects):
    packages = _packages(projects / "uv-app")
    assert packages == {
        "certifi": ("2024.8.30", "==2024.8.30", [("uv.lock", 5)]),
        "vllm": ("0.6.3", "==0.6.3", [("uv.lock", 20)]),
    }


def test_pipfile_lock_default_and_develop(projects):
    packages = _packages(projects / "pipenv-app")
    assert packages == {
        "accelerate": ("0.34.2", "==0.34.2", [("Pipfile.lock", 9)]),
        "huggingface-hub": ("0.25.1", "==0.25.1", [("Pipfile.lock", 14)]),
        "pytest": ("8.3.3", "==8.3.3", [("Pipfile.lock", 21)]),
    }


def test_setup_cfg_install_requires_and_extras(projects):
    packages = _packages(projects / "setuptools-lib")
    assert packages == {
        "diffusers": (None, ">=0.30", [("setup.cfg", 8)]),
        "pillow": ("10.4.0", "==10.4.0", [("setup.cfg", 9)]),
        "pytest": (None, "", [("setup.cfg", 14)]),
        "xformers": (None, "", [("setup.cfg", 10)]),
    }


def test_broken_manifests_become_notes(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    (tmp_path / "Pipfile.lock").write_text("{", encoding="utf-8")
    discovery = discover(Settings(root=tmp_path))
    assert discovery.packages == ()
    assert sorted(n.path for n in discovery.notes) == [
        "Pipfile.lock",
        "pyproject.toml",
        "pyproject.toml",
    ]


def _setup_py(tmp_path: Path, text: str):
    from llmaudit.discover.manifests.setup_py import read_setup_py

    return read_setup_py(text, "setup.py", tmp_path / "setup.py", tmp_path, Disk())


def test_setup_py_of_a_real_package_is_read_without_running_it(projects):
    packages = _packages(projects / "real-setup-py" / "peft")
    assert packages["torch"] == (None, ">=1.13.0", [("setup.py", 73)])
    assert packages["huggingface-hub"] == (None, ">=0.25.0", [("setup.py", 78)])
    # extras["quality"] = [...]; extras["dev"] = extras["quality"] + extras["docs_specific"]
    assert packages["ruff"] == ("0.16.4", "==0.16.4", [("setup.py", 25)])
    assert packages["sentencepiece"] == (None, "", [("setup.py", 44)])
    assert len(packages) == 26  # 10 required, 16 more in extras (black, hf-doc-builder twice)
    discovery = discover(Settings(root=projects / "real-setup-py" / "peft"))
    assert [n for n in discovery.notes if n.path == "setup.py"] == []


def test_setup_py_names_what_it_computes_in_a_note(projects):
    discovery = discover(Settings(root=projects / "real-setup-py" / "datasets"))
    names = {p.name for p in discovery.packages}
    assert {"filelock", "numpy", "fsspec", "huggingface-hub", "ruff", "pdfplumber"} <= names
    assert "teich" in names  # TESTS_REQUIRE, read through EXTRAS_REQUIRE's "dev" and "tests"
    notes = [(n.line, n.message) for n in discovery.notes if n.path == "setup.py"]
    assert notes == [
        (
            273,
            "setup.py extras_require: some entries are computed when setup.py runs and were "
            "not read (llmaudit never runs it)",
        )
    ]


def test_setup_py_module_names_grow_and_cycles_end(tmp_path):
    scan = _setup_py(
        tmp_path,
        "import setuptools\n"
        "deps = ['torch>=2']\n"
        "deps = deps + ['numpy']\n"
        "deps.append('scipy')\n"
        "deps.extend(['pandas'])\n"
        "if True:\n"
        "    deps += ['tqdm']\n"
        "a = b\n"
        "b = a\n"
        "setuptools.setup(name='x', install_requires=list(deps), extras_require={'x': a,"
        " **{'y': ['rich']}, 'z': [d for d in deps]})\n",
    )
    assert sorted(p.name for p in scan.packages) == [
        "numpy",
        "pandas",
        "rich",
        "scipy",
        "torch",
        "tqdm",
    ]
    assert [line for _, line in scan.notes] == [10]  # the comprehension; `a = b; b = a` is empty


def test_setup_py_that_is_not_python_or_has_no_setup_call(tmp_path):
    assert _setup_py(tmp_path, "setup(\n").notes == (
        ("invalid setup.py, dependencies not read", None),
    )
    assert _setup_py(tmp_path, "print('hello')\n").packages == ()
    deep = "x = " + "[" * 5000 + "]" * 5000 + "\nsetup(install_requires=x)\n"
    assert _setup_py(tmp_path, deep).packages == ()
    scan = _setup_py(tmp_path, "setup(install_requires=['ok', 'not a requirement!!'])\n")
    assert [p.name for p in scan.packages] == ["ok"]
    assert scan.notes == (("cannot parse requirement: not a requirement!!", 1),)


def test_setup_py_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    (tmp_path / "setup.py").write_text(
        f"open({str(marker)!r}, 'w').write('x')\nfrom setuptools import setup\n"
        "setup(install_requires=['click'])\n",
        encoding="utf-8",
    )
    assert "click" in _packages(tmp_path)
    assert not marker.exists()


def test_conda_environment_pip_section_is_read_and_conda_packages_noted(projects):
    root = projects / "real-conda-env"
    packages = _packages(root)
    assert packages["transformers"] == ("4.19.2", "==4.19.2", [("environment.yaml", 26)])
    assert packages["test-tube"] == (None, ">=0.7.5", [("environment.yaml", 21)])
    assert packages["taming-transformers"] == (None, "", [("environment.yaml", 35)])
    assert "pytorch" not in packages and "cudatoolkit" not in packages
    assert len(packages) == 25  # 21 requirements and 4 -e VCS lines; `-e .` is the project
    notes = [(n.line, n.message) for n in discover(Settings(root=root)).notes]
    assert notes == [
        (6, "6 conda package(s) listed; conda packages are not audited (only the pip: section is)")
    ]


def test_conda_file_names_and_other_yaml(tmp_path):
    assert manifest_reader_for("environment.yml").name == "conda environment"
    assert manifest_reader_for("envs/environment-gpu.yaml").name == "conda environment"
    assert manifest_reader_for("conda.yml").name == "conda environment"
    assert manifest_reader_for("kmmlu_environmental_science.yaml") is None
    (tmp_path / "environment.yml").write_text("services: [a]\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "environment.yml").write_text("dependencies: [\n", encoding="utf-8")
    discovery = discover(Settings(root=tmp_path))
    assert discovery.packages == ()
    assert [(n.path, n.message) for n in discovery.notes if "conda" in n.message] == [
        ("sub/environment.yml", "invalid conda environment file, dependencies not read")
    ]


def test_pixi_pypi_dependencies_of_every_feature_are_read(projects):
    # rerun's pixi.toml: `==` pins, ranges, `*`, { version, extras }, { git }, { path }
    root = projects / "real-pixi"
    packages = _packages(root)
    assert packages["torch"] == ("2.8.0", "==2.8.0", [("pixi.toml", 34)])
    assert packages["jupyter"] == (None, ">=1.0", [("pixi.toml", 18)])
    assert packages["types-decorator"] == (None, "", [("pixi.toml", 19)])
    assert packages["mkdocs-redirects"] == (None, "", [("pixi.toml", 28)])  # a git fork
    # rerun-sdk twice: a local path in one feature (never looked up), a pin in another
    assert packages["rerun-sdk"] == ("0.24.0", "==0.24.0", [("pixi.toml", 37)])
    assert "minimal" not in packages  # { path = "examples/python/minimal" }: the project's own
    assert "aiohttp" not in packages and "patchelf" not in packages  # conda packages
    assert sorted(packages) == [
        "cryptography",
        "jupyter",
        "mkdocs-redirects",
        "rerun-notebook",
        "rerun-sdk",
        "segment-anything",
        "torch",
        "types-decorator",
    ]
    notes = sorted(n.message for n in discover(Settings(root=root)).notes)
    assert notes == [
        "2 local package(s) ({ path = ... }) of the project itself; not audited",
        "3 conda package(s) listed; conda packages are not audited (only [pypi-dependencies] are)",
    ]


def test_pixi_tables_in_pyproject_and_broken_pixi_files(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndependencies = ["fastapi"]\n\n'
        '[tool.pixi.pypi-dependencies]\nvllm = "==0.6.3"\n\n'
        '[tool.pixi.feature.gpu.pypi-dependencies]\nflash-attn = ">=2.6"\n',
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pixi.toml").write_text("[pypi-dependencies\n", encoding="utf-8")
    packages = _packages(tmp_path)
    assert packages["vllm"] == ("0.6.3", "==0.6.3", [("pyproject.toml", 6)])
    assert packages["flash-attn"] == (None, ">=2.6", [("pyproject.toml", 9)])
    assert "fastapi" in packages
    notes = [(n.path, n.message) for n in discover(Settings(root=tmp_path)).notes]
    assert [path for path, message in notes if "invalid TOML" in message] == ["sub/pixi.toml"]


def test_pixi_lock_pypi_entries_are_read_and_conda_and_local_entries_counted(projects):
    # rerun's pixi.lock (format 7): `- pypi: <url>` entries with name and version, the
    # project's own `- pypi: ./rerun_pixi_env`, conda entries with nested depends lists
    root = projects / "real-pixi-lock"
    packages = _packages(root)
    assert packages == {
        "distlib": ("0.4.3", "==0.4.3", [("pixi.lock", 54)]),
        "jaraco-functools": ("4.6.0", "==4.6.0", [("pixi.lock", 58)]),
    }
    notes = sorted((n.message, n.line) for n in discover(Settings(root=root)).notes)
    assert notes == [
        ("1 local PyPI package(s) of the project itself; not audited", None),
        ("2 conda package(s) locked; conda packages are not audited", 21),
    ]


def test_pixi_lock_of_format_5_names_pypi_entries_by_kind(tmp_path):
    # formats 4 and 5: `- kind: pypi` with name, version and url
    (tmp_path / "pixi.lock").write_text(
        "version: 5\npackages:\n"
        "- kind: conda\n  name: python\n  version: 3.12.0\n"
        "  url: https://conda.anaconda.org/conda-forge/linux-64/python-3.12.0-h.conda\n"
        "- kind: pypi\n  name: Flask_Login\n  version: '0.6.3'\n"
        "  url: https://files.pythonhosted.org/packages/Flask_Login-0.6.3.tar.gz\n"
        "  requires_dist:\n  - flask>=1.0.4\n",
        encoding="utf-8",
    )
    assert _packages(tmp_path) == {"flask-login": ("0.6.3", "==0.6.3", [("pixi.lock", 8)])}


def test_pylock_and_pdm_lock_entries_are_read(projects):
    assert manifest_reader_for("pylock.toml").name == "pylock.toml"
    assert manifest_reader_for("locks/pylock.dev.toml").name == "pylock.toml"  # PEP 751 names
    assert manifest_reader_for("pdm.lock").name == "pdm.lock"
    assert _packages(projects / "real-pylock") == {
        "agithub": ("2.2.2", "==2.2.2", [("pylock.toml", 8)]),
        "annotated-doc": ("0.0.5", "==0.0.5", [("pylock.toml", 14)]),
        "banal": ("1.1.2", "==1.1.2", [("pylock.toml", 20)]),
    }
    assert _packages(projects / "real-pdm") == {
        "aiocache": ("0.12.2", "==0.12.2", [("pdm.lock", 11)]),
        "attrs": ("23.1.0", "==23.1.0", [("pdm.lock", 20)]),
        "mypy": ("1.7.1", "==1.7.1", [("pdm.lock", 30)]),
    }


def test_local_entries_of_pylock_and_pdm_lock_are_the_projects_own(tmp_path):
    # PEP 751's `directory` packages and pdm's `path` entries: folders, not published packages
    (tmp_path / "pylock.toml").write_text(
        'lock-version = "1.0"\ncreated-by = "uv"\n\n'
        '[[packages]]\nname = "app"\ndirectory = { path = ".", editable = true }\n\n'
        '[[packages]]\nname = "torch"\nversion = "2.5.1"\n',
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pdm.lock").write_text(
        '[[package]]\nname = "mylib"\nversion = "0.1"\npath = "./libs/mylib"\n\n'
        '[[package]]\nname = "peft"\nversion = "0.13.2"\n',
        encoding="utf-8",
    )
    packages = _packages(tmp_path)
    assert packages == {
        "torch": ("2.5.1", "==2.5.1", [("pylock.toml", 9)]),
        "peft": ("0.13.2", "==0.13.2", [("sub/pdm.lock", 7)]),
    }
