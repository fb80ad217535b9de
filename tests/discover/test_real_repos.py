"""Real-repository excerpts (issue #13): where locations point, library aliases, folders a
script saves at run time. Each folder's PROVENANCE names the repository, commit and license."""

from __future__ import annotations

from pathlib import Path

from llmaudit.discover import discover
from llmaudit.models import Discovery, LocationKind
from llmaudit.settings import Settings

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "projects"


def _discover(name: str) -> Discovery:
    return discover(Settings(root=PROJECTS / name))


def _places(refs: tuple) -> dict[str, list[tuple[str, int | None, str]]]:
    return {ref.id: [(loc.path, loc.line, loc.kind.value) for loc in ref.locations] for ref in refs}


def test_location_is_the_line_that_writes_the_id_and_the_call_that_reads_it():
    found = _discover("real-llamafactory")
    path = "tests/data/processor/test_feedback.py"
    lines = (PROJECTS / "real-llamafactory" / path).read_text(encoding="utf-8").splitlines()
    places = _places(found.models)["llamafactory/tiny-random-Llama-3"]
    assert (path, 29, "use") in places  # TINY_LLAMA3 = os.getenv("TINY_LLAMA3", "llamafactory/...")
    assert (path, 50, "use") in places  # AutoTokenizer.from_pretrained(TINY_LLAMA3)
    assert "llamafactory/tiny-random-Llama-3" in lines[28]
    dataset = _places(found.datasets)["llamafactory/demo_data"]
    assert (path, 27, "use") in dataset and (path, 51, "use") in dataset


def test_transformer_lens_aliases_are_the_hub_ids_the_library_loads():
    found = _places(_discover("real-transformerlens").models)
    assert found["NeelNanda/SoLU_1L512W_C4_Code"] == [
        ("tests/integration/test_hooks.py", 8, "use"),  # MODEL = "solu-1l"
        ("tests/integration/test_hooks.py", 11, "use"),
    ]
    assert [place for place in found["gpt2"] if place[0].startswith("tests/")] == [
        ("tests/acceptance/test_evals.py", 14, "use"),  # from_pretrained("gpt2-small")
        ("tests/acceptance/test_hooked_transformer.py", 14, "use"),  # ..._no_processing
    ]
    assert not {"solu-1l", "gpt2-small"} & {name.lower() for name in found}


def test_a_folder_saved_at_run_time_is_not_a_hub_model():
    found = _discover("real-sentence-transformers")
    ids = {ref.id for ref in found.models}
    assert "openai/clip-vit-base-patch32" in ids
    assert not any("tmp-clip-model" in name for name in ids)
    (note,) = [n for n in found.notes if "tmp-clip-model" in n.message]
    assert note.path.endswith("image-search/example.py") and note.line == 30
    assert note.message.startswith("info:")


def test_every_real_excerpt_location_is_a_use_or_mention():
    for name in ("real-llamafactory", "real-transformerlens", "real-sentence-transformers"):
        found = _discover(name)
        kinds = {loc.kind for ref in found.models + found.datasets for loc in ref.locations}
        assert kinds <= {LocationKind.USE, LocationKind.MENTION}


def test_output_repository_is_a_mention_and_dataset_mixture_ids_are_datasets():
    found = _discover("real-alignment-handbook")
    path = "recipes/pref_align_scan/dpo/config_openhermes.yaml"
    models = _places(found.models)
    assert models["teknium/OpenHermes-2.5-Mistral-7B"] == [(path, 2, "use")]
    assert models["HuggingFaceH4/openhermes-2.5-mistral-7b-dpo"] == [(path, 38, "mention")]
    assert _places(found.datasets)["HuggingFaceH4/orca_dpo_pairs"] == [
        (path, 8, "use"),  # dataset_mixture: datasets: - id: ... (train and test splits)
        (path, 15, "use"),
    ]


def test_a_json_catalogue_of_models_is_mentions():
    found = _discover("real-transformerlens")
    registry = "transformer_lens/tools/model_registry/data/verification_history.json"
    listed = [loc for ref in found.models for loc in ref.locations if loc.path == registry]
    assert len(listed) == 24
    assert {loc.kind for loc in listed} == {LocationKind.MENTION}


def test_ids_nested_in_a_catalogue_record_are_mentions():
    found = _discover("real-xinference")
    catalogue = "xinference/model/embedding/model_spec.json"
    listed = [loc for ref in found.models for loc in ref.locations if loc.path == catalogue]
    # 20 records, each with a Hugging Face and a ModelScope `model_id` under `model_specs`
    assert len(listed) == 40
    assert {loc.kind for loc in listed} == {LocationKind.MENTION}
    assert "BAAI/bge-large-en" in {ref.id for ref in found.models}


