"""YAML / JSON / TOML readers: model keys at any depth, located by line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmaudit.discover import config_files
from llmaudit.discover.config_files import read_json, read_toml, read_yaml
from llmaudit.models import RefKind


def _values(scan) -> list[tuple[str, int | None, RefKind]]:
    return [(c.value, c.line, c.kind) for c in scan.candidates]


def test_yaml_keys_at_any_depth_lists_and_lines():
    text = (
        "trainer:\n"
        "  model:\n"
        "    model_name_or_path: gpt2\n"
        "  reward_model: OpenAssistant/reward-model-deberta-v3-large-v2\n"
        "ensemble:\n"
        "  model_ids:\n"
        "    - org/a\n"
        "    - org/b\n"
        "dataset_name: tatsu-lab/alpaca\n"
        "max_steps: 10\n"
    )
    assert sorted(_values(read_yaml(text))) == [
        ("OpenAssistant/reward-model-deberta-v3-large-v2", 4, RefKind.MODEL),
        ("gpt2", 3, RefKind.MODEL),
        ("org/a", 7, RefKind.MODEL),
        ("org/b", 8, RefKind.MODEL),
        ("tatsu-lab/alpaca", 9, RefKind.DATASET),
    ]
    explicit = {c.value: c.explicit for c in read_yaml(text).candidates}
    assert explicit["gpt2"] is True and explicit["org/a"] is False


def test_yaml_numbers_booleans_and_mappings_are_skipped():
    scan = read_yaml("model: 3\nmodel_id: null\nbase_model: {name: x}\nmodel_name: true\n")
    assert scan.candidates == ()


def test_yaml_billion_laughs_is_walked_once():
    lines = ['a: &a ["org/x"]']
    lines += [
        f"l{i}: &l{i} [" + ", ".join([f"*{'a' if i == 0 else f'l{i - 1}'}"] * 9) + "]"
        for i in range(9)
    ]
    lines.append("model: *l8")
    scan = read_yaml("\n".join(lines) + "\n")
    assert len(scan.candidates) <= 2


def test_invalid_yaml_is_read_line_by_line_with_a_note():
    scan = read_yaml("model: [unclosed\nbase_model: Qwen/Qwen2.5-1.5B  # base\n")
    assert [(c.value, c.line) for c in scan.candidates] == [("Qwen/Qwen2.5-1.5B", 2)]
    assert scan.notes[0].startswith("invalid YAML, read line by line")


def test_helm_template_is_read_without_a_note():
    text = (
        "env:\n"
        "  {{- if .Values.gpu }}\n"
        "  model_id: {{ .Values.modelId | quote }}\n"
        "  embedding_model: intfloat/e5-small-v2\n"
        "  {{- end }}\n"
    )
    scan = read_yaml(text)
    assert [(c.value, c.line) for c in scan.candidates] == [("intfloat/e5-small-v2", 4)]
    assert scan.notes == ()


def test_json_values_located_by_raw_text():
    text = (
        '{\n  "name": "svc",\n  "embedding_model": "thenlper/gte-large",\n'
        '  "models": ["a-org/one", "b-org/two"]\n}\n'
    )
    assert _values(read_json(text)) == [
        ("thenlper/gte-large", 3, RefKind.MODEL),
        ("a-org/one", 4, RefKind.MODEL),
        ("b-org/two", 4, RefKind.MODEL),
    ]


def test_toml_values_located_by_raw_text():
    text = '[server]\nport = 8000\n\n[llm]\nmodel_id = "microsoft/Phi-3.5-mini-instruct"\n'
    assert _values(read_toml(text)) == [("microsoft/Phi-3.5-mini-instruct", 5, RefKind.MODEL)]


def test_invalid_json_and_toml_are_notes():
    assert read_json("{").notes[0].startswith("invalid JSON")
    assert read_toml("a = ").notes[0].startswith("invalid TOML")


def _found(scan) -> set[tuple[str, int | None]]:
    return {(c.value, c.line) for c in scan.candidates}


def test_compose_commands_environment_lists_and_kubernetes_env():
    compose = (
        "services:\n"
        "  vllm:\n"
        "    image: vllm/vllm-openai:v0.6.3\n"
        '    command: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"]\n'
        "    environment:\n"
        "      - HF_MODEL_ID=Qwen/Qwen2.5-7B-Instruct\n"
        "      - HUGGING_FACE_HUB_TOKEN=${HF_TOKEN}\n"
        "      - MODEL_DIR=/models\n"
        "  tgi:\n"
        "    command: --model-id mistralai/Mistral-7B-Instruct-v0.3 --port 80\n"
        "  fetch:\n"
        "    entrypoint: sh -c 'huggingface-cli download BAAI/bge-m3 && echo done'\n"
    )
    assert _found(read_yaml(compose)) == {
        ("meta-llama/Llama-3.1-8B-Instruct", 4),
        ("Qwen/Qwen2.5-7B-Instruct", 6),
        ("mistralai/Mistral-7B-Instruct-v0.3", 10),
        ("BAAI/bge-m3", 12),
    }
    kubernetes = (
        "containers:\n"
        "  - args: [serve, --model, google/gemma-2-9b-it, --tokenizer-mode, auto]\n"
        "    env:\n"
        "      - {name: MODEL_NAME, value: microsoft/Phi-3.5-mini-instruct}\n"
        "      - {name: MODEL_DIR, value: /models}\n"
        "      - name: LOG_LEVEL\n"
        "        value: info\n"
    )
    assert _found(read_yaml(kubernetes)) == {
        ("google/gemma-2-9b-it", 2),
        ("microsoft/Phi-3.5-mini-instruct", 4),
    }


def test_ci_steps_and_plain_strings_are_not_commands():
    workflow = (
        "jobs:\n  test:\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: pip install --upgrade pip && pytest --maxfail=1\n"
        "      - run: python train.py --model_name_or_path gpt2 --output_dir out/\n"
        "        env: {PYTHONPATH: src/utils}\n"
    )
    assert _found(read_yaml(workflow)) == {("gpt2", 6)}


def test_json_and_toml_command_strings():
    devcontainer = (
        '{"postCreateCommand": "huggingface-cli download intfloat/e5-large-v2",\n'
        ' "runArgs": ["--model", "org/served"]}\n'
    )
    assert _found(read_json(devcontainer)) == {("intfloat/e5-large-v2", 1), ("org/served", 2)}
    toml = 'tasks.fetch = "hf download google/gemma-3-1b-it --local-dir w"\n'
    assert _found(read_toml(toml)) == {("google/gemma-3-1b-it", 1)}


@pytest.mark.parametrize(
    ("text", "worth"),
    [
        # lm-evaluation-harness task configs: a dataset key but no id-shaped value
        (b"task: arc_easy\ndataset_name: ARC-Easy\noutput_type: multiple_choice\n", False),
        (b"task: arc_easy\ndataset_path: allenai/ai2_arc\n", True),
        (b'{"model_name_or_path": "gpt2"}', True),  # a key that admits a legacy id
        (b'{"model": "org\\/name"}', True),  # JSON may escape the slash
        (b"model: gpt2\n", False),  # a one-word id under a plain key never counts
        (b"model: ./checkpoints/run-1\n", True),  # a project folder: judged after parsing
        (b"steps:\n  - run: huggingface-cli download gpt2\n", True),
        (b"name: ci\non: push\njobs: {}\n", False),
    ],
    ids=[
        "harness-task",
        "harness-dataset",
        "legacy-key",
        "json-escaped-slash",
        "plain-word",
        "folder",
        "download-command",
        "ci-file",
    ],
)
def test_config_prefilter_parses_only_files_that_can_hold_an_id(text, worth):
    assert config_files.has_hint(text) is worth


def _prefilter_by_substring_tests(data: bytes) -> bool:
    """The prefilter's definition, one `in` test per word."""
    lower = data.lower()
    if not any(word in lower for word in config_files._KEY_WORDS):
        return False
    return config_files._has_org_slash(data) or any(
        word in lower for word in config_files._LEGACY_WORDS
    )


