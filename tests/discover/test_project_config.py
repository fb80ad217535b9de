"""[tool.llmaudit] in pyproject.toml."""

from __future__ import annotations

import pytest

from llmaudit.discover import discover
from llmaudit.discover.project_config import load_project_config
from llmaudit.errors import ConfigError
from llmaudit.settings import Settings


def test_models_and_exclude_are_read_with_lines(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.llmaudit]\nmodels = [\n  "google/gemma-2-2b",\n'
        '  "mistralai/Mistral-7B-v0.1@main",\n]\nexclude = ["tests/"]\n',
        encoding="utf-8",
    )
    config = load_project_config(tmp_path)
    assert config.models == (("google/gemma-2-2b", 6), ("mistralai/Mistral-7B-v0.1@main", 7))
    assert config.exclude == ("tests/",)


def test_bad_spec_becomes_a_note_and_bad_types_an_error(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.llmaudit]\nmodels = ["not a model"]\n', encoding="utf-8")
    discovery = discover(Settings(root=tmp_path))
    assert discovery.models == ()
    assert "not a model" in discovery.notes[0].message
    pyproject.write_text('[tool.llmaudit]\nmodels = "org/name"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="models must be a list of strings"):
        load_project_config(tmp_path)


def test_missing_pyproject_is_an_empty_config(tmp_path):
    assert load_project_config(tmp_path).models == ()


def test_local_model_folder_in_config_resolves_against_the_root(tmp_path, monkeypatch):
    folder = tmp_path / "weights" / "tuned"
    folder.mkdir(parents=True)
    (folder / "adapter_config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.llmaudit]\nmodels = ["./weights/tuned"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path.parent)
    (ref,) = discover(Settings(root=tmp_path)).models
    assert ref.id == "weights/tuned"
    assert ref.local_path == str(folder.resolve())