def test_config_keys_with_a_role_name_datasets_and_feature_extractors():
    path = "helpers/training_configs/librispeech_tts_r_300M_dummy.json"
    found = _discover("real-parler-tts")
    assert (path, 7, "use") in _places(found.models)["ylacombe/dac_44khZ_8kbps"]
    datasets = _places(found.datasets)
    assert datasets["blabble-io/libritts_r"] == [(path, 15, "use"), (path, 20, "use")]
    assert datasets["parler-tts/libritts_r_tags_tagged_10k_generated"] == [
        (path, 16, "use"),
        (path, 21, "use"),
    ]
    # "train_dataset_name": "ylacombe/libritts_r_filtered+...+parler-tts/mls_eng"
    joined = "helpers/training_configs/starting_point_v1.json"
    assert (joined, 16, "use") in datasets["ylacombe/libritts_r_filtered"]
    assert datasets["parler-tts/mls_eng"] == [(joined, 16, "use"), (joined, 21, "use")]
    assert (joined, 17, "use") in datasets["ylacombe/mls-eng-descriptions-v4"]
    assert not any("+" in name for name in datasets)
    recipe = "training/receipes/dpo-llama-3-1-8b.yaml"
    datasets = _places(_discover("real-philschmid-recipes").datasets)
    assert datasets == {
        "philschmid/philschmid-llama-3-1-8b-math-orca-spectr-philschmid-DMath-candidates": [
            (recipe, 13, "use")
        ]
    }


def test_a_table_entry_and_a_fallback_literal_reach_the_loader():
    found = _discover("real-whisperx")
    used = {ref.id: ref for ref in found.models if ref.used}
    table = [
        ref for name, ref in used.items() if name != "pyannote/speaker-diarization-community-1"
    ]
    assert len(table) == 36  # every entry of DEFAULT_ALIGN_MODELS_HF
    assert ("whisperx/alignment.py", 41, "use") in _places(found.models)[
        "jonatasgrosman/wav2vec2-large-xlsr-53-japanese"
    ]
    assert ("whisperx/diarize.py", 23, "use") in _places(found.models)[
        "pyannote/speaker-diarization-community-1"
    ]
    assert not any("WAV2VEC2" in ref.id for ref in found.models)  # torchaudio bundles


def test_trl_trainers_load_the_models_they_are_given_by_id():
    found = _discover("real-trl")
    path = "tests/test_rloo_trainer.py"
    models = _places(found.models)
    assert (path, 44, "use") in models["trl-internal-testing/tiny-Qwen2ForCausalLM-2.5"]
    # reward_funcs=
    assert (path, 45, "use") in models[
        "trl-internal-testing/tiny-Qwen2ForSequenceClassification-2.5"
    ]
    assert (path, 42, "use") in _places(found.datasets)["trl-internal-testing/zen"]


def test_a_config_dict_literal_is_a_mention():
    found = _discover("real-axolotl")
    path = "tests/test_validation_dataset.py"
    assert _places(found.models) == {"TinyLlama/TinyLlama-1.1B-Chat-v0.6": [(path, 19, "mention")]}
    assert _places(found.datasets) == {"mhenrichsen/alpaca_2k_test": [(path, 50, "mention")]}


def test_dataset_mixer_keys_are_datasets():
    found = _discover("real-alignment-handbook")
    assert ("tests/fixtures/config_dpo_full.yaml", 7, "use") in _places(found.datasets)[
        "HuggingFaceH4/ultrafeedback_binarized"
    ]


def test_fixture_parametrize_list_and_helper_two_calls_deep():
    found = _places(_discover("real-transformerlens").models)
    t5 = "tests/acceptance/model_bridge/test_t5_compatibility_mode.py"
    # def model_name(self): return "google-t5/t5-small" (a fixture) ... boot_transformers(model_name)
    assert found["google-t5/t5-small"] == [(t5, 32, "use"), (t5, 37, "use")]
    patching = "tests/unit/model_bridge/test_bridge_vs_hooked_transformer_mlp_in_patching.py"
    # _MODELS = (...) -> @parametrize("model", _MODELS) -> _build_pair(model) -> boot_transformers
    assert found["EleutherAI/pythia-14m"] == [(patching, 14, "use"), (patching, 51, "use")]


