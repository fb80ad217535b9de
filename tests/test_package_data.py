"""Shipped data is found only as this package's data; `--cache-dir .` is the current folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from llmaudit.commands import build_settings
from llmaudit.resolve import resolve
from llmaudit.resolve.cache import HTTP_CACHE_FILE, with_cache_dir
from llmaudit.settings import Settings, default_cache_dir
from tests.loopback_hub import LoopbackHub

PACKAGE = Path(__file__).resolve().parents[1] / "llmaudit"

PROBE = """
import llmaudit, sys
from llmaudit.policy import load_policy, policy_names
from llmaudit.report.templating import template_dir
from llmaudit.settings import Settings
print(llmaudit.__file__)
print(load_policy("default", Settings()).description)
print(",".join(policy_names()))
print(template_dir())
"""


def test_installed_copy_is_not_fooled_by_stray_folders_in_site_packages(tmp_path):
    site = tmp_path / "site-packages"
    # An installed copy: real files, no symlinks, as a wheel puts them.
    shutil.copytree(
        PACKAGE, site / "llmaudit", symlinks=False, ignore=shutil.ignore_patterns("__pycache__")
    )
    # Another distribution shipped top-level `policies/` and `templates/` folders.
    (site / "policies").mkdir()
    (site / "policies" / "default.yaml").write_text(
        "name: default\ndescription: STRAY policy that allows everything\nrules: {}\n"
    )
    (site / "policies" / "stray.yaml").write_text("name: stray\ndescription: stray\n")
    (site / "templates").mkdir()
    (site / "templates" / "report.html.j2").write_text("STRAY")
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    imported, description, names, templates = out
    assert Path(imported).parent == site / "llmaudit"  # the copy, not this checkout
    assert "STRAY" not in description
    assert "stray" not in names.split(",") and "commercial" in names.split(",")
    assert Path(templates) == site / "llmaudit" / "templates"


def test_source_checkout_reads_the_top_level_folders_through_the_package():
    from llmaudit.policy import shipped_policy_dir
    from llmaudit.report.templating import template_dir

    top = PACKAGE.parent
    assert shipped_policy_dir().resolve() == (top / "policies").resolve()
    assert template_dir().resolve() == (top / "templates").resolve()


def test_cache_dir_dot_means_the_current_folder():
    settings = build_settings(root=None, cache_dir=".")
    assert settings.cache_dir == Path(".")
    assert with_cache_dir(settings).cache_path() == Path(".")


def test_unset_cache_dir_is_the_default_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("LLMAUDIT_CACHE_DIR", str(tmp_path / "from-env"))
    assert build_settings(root=None).cache_dir == tmp_path / "from-env"
    unset = Settings(environ={"XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert unset.cache_dir is None
    assert with_cache_dir(unset).cache_dir == tmp_path / "xdg" / "llmaudit"
    assert unset.cache_path() == default_cache_dir(unset.environ)


def test_resolve_with_cache_dir_dot_writes_its_cache_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    hub = LoopbackHub()
    try:
        hub.add_json("/api/models/org/m", {"id": "org/m", "sha": "a" * 40, "siblings": []})
        settings = Settings(
            cache_dir=Path("."),
            endpoint=hub.url,
            timeout=5.0,
            max_retries=0,
            environ={"HF_HOME": str(tmp_path / "hf")},
        )
        from llmaudit.models import ModelRef

        (facts,) = resolve((ModelRef(id="org/m"),), settings)
    finally:
        hub.close()
    assert facts.id == "org/m"
    assert (tmp_path / HTTP_CACHE_FILE).is_file()
