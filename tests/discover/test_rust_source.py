"""Rust programs that download from the Hub (issue #13): hf-hub, candle, mistral.rs, clap.

Real excerpts in tests/data/projects/real-rust (PROVENANCE names repositories, commits and
licenses); small synthetic files for what must not be read as a use."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmaudit.discover import discover
from llmaudit.discover.rust_source import read_rust
from llmaudit.models import Discovery, RefKind
from llmaudit.settings import Settings

REAL = Path(__file__).resolve().parents[1] / "data" / "projects" / "real-rust"


@pytest.fixture(scope="module")
def real() -> Discovery:
    return discover(Settings(root=REAL))


def _uses(refs: tuple, path: str) -> dict[str, list[int | None]]:
    found: dict[str, list[int | None]] = {}
    for ref in refs:
        for loc in ref.locations:
            if loc.path == path and loc.kind.value == "use":
                found.setdefault(ref.id, []).append(loc.line)
    return found


def _values(text: str) -> list[tuple[str, int | None, RefKind]]:
    return [(c.value, c.line, c.kind) for c in read_rust(text).candidates]


def test_each_literal_of_the_let_that_the_download_call_reads_is_a_use(real: Discovery) -> None:
    # let model_id = match args.model_id { Some(..) => .., None => match args.model { .. } };
    # ... api.repo(Repo::with_revision(model_id, RepoType::Model, revision))
    found = _uses(real.models, "candle-examples/examples/phi/main.rs")
    assert found == {
        "lmz/candle-quantized-phi": [27, 37],
        "microsoft/phi-1": [30],
        "microsoft/phi-1_5": [31],
        "microsoft/phi-2": [32],
        "microsoft/Phi-3-mini-4k-instruct": [33],
        "microsoft/Phi-3-medium-4k-instruct": [34],
        "microsoft/Phi-4-mini-instruct": [35],
    }  # the revisions of the next `let` ("refs/pr/8", a commit hash) are not read


def test_a_tuple_let_gives_the_repo_its_own_element(real: Discovery) -> None:
    # let (repo, filename, revision) = match self.which { .. => ("org/x", "x.gguf", "main") }
    found = _uses(real.models, "candle-examples/examples/quantized-qwen3/main.rs")
    assert found["unsloth/Qwen3-0.6B-GGUF"] == [24, 26]
    assert sorted(found) == [
        "unsloth/Qwen3-0.6B-GGUF",
        "unsloth/Qwen3-1.7B-GGUF",
        "unsloth/Qwen3-14B-GGUF",
        "unsloth/Qwen3-32B-GGUF",
        "unsloth/Qwen3-4B-GGUF",
        "unsloth/Qwen3-8B-GGUF",
    ]  # no file name ("Qwen3-0.6B-Q4_K_M.gguf") nor revision


def test_a_function_returning_the_id_and_a_constant_are_followed_one_step(
    real: Discovery,
) -> None:
    mamba = _uses(real.models, "candle-examples/examples/mamba-minimal/main.rs")
    # args.model_id.unwrap_or_else(|| args.which.model_id().to_string()) -> fn model_id
    assert mamba["state-spaces/mamba-130m"] == [133]
    assert mamba["EleutherAI/gpt-neox-20b"] == [249]  # api.model("...".to_string())
    assert "state-spaces/mamba-2.8b-slimpj'" not in mamba  # a typo in the source: no id
    granite = _uses(real.models, "candle-examples/examples/granitemoehybrid/main.rs")
    # const DEFAULT_MODEL_ID ... .unwrap_or_else(|| DEFAULT_MODEL_ID.to_string()) in the `let`
    assert granite == {"ibm-granite/granite-4.0-micro": [27]}


def test_dataset_repos_clap_defaults_and_mistralrs_builders(real: Discovery) -> None:
    assert _uses(real.datasets, "candle-datasets/src/vision/cifar.rs") == {"cifar10": [15]}
    # #[clap(default_value = "bigscience/bloom-560m", long, env)] model_id: String; the ids
    # in its `///` doc comment (`gpt2`, `OpenAssistant/oasst-sft-1-pythia-12b`) are no use
    assert _uses(real.models, "tgi/launcher/src/main.rs") == {"bigscience/bloom-560m": [14]}
    assert _uses(real.models, "mistralrs/examples/gguf/main.rs") == {
        "unsloth/Qwen3-0.6B-GGUF": [13]
    }


def test_comments_strings_elsewhere_and_parameters_are_not_uses() -> None:
    text = """use hf_hub::{api::sync::Api, Repo, RepoType};
// api.model("org/commented-out".to_string())
/* a block /* nested */ api.model("org/in-block".to_string()) */
fn load(api: &Api, model_id: &str) {
    println!("loading org/printed");
    let repo = api.repo(Repo::new(model_id.to_string(), RepoType::Model));
}
fn other() {
    let model_id = "org/other-function";
}
fn third(api: &Api) {
    let note = r#"api.model("org/in-raw-string")"#;
    let c = '"';
    let repo = api.model(model_id.to_string());
}
"""
    assert _values(text) == []


def test_a_let_is_read_only_while_its_block_is_open() -> None:
    text = """use hf_hub::api::sync::Api;
fn main(api: Api) {
    let model_id = "org/outer";
    {
        let model_id = "org/inner";
        let repo = api.model(model_id.to_string());
    }
    let repo = api.model(model_id.to_string());
}
"""
    assert _values(text) == [("org/inner", 5, RefKind.MODEL), ("org/outer", 3, RefKind.MODEL)]


def test_calls_need_their_library() -> None:
    # `.model(..)` is hf-hub's only in a file that uses hf_hub; `XModelBuilder::new` is
    # mistral.rs's only in a file that uses mistralrs
    text = 'fn f() { let m = builder.model("org/x"); let b = TextModelBuilder::new("org/y"); }'
    assert _values(text) == []