def test_a_default_every_call_overrides_is_a_mention():
    found = _discover("real-transformerlens")
    notebook = "debugging/hf-tl-logit-comparator.ipynb"
    kinds = {
        ref.id: {loc.kind.value for loc in ref.locations if loc.path == notebook}
        for ref in found.models
    }
    assert kinds["gpt2"] == {"mention"}  # def load_model(model_name="gpt2")
    assert kinds["EleutherAI/pythia-2.8b"] == {"use"}  # load_model(model_name)


def test_launched_command_names_a_reward_model_and_a_dataset():
    found = _discover("real-trl")
    path = "tests/distributed/test_distributed.py"
    models = _places(found.models)
    assert (path, 11, "use") in models["trl-internal-testing/tiny-Qwen2ForCausalLM-2.5"]
    # "--reward_model_name_or_path", "org/x"
    assert (path, 14, "use") in models[
        "trl-internal-testing/tiny-Qwen2ForSequenceClassification-2.5"
    ]
    assert (path, 12, "use") in _places(found.datasets)[
        "trl-internal-testing/zen"
    ]  # --dataset_name


def test_static_embedding_loaders():
    found = _places(_discover("real-sentence-transformers").models)
    path = "tests/models/test_static_embedding.py"
    assert found["sentence-transformers-testing/stsb-bert-tiny-safetensors"] == [(path, 23, "use")]
    assert found["minishlab/M2V_base_output"] == [(path, 32, "use")]


def test_litellm_router_entries_are_no_hub_models():
    found = _discover("real-smolagents")
    models = _places(found.models)
    assert not {"cerebras/llama-3.3-70b", "mistral/mistral-tiny"} & set(models)
    notes = [n for n in found.notes if "cerebras/llama-3.3-70b" in n.message]
    assert notes and all(n.message.startswith("info:") and "LiteLLM" in n.message for n in notes)
    assert {n.line for n in notes} == {26, 35}  # the two router lists of tests/test_models.py


def test_smolagents_model_classes_load_hub_ids_but_a_gateway_name_is_none():
    models = _places(_discover("real-smolagents").models)
    path = "examples/agent_from_any_llm.py"
    assert models["meta-llama/Llama-3.3-70B-Instruct"] == [(path, 20, "use")]
    assert models["HuggingFaceTB/SmolLM2-1.7B-Instruct"] == [(path, 23, "use")]
    # LiteLLMModel(model_id="ollama_chat/llama3.2" | "gpt-4o"), OpenAIModel("gpt-4o"): none
    assert set(models) == {
        "meta-llama/Llama-3.3-70B-Instruct",
        "HuggingFaceTB/SmolLM2-1.7B-Instruct",
    }


def test_a_recorded_api_answer_names_its_model_as_a_mention():
    found = _places(_discover("real-tgi").models)
    snapshot = (
        "integration-tests/models/__snapshots__/test_flash_qwen2_vl/test_flash_qwen2_vl_simple.json"
    )
    assert (snapshot, 18, "mention") in found["Qwen/Qwen2-VL-7B-Instruct"]


def test_a_reassigned_notebook_variable_loads_what_reaches_each_cell():
    found = _discover("real-cookbook")
    cells = {
        ref.id: [(loc.cell, loc.line) for loc in ref.locations if loc.kind is LocationKind.USE]
        for ref in found.models
    }
    # cell 1: model_id = "Qwen/Qwen2-0.5B-Instruct", from_pretrained(model_id) twice
    assert cells["Qwen/Qwen2-0.5B-Instruct"] == [(1, 4), (1, 6), (1, 10)]
    # cell 2: model_id = "sergiopaniego/Qwen2-0-5B-GRPO-vllm-trl", loaded twice
    assert cells["sergiopaniego/Qwen2-0-5B-GRPO-vllm-trl"] == [(2, 3), (2, 5), (2, 9)]


def test_an_invalid_notebook_cell_does_not_cut_the_others_apart():
    found = _discover("real-hf-notebooks")
    cells = {
        ref.id: [(loc.cell, loc.line) for loc in ref.locations if loc.kind is LocationKind.USE]
        for ref in found.models
    }
    # cell 3 reads the model_id of cell 1 (the last one assigned before it)
    assert cells["meta-llama/Llama-3.2-3B-Instruct"] == [(1, 4), (1, 6), (3, 11)]
    assert cells["meta-llama/Llama-3.3-70B-Instruct"] == [(0, 3), (0, 5)]
    assert any("cell 2 is not valid Python" in note.message for note in found.notes)


