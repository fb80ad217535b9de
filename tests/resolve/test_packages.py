"""Package licenses: installed metadata first, PyPI JSON (mocked) next, unresolved last."""

from __future__ import annotations

import socket
from importlib import metadata

import pytest
import responses

from llmaudit.models import FactSource, PackageRef
from llmaudit.resolve import resolve_packages

from .conftest import make_settings

PYPI = "https://pypi.org/pypi"


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def _settings(tmp_path, **kw):
    return make_settings(tmp_path, "https://hub.example", token="hf_pkgSECRET", **kw)


def test_installed_pep639_expression_wins(tmp_path, mocked):
    (facts,) = resolve_packages((PackageRef(name="click"),), _settings(tmp_path))
    assert facts.source is FactSource.LOCAL
    assert facts.license_expression == metadata.distribution("click").metadata["License-Expression"]
    assert facts.version == metadata.version("click")
    assert len(mocked.calls) == 0


def test_installed_license_field_and_classifiers(tmp_path, mocked):
    (facts,) = resolve_packages((PackageRef(name="PyYAML"),), _settings(tmp_path))
    assert facts.license_expression == "MIT"
    assert "License :: OSI Approved :: MIT License" in facts.license_classifiers


def test_pypi_json_when_not_installed(tmp_path, mocked):
    mocked.get(
        f"{PYPI}/left-pad-py/1.2.0/json",
        json={
            "info": {
                "version": "1.2.0",
                "license_expression": "MIT",
                "license": None,
                "classifiers": [
                    "License :: OSI Approved :: MIT License",
                    "Programming Language :: Python",
                ],
            }
        },
    )
    refs = (PackageRef(name="Left_Pad.py", version="1.2.0"),)
    (facts,) = resolve_packages(refs, _settings(tmp_path))
    assert facts.source is FactSource.HUB
    assert facts.license_expression == "MIT"
    assert facts.license_classifiers == ("License :: OSI Approved :: MIT License",)
    assert "Authorization" not in mocked.calls[0].request.headers  # the Hub token stays home
    # second run: from the cache
    (again,) = resolve_packages(refs, _settings(tmp_path))
    assert again.source is FactSource.CACHE and len(mocked.calls) == 1


def test_long_license_text_is_not_taken_as_a_name(tmp_path, mocked):
    mocked.get(
        f"{PYPI}/pasted/json",
        json={
            "info": {
                "version": "1",
                "license": "Permission is hereby granted...\n" * 20,
                "classifiers": [],
            }
        },
    )
    (facts,) = resolve_packages((PackageRef(name="pasted"),), _settings(tmp_path))
    assert facts.license_expression is None
    assert facts.source is FactSource.HUB


def test_not_on_pypi(tmp_path, mocked):
    mocked.get(f"{PYPI}/no-such-thing/json", status=404)
    (facts,) = resolve_packages((PackageRef(name="no-such-thing"),), _settings(tmp_path))
    assert facts.source is FactSource.UNRESOLVED
    assert facts.unresolved_reason == "not found on PyPI (404): no-such-thing"


def test_other_installed_version_goes_to_pypi(tmp_path, mocked):
    mocked.get(
        f"{PYPI}/requests/2.0.0/json",
        json={"info": {"version": "2.0.0", "license": "Apache 2.0", "classifiers": []}},
    )
    (facts,) = resolve_packages(
        (PackageRef(name="requests", version="2.0.0"),), _settings(tmp_path)
    )
    assert facts.version == "2.0.0" and facts.license_expression == "Apache 2.0"


def test_offline_installed_only(tmp_path, monkeypatch):
    def no_socket(self, address):
        raise AssertionError("offline package lookup opened a socket")

    monkeypatch.setattr(socket.socket, "connect", no_socket)
    refs = (
        PackageRef(name="requests"),
        PackageRef(name="surely-not-installed-xyz"),
        PackageRef(name="left-pad", ecosystem="npm"),
        PackageRef(name="Ultralytics"),
    )
    installed, missing, npm, builtin = resolve_packages(refs, _settings(tmp_path, offline=True))
    assert builtin.source is FactSource.BUILTIN
    assert builtin.license_expression == "AGPL-3.0-only"
    assert installed.source is FactSource.LOCAL and installed.license_expression == "Apache-2.0"
    assert missing.source is FactSource.UNRESOLVED
    assert missing.unresolved_reason == ("not installed, and offline with no cached PyPI metadata")
    assert npm.unresolved_reason == "npm packages are not resolved"


def test_offline_other_installed_version_is_used_and_shows_its_version(tmp_path):
    (facts,) = resolve_packages(
        (PackageRef(name="PyYAML", version="5.1"),), _settings(tmp_path, offline=True)
    )
    assert facts.source is FactSource.LOCAL
    assert facts.version == metadata.version("PyYAML") != "5.1"
    assert facts.license_expression == "MIT"


def test_pypi_unreachable_falls_back_to_builtin_but_404_does_not(tmp_path, mocked):
    import requests

    mocked.get(f"{PYPI}/ultralytics/json", body=requests.ConnectionError("down"))
    mocked.get(f"{PYPI}/torch/json", status=404)
    # separate runs: once PyPI refuses connections, a run stops asking it (fail fast)
    (down,) = resolve_packages(
        (PackageRef(name="ultralytics"),), _settings(tmp_path, max_retries=0)
    )
    (missing,) = resolve_packages((PackageRef(name="torch"),), _settings(tmp_path, max_retries=0))
    assert down.source is FactSource.BUILTIN and down.license_expression == "AGPL-3.0-only"
    assert missing.source is FactSource.UNRESOLVED


def test_unpinned_package_never_takes_the_index_latest_version(tmp_path, mocked):
    mocked.get(
        f"{PYPI}/left-pad-py/json",
        json={"info": {"version": "9.9.9", "license_expression": "MIT", "classifiers": []}},
    )
    (facts,) = resolve_packages((PackageRef(name="left-pad-py"),), _settings(tmp_path))
    assert facts.license_expression == "MIT"
    assert facts.version is None  # the project pins nothing; 9.9.9 is only PyPI's latest


def test_cached_pypi_answers_do_not_change_offline_results(tmp_path, mocked):
    builtin, unknown = PackageRef(name="ultralytics"), PackageRef(name="left-pad-py")
    before = resolve_packages((builtin, unknown), _settings(tmp_path, offline=True))
    mocked.get(
        f"{PYPI}/ultralytics/json",
        json={
            "info": {
                "version": "8.3.0",
                "license_expression": "AGPL-3.0-only AND MIT",
                "classifiers": [],
            }
        },
    )
    mocked.get(
        f"{PYPI}/left-pad-py/json",
        json={"info": {"version": "1.0", "license_expression": "MIT", "classifiers": []}},
    )
    online = resolve_packages((builtin, unknown), _settings(tmp_path))
    after = resolve_packages((builtin, unknown), _settings(tmp_path, offline=True))
    assert online[0].license_expression == "AGPL-3.0-only AND MIT"
    assert after[0] == before[0] and before[0].source is FactSource.BUILTIN
    # the cache only fills what offline could not know at all
    assert before[1].source is FactSource.UNRESOLVED
    assert after[1].source is FactSource.CACHE and after[1].license_expression == "MIT"