_WORD_PARTS = st.sampled_from(
    [w[:cut] for w in config_files._WORDS for cut in (2, len(w) - 1, len(w))]
    + [w[cut:] for w in config_files._WORDS for cut in (1, 3)]
    + [w.upper() for w in config_files._WORDS]
    + [b"/", b"org/x", b" ", b"\n", b":", b"_", b"name"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORD_PARTS, max_size=12).map(b"".join))
def test_one_pass_prefilter_agrees_with_a_test_per_word(data):
    assert config_files.has_hint(data) is _prefilter_by_substring_tests(data)


def _node_shape(node) -> object:
    """Everything a composed node holds that the YAML reader may look at."""
    import yaml

    mark = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, mark)
    if isinstance(node, yaml.SequenceNode):
        return ("sequence", node.tag, mark, [_node_shape(child) for child in node.value])
    pairs = [(_node_shape(k), _node_shape(v)) for k, v in node.value]
    return ("mapping", node.tag, mark, pairs)


_TAG_EDGE_CASES = (
    "a: true\nb: 'true'\nc: \"true\"\nd: True\ne: yes\nf: on\ng: ~\nh: null\ni:\n"
    "j: 1\nk: '1'\nl: 0x1F\nm: 1_000\nn: 1.5e3\no: .inf\np: .NaN\nq: 2024-01-01\n"
    "r: 2001-12-14t21:59:43.10-05:00\ns: <<\nt: =\nu: !function utils.x\nv: !!str 1\n"
    "w: &anchor org/x\nx: *anchor\ny: [true, 'true', 1, '1', org/y]\nz: {1.0: 1.0}\n"
    "<<: {model: org/merged}\n? [complex, key]\n: value\n"
    "---\n- true\n- 'true'\n- 1\n- org/x\n",
    "dataset_mixer:\n  org/a: 1.0\n  org/b: 1\n  org/c: '1'\n  org/d: true\n",
)