def test_fixture_params_reach_the_loader_through_request_param():
    found = _places(_discover("real-tgi").models)
    path = "backends/neuron/tests/server/test_generator_slot.py"
    # TOKENIZERS = [...] -> @pytest.fixture(params=TOKENIZERS) -> from_pretrained(request.param)
    assert found["NousResearch/Llama-2-7b-hf"] == [(path, 8, "use"), (path, 13, "use")]
    assert found["gpt2"] == [(path, 8, "use"), (path, 13, "use")]


def test_a_dict_every_task_unpacks_names_its_dataset():
    found = _places(_discover("real-lighteval").datasets)
    path = "src/lighteval/tasks/tasks/bigbench_extra_hard.py"
    # "hf_repo": "jgyasu/bbeh" in COMMON_TASK_ARGS, then LightevalTaskConfig(**COMMON_TASK_ARGS)
    assert found == {"jgyasu/bbeh": [(path, 12, "use"), (path, 29, "use"), (path, 35, "use")]}


def test_a_pipeline_over_a_folder_the_notebook_trained_into_is_no_hub_model():
    found = _discover("real-hf-notebooks")
    # TrainingArguments(output_dir="my_awesome_eli5_clm-model") in cell 0, then
    # pipeline(model=...) in cell 1 and from_pretrained(...) in cell 2 read that folder
    assert [ref.id for ref in found.models if "guided_tour" not in ref.locations[0].path] == []


def test_open_clip_tokenizer_key_names_a_hub_tokenizer():
    path = "src/open_clip/model_configs/ViT-L-14-worldwide-quickgelu.json"
    assert _places(_discover("real-open-clip").models) == {"google/mt5-base": [(path, 11, "use")]}


def test_llava_vision_tower_flag_and_option_default_name_the_models_the_project_runs():
    path = "scripts/v1_5/finetune_task.sh"
    assert _places(_discover("real-llava").models) == {
        "liuhaotian/llava-v1.5-13b": [(path, 5, "use")],
        "openai/clip-vit-large-patch14-336": [(path, 9, "use")],
        # parser.add_argument("--model-path", ..., default=...) read as args.model_path
        "facebook/opt-350m": [("llava/eval/model_vqa_science.py", 98, "use")],
    }


def test_option_default_is_a_use_when_read_and_a_mention_when_overwritten():
    assert _places(_discover("real-fastchat-workers").models) == {
        "lmsys/vicuna-7b-v1.5": [("fastchat/serve/launch_all_serve.py", 57, "mention")],
        # the argparse default, then MLXWorker(..., args.model_path, ...), whose __init__
        # loads it with mlx_lm's load(model_path)
        "microsoft/phi-2": [
            ("fastchat/serve/mlx_worker.py", 255, "use"),
            ("fastchat/serve/mlx_worker.py", 281, "use"),
        ],
    }


def test_deferred_loader_calls_of_a_python_config_are_uses():
    path = "xtuner/configs/deepseek/deepseek_moe_16b_chat/deepseek_moe_16b_chat_qlora_oasst1_e3.py"
    found = _discover("real-xtuner")
    # the constant, then dict(type=AutoTokenizer.from_pretrained, ...) and the model's dict
    assert _places(found.models) == {
        "deepseek-ai/deepseek-moe-16b-chat": [
            (path, 34, "use"),
            (path, 73, "use"),
            (path, 83, "use"),
        ]
    }
    # data_path = "...", then dataset=dict(type=load_dataset, path=data_path)
    assert _places(found.datasets) == {
        "timdettmers/openassistant-guanaco": [(path, 38, "use"), (path, 112, "use")]
    }


def test_dataset_option_takes_several_values_in_ms_swift_syntax():
    found = _discover("real-ms-swift")
    script = "examples/train/base_to_chat/full.sh"
    datasets = _places(found.datasets)
    # --dataset 'AI-ModelScope/alpaca-gpt4-data-zh#500' \ 'AI-ModelScope/...-en#500' \ ...
    assert (script, 8, "use") in datasets["AI-ModelScope/alpaca-gpt4-data-zh"]
    assert (script, 9, "use") in datasets["AI-ModelScope/alpaca-gpt4-data-en"]
    assert (script, 10, "use") in datasets["swift/self-cognition"]
    config = "examples/yaml/megatron/sft.yaml"
    assert datasets["AI-ModelScope/LaTeX_OCR"] == [(config, 20, "use")]  # org/name:subset#2000
    assert (config, 19, "use") in datasets["swift/self-cognition"]
    assert _places(found.models)["Qwen/Qwen2.5-1.5B"] == [(script, 6, "use")]
    assert not any("#" in ref.id or ":" in ref.id for ref in found.datasets)


def test_deepspeed_chat_data_path_names_several_hub_datasets():
    found = _discover("real-deepspeed-chat")
    (path,) = {loc.path for ref in found.datasets for loc in ref.locations}
    assert path.endswith("opt/single_node/run_350m.sh")
    assert sorted(_places(found.datasets)) == [
        "Dahoas/full-hh-rlhf",
        "Dahoas/rm-static",
        "Dahoas/synthetic-instruct-gptj-pairwise",
        "yitingxie/rlhf-reward-datasets",
    ]
    assert {place[1:] for places in _places(found.datasets).values() for place in places} == {
        (17, "use")
    }


def test_local_folder_that_holds_a_hub_repo_is_that_repo():
    found = _discover("real-litgpt")
    assert _places(found.models) == {
        # checkpoint_dir: checkpoints/meta-llama/Llama-2-7b-hf (litgpt's download folder)
        "meta-llama/Llama-2-7b-hf": [
            ("config_hub/finetune/llama-2-7b/lora.yaml", 2, "use"),
            ("config_hub/pretrain/tinyllama.yaml", 3, "use"),
        ],
        # AsyncEngineArgs(model=MODELS_DIR + "/" + MODEL_NAME)
        "meta-llama/Llama-3.2-3B-Instruct": [("llama-cookbook/inference.py", 10, "use")],
    }


def test_a_file_link_in_a_usage_example_string_is_a_mention_and_in_test_code_a_use():
    found = _places(_discover("real-diffusers").datasets)
    # EXAMPLE_DOC_STRING = """ ... >>> image = "https://huggingface.co/datasets/.../resolve/..."
    example = "src/diffusers/pipelines/consisid/pipeline_consisid.py"
    assert found["huggingface/documentation-images"] == [(example, 67, "mention")]
    test = "tests/pipelines/stable_diffusion/test_onnx_stable_diffusion_inpaint.py"
    assert (test, 63, "use") in found["hf-internal-testing/diffusers-images"]


def test_helm_values_templates_are_yaml_and_their_init_scripts_download_models():
    found = _places(_discover("real-production-stack").models)
    tinyllama = "tutorials/terraform/eks/modules/llm-stack/helm/cpu/cpu-tinyllama-light.tpl"
    assert found["TinyLlama/TinyLlama-1.1B-Chat-v1.0"] == [(tinyllama, 21, "use")]
    gpu = "tutorials/terraform/coreweave/config/llm-stack/helm/gpu/gpu-gpt-qwn-gem-glm-cw.tpl"
    # args: [|] ... pip install "huggingface_hub" && \n hf download openai/gpt-oss-120b ...
    assert found["openai/gpt-oss-120b"] == [(gpu, 72, "use")]
    assert found["arcee-ai/Trinity-Mini"] == [(gpu, 121, "use")]
    assert found["google/gemma-3-27b-it"] == [(gpu, 167, "use")]
    assert found["Qwen/Qwen3-Next-80B-A3B-Instruct-FP8"] == [(gpu, 222, "use")]
    assert found["zai-org/GLM-4.7-Flash"] == [(gpu, 264, "mention")]  # commented out
    # modelURL: "/data/models/gpt-oss-120b" is the folder the download fills, no Hub id
    assert not any(ref.id.startswith("/data") for ref in _discover("real-production-stack").models)


def test_a_constructor_parameter_a_method_loads_later_is_followed_from_the_class_calls():
    found = _places(_discover("real-haystack").models)
    component = "haystack/components/evaluators/sas_evaluator.py"
    default = found["sentence-transformers/paraphrase-multilingual-mpnet-base-v2"]
    # def __init__(self, model: str = "sentence-transformers/...") ... self._model = model
    assert (component, 57, "use") in default
    # warm_up(): SentenceTransformer(self._model, ...)
    assert (component, 125, "use") in default
    test = "test/components/evaluators/test_sas_evaluator.py"
    assert found["sentence-transformers-testing/stsb-bert-tiny-safetensors"] == [(test, 95, "use")]
    assert found["cross-encoder-testing/reranker-bert-tiny-gooaq-bce"] == [(test, 114, "use")]
    # to_dict() snapshots in the test only name the default
    assert (test, 29, "mention") in default


def test_plural_model_keys_list_models_the_project_runs():
    found = _places(_discover("real-chat-ui").models)
    routes = "static/huggingchat/routes.chat.json"
    assert found["zai-org/GLM-4.6"] == [(routes, 7, "use"), (routes, 22, "use")]
    assert found["Qwen/Qwen2.5-VL-72B-Instruct"] == [(routes, 16, "use")]
    assert len(found) == 6