@pytest.mark.parametrize("text", _TAG_EDGE_CASES)
def test_cached_tag_resolution_composes_the_same_nodes(text):
    import yaml

    plain = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for _ in range(2):  # the second pass answers from the cache
        cached = [_node_shape(d) for d in yaml.compose_all(text, Loader=config_files._composer())]
        assert cached == [_node_shape(d) for d in yaml.compose_all(text, Loader=plain)]


def test_weighted_dataset_keys_need_a_number_also_when_resolution_is_cached():
    text = "dataset_mixer:\n  org/a: 1.0\n  org/b: '1.0'\n  org/c: 2\n  org/d: yes\n"
    for _ in range(2):
        assert [(c.value, c.line) for c in read_yaml(text).candidates] == [
            ("org/a", 2),
            ("org/c", 4),
        ]


def test_kubernetes_env_entry_takes_the_last_of_repeated_keys():
    text = (
        "env:\n"
        "  - name: MODEL_ID\n"
        "    value: org/first\n"
        "    value: org/second\n"
        "  - name: MODEL_ID\n"
        "    value: org/kept\n"
        "    value: [org/not-a-scalar]\n"
    )
    assert [(c.value, c.line) for c in read_yaml(text).candidates] == [("org/second", 4)]


def test_model_keys_are_classified_whatever_their_case_and_dashes():
    text = "Model-Name-Or-Path: gpt2\nHUB_MODEL_ID: org/out\ndatasets:\n  - PATH: org/d\n"
    found = {(c.value, c.kind, c.explicit, c.usage.value) for c in read_yaml(text).candidates}
    assert found == {
        ("gpt2", RefKind.MODEL, True, "use"),
        ("org/out", RefKind.MODEL, False, "mention"),
        ("org/d", RefKind.DATASET, False, "use"),
    }


def test_a_local_folder_key_counts_only_when_its_path_shows_the_hub_repo():
    text = (
        "checkpoint_dir: checkpoints/meta-llama/Llama-2-7b-hf\n"
        "tokenizer_dir: checkpoints/acme/tokenizer\n"  # an owner nobody knows: the project's
        "model_path: exp/run1\n"  # a two-part folder of the project, not a Hub id
        "model_dir: mistralai/Mistral-7B-v0.1\n"  # a well-known publisher's repo id itself
    )
    assert _values(read_yaml(text)) == [
        ("checkpoints/meta-llama/Llama-2-7b-hf", 1, RefKind.MODEL),
        ("mistralai/Mistral-7B-v0.1", 4, RefKind.MODEL),
    ]
    as_json = '{"MODEL_PATH": "acme/run1", "model_path": "/models/google/gemma-2b"}'
    assert [value for value, _, _ in _values(read_json(as_json))] == ["/models/google/gemma-2b"]


def test_camel_case_keys_are_the_snake_case_keys():
    text = (
        '{"modelId": "google/gemma-2-9b", "baseModelNameOrPath": "mistralai/Mistral-7B-v0.1",'
        ' "datasetName": "openai/gsm8k", "HFModelID": "Qwen/Qwen2-7B", "modelColor": "a/b"}'
    )
    assert _values(read_json(text)) == [
        ("google/gemma-2-9b", 1, RefKind.MODEL),
        ("mistralai/Mistral-7B-v0.1", 1, RefKind.MODEL),
        ("openai/gsm8k", 1, RefKind.DATASET),
        ("Qwen/Qwen2-7B", 1, RefKind.MODEL),
    ]
    # vLLM production-stack Helm values
    helm = 'servingEngineSpec:\n  modelSpec:\n  - name: "opt"\n    modelURL: "facebook/opt-125m"\n'
    assert _values(read_yaml(helm)) == [("facebook/opt-125m", 4, RefKind.MODEL)]


def test_yaml_script_blocks_are_shell_scripts_and_prose_blocks_are_not():
    text = (
        "jobs:\n"
        "  test:\n"
        "    steps:\n"
        "      - run: |\n"
        "          pip install -U huggingface_hub &&\n"
        "          # huggingface-cli download org-c/commented\n"
        "          huggingface-cli download org-d/model-d --local-dir /tmp/d\n"
        "description: |\n"
        "  pass --model org-e/in-prose to pick another model\n"
        "  and so on\n"
    )
    found = [(c.value, c.line, c.usage.value) for c in read_yaml(text).candidates]
    assert ("org-d/model-d", 7, "use") in found
    assert ("org-c/commented", 6, "mention") in found
    assert not any(value == "org-e/in-prose" for value, _, _ in found)