def test_lists_of_models_not_run_are_no_model_keys():
    from llmaudit.discover.config_files import is_model_key

    assert is_model_key("fallback_models") and is_model_key("judge_model_ids")
    assert not is_model_key("skip_models") and not is_model_key("supported_models")
    assert not is_model_key("allowed_models") and not is_model_key("excluded_model_ids")
    assert is_model_key("excluded_model")  # a singular key names one model, as before


def test_dataset_keys_with_a_role_but_not_folders_a_run_writes():
    from llmaudit.discover.config_files import is_dataset_key

    assert is_dataset_key("train_dataset_name") and is_dataset_key("eval_metadata_dataset_name")
    assert is_dataset_key("dataset_id_or_path") and is_dataset_key("preference_dataset_id")
    assert is_dataset_key("dataset_path")  # lm-evaluation-harness task files, as before
    assert not is_dataset_key("train_dataset_path")  # `data/processed`: a folder, mostly
    assert not is_dataset_key("train_dataset_config_name")


def test_a_local_choice_stored_on_self_is_the_model_a_method_loads():
    found = _places(_discover("real-h2ogpt").models)
    path = "src/audio_langchain.py"
    # rec_model = "openai/whisper-small" (one branch of four) ... self.lang_model = rec_model
    assert found["openai/whisper-small"] == [(path, 159, "use"), (path, 187, "use")]
    assert (path, 163, "use") in found["openai/whisper-large-v3"]
    assert (path, 148, "use") in found["openai/whisper-base"]  # self.lang_model = "..." on CPU


def test_a_single_file_checkpoint_link_names_the_repository_it_is_downloaded_from():
    found = _places(_discover("real-diffusers").models)
    path = "tests/single_file/test_model_motion_adapter_single_file.py"
    # ckpt_path = "https://huggingface.co/guoyww/animatediff/blob/main/mm_sd_v15.ckpt"
    # ... self.model_class.from_single_file(ckpt_path)
    assert (path, 33, "use") in found["guoyww/animatediff"]
    assert (path, 37, "use") in found["guoyww/animatediff"]
    assert found["guoyww/animatediff-motion-adapter-v1-5"] == [(path, 34, "use"), (path, 36, "use")]


def test_a_parameter_put_on_a_launched_command_line_makes_a_helper():
    found = _places(_discover("real-h2ogpt").models)
    path = "tests/test_inference_servers.py"
    # parametrize([..., 'meta-llama/Llama-2-7b-chat-hf']) ... run_docker(inf_port, base_model)
    # whose command list holds '--model-id', base_model
    assert found["meta-llama/Llama-2-7b-chat-hf"] == [(path, 146, "use"), (path, 154, "use")]
    # '--model=%s' % base_model in run_vllm_docker, and cmd.append('--tokenizer=%s' % tokenizer)
    assert found["h2oai/h2ogpt-4096-llama2-7b-chat"] == [(path, 212, "use"), (path, 225, "use")]
    assert found["hf-internal-testing/llama-tokenizer"] == [(path, 221, "use"), (path, 225, "use")]
    # `if base_model == '...falcon-7b-v2':` inside the helper compares, it loads nothing
    falcon = found["h2oai/h2ogpt-gm-oasst1-en-2048-falcon-7b-v2"]
    assert (path, 78, "use") not in falcon and (path, 211, "use") in falcon


def test_a_class_attribute_loaded_by_a_base_class_of_another_module():
    found = _discover("real-bigcode-eval")
    # MBPPPlus(MBPP) sets DATASET_PATH; MBPP(Task) is in tasks/mbpp.py; Task.__init__ in
    # base.py calls load_dataset(path=self.DATASET_PATH, ...)
    datasets = _places(found.datasets)
    assert datasets["evalplus/mbppplus"] == [("bigcode_eval/tasks/mbppplus.py", 34, "use")]
    assert "mbpp" not in datasets  # MBPP's own one-word "mbpp": no "org/name"


def test_a_config_attribute_loaded_by_a_mixin_the_test_classes_combine_it_with():
    found = _places(_discover("real-diffusers").models)
    path = "tests/modular_pipelines/flux2/test_modular_pipeline_flux2_klein.py"
    # ModularLoadingTesterMixin comes through testing_utils/__init__.py's re-export of .loading
    assert found["hf-internal-testing/tiny-flux2-klein-modular"] == [
        (path, 54, "use"),
        (path, 113, "use"),
    ]


def test_a_curl_request_and_an_old_openai_request_to_the_projects_own_server():
    found = _places(_discover("real-production-stack").models)
    assert found["facebook/opt-125m"] == [("tests/scripts/curl-05-secure-vllm.sh", 20, "use")]
    assert found["meta-llama/Llama-3.1-8B-Instruct"] == [
        ("src/examples/tool_calling_example.py", 44, "use")
    ]


def test_dataset_options_under_a_namespace_and_through_script_variables():
    found = _discover("real-openrlhf")
    datasets = _places(found.datasets)
    prorl = "examples/scripts/train_prorlv2_math_hybrid_engine.sh"
    assert datasets["OpenRLHF/dapo-math-17k"] == [(prorl, 23, "use")]  # DATASET_PATH="..."
    assert datasets["OpenRLHF/aime-2024"] == [(prorl, 65, "use")]  # --eval.dataset org/d
    vlm = "examples/scripts/train_vlm_math_hybrid_engine.sh"
    assert datasets["hiyouga/geometry3k"] == [(vlm, 31, "use")]  # "..."   # or local JSONL
    mixer = _discover("real-open-instruct")
    script = "scripts/train/qwen/qwen3_4b_dapo_math_32k.sh"
    mixed = _places(mixer.datasets)
    assert mixed["mnoukhov/dapo_math_14k_en_openinstruct"] == [(script, 10, "use")]
    assert mixed["mnoukhov/aime_2025_openinstruct"] == [(script, 13, "use")]
    assert mixed["mnoukhov/brumo_2025_openinstruct"] == [(script, 13, "use")]
    think = "scripts/train/olmo3/7b_think_rl_no_pipeline.sh"
    assert (think, 29, "use") in mixed["allenai/Dolci-Think-RL-7B"]
    assert not any(ref.id in ("1.0", "8", "train") for ref in mixer.datasets)


def test_a_dataclass_field_another_module_parses_and_loads():
    found = _places(_discover("real-qwen2-vl-finetune").models)
    # src/params.py: model_id: Optional[str] = field(default="Qwen/Qwen2-VL-7B-Instruct")
    # src/train/train_sft.py: HfArgumentParser((ModelArguments, ...)) ... model_args.model_id
    assert found == {
        "Qwen/Qwen2-VL-7B-Instruct": [
            ("src/params.py", 21, "use"),
            ("src/train/train_sft.py", 18, "use"),
        ]
    }


def test_a_dataclass_field_handed_to_a_helper_of_a_third_module():
    found = _places(_discover("real-parler-tts").models)
    # arguments.py: asr_model_name_or_path: str = field(default="distil-whisper/distil-large-v2")
    # run_parler_tts_training.py: wer(model_args.asr_model_name_or_path, ...) of training.eval,
    # whose wer() hands its first parameter to pipeline(model=...)
    assert found["distil-whisper/distil-large-v2"] == [
        ("training/arguments.py", 70, "use"),
        ("training/run_parler_tts_training.py", 74, "use"),
    ]
    assert found["laion/larger_clap_music_and_speech"] == [
        ("training/arguments.py", 76, "use"),
        ("training/run_parler_tts_training.py", 65, "use"),
    ]


def test_an_option_default_handed_on_in_the_options_dict_is_used():
    found = _places(_discover("real-whisperx").models)
    # --diarize_model's default; `args = parser.parse_args().__dict__` goes whole to
    # transcribe_task(args, parser), which pops the option
    assert ("whisperx/__main__.py", 48, "use") in found["pyannote/speaker-diarization-community-1"]


def test_registry_records_that_offer_a_model_from_several_hubs_are_mentions():
    found = _discover("real-xinference")
    spec = "xinference/model/rerank/model_spec.json"
    listed = [loc for ref in found.models for loc in ref.locations if loc.path == spec]
    assert len(listed) == 6  # 3 records, a Hugging Face and a ModelScope id each
    assert {loc.kind for loc in listed} == {LocationKind.MENTION}


def test_a_link_in_a_table_the_module_never_reads_is_a_mention():
    found = _places(_discover("real-parler-tts").models)
    path = "parler_tts/configuration_parler_tts.py"
    assert found["parler-tts/parler-tts-mini-v1"] == [(path, 28, "mention")]


def test_a_form_label_placeholder_is_no_model():
    found = _places(_discover("real-f5-tts").models)
    path = "src/f5_tts/infer/infer_gradio.py"
    assert set(found) == {"SWivid/F5-TTS", "SWivid/E2-TTS"}
    assert (path, 54, "use") in found["SWivid/F5-TTS"]
    assert found["SWivid/E2-TTS"] == [(path, 72, "use")]


def test_a_dataset_option_named_for_the_hub_gives_a_dataset():
    found = _discover("real-f5-tts")
    run = "src/f5_tts/runtime/triton_trtllm/run.sh"
    # python3 client_grpc.py ... --huggingface-dataset yuekai/seed_tts ...
    assert _places(found.datasets) == {"yuekai/seed_tts": [(run, 63, "use")]}
    assert (run, 20, "use") in _places(found.models)["SWivid/F5-TTS"]


def test_a_short_name_among_several_classes_values_is_no_sentence_transformers_id():
    found = _places(_discover("real-langroid").models)
    path = "langroid/embedding_models/models.py"
    assert "sentence-transformers/text-embedding-3-small" not in found
    assert (path, 54, "use") in found["BAAI/bge-large-en-v1.5"]  # the class's own value
    assert (path, 115, "use") in found["BAAI/bge-large-en-v1.5"]  # SentenceTransformer(...)


def test_a_sweep_gives_its_runs_each_value():
    found = _discover("real-distil-whisper")
    path = "training/flax/distillation_scripts/run_mse_sweep.yaml"
    assert _places(found.models) == {
        "distil-whisper/large-16-2": [(path, 19, "use")],
        "openai/whisper-large-v2": [(path, 21, "use")],
    }
    assert _places(found.datasets)["distil-whisper/gigaspeech-l"] == [(path, 31, "use")]


def test_infinity_engine_args_name_their_model_with_model_name_or_path():
    path = "libs/infinity_emb/tests/unit_test/transformer/classifier/test_optimum_classifier.py"
    found = _places(_discover("real-infinity").models)
    # def test_classifier(model_name: str = "SamLowe/roberta-base-go_emotions-onnx"):
    #     OptimumClassifier(engine_args=EngineArgs(model_name_or_path=model_name, ...))
    assert found["SamLowe/roberta-base-go_emotions-onnx"] == [(path, 7, "use"), (path, 10, "use")]
    assert found["SamLowe/roberta-base-go_emotions"] == [(path, 16, "use")]


def test_an_llm_class_of_another_package_is_no_vllm_engine():
    # from crewai.llm import CONTEXT_WINDOW_USAGE_RATIO, LLM
    # llm = LLM(model="openai/gemini-2.5-flash", is_litellm=False): a LiteLLM provider name
    found = _places(_discover("real-crewai").models)
    assert not any(ref.startswith("openai/") for ref in found)


def test_fastembed_models_load_a_constant_of_another_module():
    # constants.py: DEFAULT_EMBEDDING_MODEL: Final[str] = "sentence-transformers/all-MiniLM-L6-v2"
    # config.py: from fastembed import TextEmbedding (in a function), then
    #            TextEmbedding(model_name=DEFAULT_EMBEDDING_MODEL)
    found = _places(_discover("real-crewai").models)
    assert found == {
        "sentence-transformers/all-MiniLM-L6-v2": [
            ("lib/crewai/src/crewai/rag/qdrant/config.py", 38, "use"),
            ("lib/crewai/src/crewai/rag/qdrant/constants.py", 11, "use"),
        ]
    }


def test_a_vendored_tokenizers_vocabulary_map_downloads_nothing():
    # PRETRAINED_VOCAB_FILES_MAP = {"vocab_file": {"alirezamsh/small100": "https://...
    #     /resolve/main/vocab.json"}, ...}, read only by the class attribute
    # pretrained_vocab_files_map = PRETRAINED_VOCAB_FILES_MAP
    path = "whisper_live/backend/tokenization_small100.py"
    found = _places(_discover("real-whisperlive").models)
    assert found == {"alirezamsh/small100": [(path, line, "mention") for line in (43, 46, 49)]}


def test_a_member_of_an_enum_read_by_value_reaches_the_loader():
    # class DenseModels(Enum): en_small = "BAAI/bge-small-en-v1.5"  (12 members, 11 ids)
    # hub_model = DenseModels[self.model_name].value; SentenceTransformer(hub_model)
    path = "ragatouille/negative_miners/simpleminer.py"
    found = _places(_discover("real-ragatouille").models)
    assert len(found) == 11
    assert found["BAAI/bge-small-en-v1.5"] == [(path, 14, "use"), (path, 47, "use")]
    assert found["OrdalieTech/Solon-embeddings-base-0.1"] == [
        (path, 16, "use"),
        (path, 20, "use"),
        (path, 47, "use"),
    ]
