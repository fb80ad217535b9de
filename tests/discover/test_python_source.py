"""Python reader: loader calls by AST, value resolution, regex fallback."""

from __future__ import annotations

import textwrap
from pathlib import Path

from llmaudit.discover import discover
from llmaudit.models import RefKind
from llmaudit.settings import Settings


def _scan(tmp_path: Path, source: str, name: str = "main.py"):
    (tmp_path / name).write_text(textwrap.dedent(source), encoding="utf-8")
    return discover(Settings(root=tmp_path))


def _ids(discovery) -> dict[str, list[int]]:
    return {
        f"{ref.id}@{ref.revision}" if ref.revision else ref.id: [loc.line for loc in ref.locations]
        for ref in discovery.models + discovery.datasets
    }


def test_from_pretrained_on_any_class_with_revision(tmp_path):
    found = _scan(
        tmp_path,
        """
        from diffusers import DiffusionPipeline
        from transformers import AutoModel
        a = AutoModel.from_pretrained("google-bert/bert-base-uncased")
        b = DiffusionPipeline.from_pretrained(
            pretrained_model_name_or_path="black-forest-labs/FLUX.1-schnell",
            revision="refs/pr/1",
        )
        c = AutoModel.from_pretrained(model_id="org-x/model-y")
    """,
    )
    assert _ids(found) == {
        "black-forest-labs/FLUX.1-schnell@refs/pr/1": [6],
        "google-bert/bert-base-uncased": [4],
        "org-x/model-y": [9],
    }


def test_peft_adapter_is_the_second_positional_argument(tmp_path):
    found = _scan(
        tmp_path,
        """
        from peft import PeftModel
        model = PeftModel.from_pretrained(base, "tloen/alpaca-lora-7b")
    """,
    )
    assert _ids(found) == {"tloen/alpaca-lora-7b": [3]}


def test_pipeline_forms(tmp_path):
    found = _scan(
        tmp_path,
        """
        from transformers import pipeline
        a = pipeline("text-generation", model="gpt2-medium")
        b = pipeline(model="openai-community/gpt2-large")
        c = pipeline("fill-mask", "FacebookAI/roberta-base")
        d = pipeline("deepset/roberta-base-squad2")
        e = pipeline("summarization")
        f = pipeline("ner", tokenizer="dslim/bert-base-NER")
    """,
    )
    assert _ids(found) == {
        "FacebookAI/roberta-base": [5],
        "deepset/roberta-base-squad2": [6],
        "dslim/bert-base-NER": [8],
        "gpt2-medium": [3],
        "openai-community/gpt2-large": [4],
    }


def test_hub_downloads_clients_vllm_llama_cpp(tmp_path):
    found = _scan(
        tmp_path,
        """
        from huggingface_hub import InferenceClient, hf_hub_download, snapshot_download
        from llama_cpp import Llama
        from vllm import LLM
        hf_hub_download("bartowski/Llama-3.2-1B-Instruct-GGUF", "q4.gguf")
        snapshot_download(repo_id="HuggingFaceFW/fineweb", repo_type="dataset")
        snapshot_download(repo_id="acme/demo-space", repo_type="space")
        client = InferenceClient(model="mistralai/Mistral-Nemo-Instruct-2407")
        llm = LLM(model="Qwen/Qwen2-VL-7B-Instruct")
        cpp = Llama.from_pretrained(repo_id="TheBloke/phi-2-GGUF", filename="*Q4_K_M.gguf")
    """,
    )
    assert _ids(found) == {
        "bartowski/Llama-3.2-1B-Instruct-GGUF": [5],
        "HuggingFaceFW/fineweb": [6],
        "mistralai/Mistral-Nemo-Instruct-2407": [8],
        "Qwen/Qwen2-VL-7B-Instruct": [9],
        "TheBloke/phi-2-GGUF": [10],
    }
    assert [r.id for r in found.datasets] == ["HuggingFaceFW/fineweb"]


def test_timm_open_clip_and_sentence_transformers(tmp_path):
    found = _scan(
        tmp_path,
        """
        import open_clip
        import timm
        from sentence_transformers import CrossEncoder, SentenceTransformer
        m = timm.create_model("hf-hub:timm/resnet50.a1_in1k", pretrained=True)
        c = open_clip.create_model_and_transforms("hf_hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K")
        s = SentenceTransformer("all-mpnet-base-v2")
        x = CrossEncoder(model_name_or_path="cross-encoder/stsb-roberta-base")
    """,
    )
    assert _ids(found) == {
        "sentence-transformers/all-mpnet-base-v2": [7],  # as the library resolves it
        "cross-encoder/stsb-roberta-base": [8],
        "laion/CLIP-ViT-B-32-laion2B-s34B-b79K": [6],
        "timm/resnet50.a1_in1k": [5],
    }


def test_datasets_are_reported_as_datasets(tmp_path):
    found = _scan(
        tmp_path,
        """
        from datasets import load_dataset
        a = load_dataset("squad")
        b = load_dataset(path="HuggingFaceH4/ultrachat_200k", split="train_sft")
        c = load_dataset("csv", data_files="x.csv")
        d = load_dataset("./local_script.py")
    """,
    )
    assert found.models == ()
    assert [(r.id, r.kind) for r in found.datasets] == [
        ("HuggingFaceH4/ultrachat_200k", RefKind.DATASET),
        ("squad", RefKind.DATASET),
    ]


def test_function_local_constants_defaults_and_class_attributes(tmp_path):
    found = _scan(
        tmp_path,
        """
        import os
        from transformers import AutoModel

        class Config:
            encoder = "microsoft/codebert-base"

        def load(name="google/electra-small-discriminator"):
            local = "allenai/" + "scibert_scivocab_uncased"
            tag = os.getenv("TAG") or "v2"
            AutoModel.from_pretrained(local)
            AutoModel.from_pretrained(name)
            AutoModel.from_pretrained(Config.encoder)
            AutoModel.from_pretrained(f"acme/base-{tag}")
    """,
    )
    assert _ids(found) == {
        "acme/base-v2": [14],
        "allenai/scibert_scivocab_uncased": [9, 11],
        "google/electra-small-discriminator": [8, 12],
        "microsoft/codebert-base": [6, 13],
    }


def test_model_named_constant_counts_only_where_a_loader_uses_it(tmp_path):
    found = _scan(
        tmp_path,
        """
        EMBEDDING_MODEL = "BAAI/bge-small-en-v1.5"
        BASE_MODEL = "acme/unused-base"
        MODEL_DIR = "weights/bge"
    """,
        name="config.py",
    )
    assert found.models == ()
    found = _scan(
        tmp_path,
        """
        from sentence_transformers import SentenceTransformer

        import config
        from config import EMBEDDING_MODEL

        a = SentenceTransformer(EMBEDDING_MODEL)
        b = SentenceTransformer(config.EMBEDDING_MODEL)
    """,
        name="app.py",
    )
    (ref,) = found.models
    assert ref.id == "BAAI/bge-small-en-v1.5"
    assert [(loc.path, loc.line) for loc in ref.locations] == [
        ("app.py", 7),
        ("app.py", 8),
        ("config.py", 2),
    ]


def test_unknown_values_and_plain_strings_are_not_models(tmp_path):
    found = _scan(
        tmp_path,
        """
        from transformers import AutoModel
        path = "acme/support-bot"
        AutoModel.from_pretrained(args.checkpoint)
        AutoModel.from_pretrained(some_function())
        AutoModel.from_pretrained("./runs/last")
        print("meta-llama/Llama-2-7b-hf is great")
        x = {"mime": "text/plain"}
    """,
    )
    assert found.models == ()


def test_syntax_error_falls_back_to_regex_with_a_note(tmp_path):
    found = _scan(
        tmp_path,
        """
        from transformers import AutoModel
        model = AutoModel.from_pretrained("Salesforce/codet5-base"
        def broken(:
    """,
    )
    assert _ids(found) == {"Salesforce/codet5-base": [3]}
    assert [n.message for n in found.notes] == ["not valid Python; scanned by pattern only"]


def test_hub_urls_in_strings_are_models(tmp_path):
    found = _scan(
        tmp_path,
        """
        from transformers import AutoModel
        AutoModel.from_pretrained("https://huggingface.co/FacebookAI/xlm-roberta-base")
    """,
    )
    assert _ids(found) == {"FacebookAI/xlm-roberta-base": [3]}


def test_ids_dedupe_case_insensitively_keeping_hub_case(tmp_path):
    found = _scan(
        tmp_path,
        """
        from transformers import AutoModel
        AutoModel.from_pretrained("Qwen/Qwen2-0.5B")
        AutoModel.from_pretrained("qwen/qwen2-0.5b")
    """,
    )
    (ref,) = found.models
    assert ref.id == "Qwen/Qwen2-0.5B"
    assert [loc.line for loc in ref.locations] == [3, 4]


def test_absurdly_deep_expression_falls_back_to_patterns(tmp_path):
    terms = " + ".join(['"a"'] * 20000)
    found = _scan(
        tmp_path,
        f"from transformers import AutoModel\n"
        f'x = AutoModel.from_pretrained("org-z/deep" + {terms})\n',
    )
    assert _ids(found) == {"org-z/deep": [2]}
    assert len(found.notes) == 1


def test_docstring_examples_are_not_usage(tmp_path):
    found = _scan(
        tmp_path,
        '''
        def load():
            """Load the model.

            >>> model = AutoModel.from_pretrained("google-bert/bert-base-uncased")
            """
            # AutoModel.from_pretrained("commented/out")
            return None
    ''',
    )
    assert found.models == ()


def test_ignore_on_the_constant_definition_applies_at_the_call(tmp_path):
    found = _scan(
        tmp_path,
        """
        from transformers import AutoModel
        SCRATCH = "EleutherAI/pythia-70m"  # llmaudit: ignore
        AutoModel.from_pretrained(SCRATCH)
        # llmaudit: ignore[license-unknown]
        AutoModel.from_pretrained("EleutherAI/pythia-160m")
    """,
    )
    (ref,) = found.models
    assert ref.id == "EleutherAI/pythia-160m"
    assert ref.locations[0].suppressed_rules == ("license-unknown",)


def test_integrations_quantized_loaders_and_flag_models(tmp_path):
    found = _scan(
        tmp_path,
        """
        from auto_gptq import AutoGPTQForCausalLM
        from FlagEmbedding import FlagModel
        from langchain_huggingface import HuggingFaceEmbeddings
        from unsloth import FastLanguageModel
        e = HuggingFaceEmbeddings(model_name="sentence-transformers/all-mpnet-base-v2")
        q = AutoGPTQForCausalLM.from_quantized("TheBloke/Llama-2-7B-GPTQ")
        f = FlagModel("BAAI/bge-large-zh-v1.5", use_fp16=True)
        u = FastLanguageModel.from_pretrained(model_name="unsloth/llama-3-8b-bnb-4bit")
        chat = ChatOpenAI(model="gpt-4o")
    """,
    )
    assert _ids(found) == {
        "BAAI/bge-large-zh-v1.5": [8],
        "sentence-transformers/all-mpnet-base-v2": [6],
        "TheBloke/Llama-2-7B-GPTQ": [7],
        "unsloth/llama-3-8b-bnb-4bit": [9],
    }


def test_path_objects_find_local_models_and_are_never_hub_ids(tmp_path):
    (tmp_path / "checkpoints" / "ranker").mkdir(parents=True)
    (tmp_path / "checkpoints" / "ranker" / "config.json").write_text("{}", encoding="utf-8")
    found = _scan(
        tmp_path,
        """
        import os
        from pathlib import Path
        from transformers import AutoModel
        a = AutoModel.from_pretrained(Path("checkpoints") / "ranker")
        b = AutoModel.from_pretrained(os.path.join("checkpoints", "ranker"))
        c = AutoModel.from_pretrained(Path("acme", "not-a-hub-id"))
    """,
    )
    (ref,) = found.models
    assert (ref.id, [loc.line for loc in ref.locations]) == ("checkpoints/ranker", [5, 6])
    assert ref.local_path == str((tmp_path / "checkpoints" / "ranker").resolve())


def test_ignore_on_the_first_line_of_a_multiline_call(tmp_path):
    found = _scan(
        tmp_path,
        """
        from transformers import AutoModel
        model = AutoModel.from_pretrained(  # llmaudit: ignore
            "EleutherAI/pythia-410m",
        )
    """,
    )
    assert found.models == ()


def test_api_model_names_in_other_calls_do_not_flow_into_a_loader(tmp_path):
    found = _scan(
        tmp_path,
        """
        import argparse
        from openai import OpenAI
        from transformers import AutoModel

        client = OpenAI()
        reply = client.chat.completions.create(model="gpt-4o-mini", messages=[])
        settings = TrainConfig(model="acme/base-7b")
        parser = argparse.ArgumentParser()
        parser.add_argument("--model", default="bert-base-uncased")
        args = parser.parse_args()
        model = AutoModel.from_pretrained(args.model)
        other = AutoModel.from_pretrained(settings.model)
    """,
    )
    # attributes are looked up by name, whatever object holds them
    assert set(_ids(found)) == {"bert-base-uncased", "acme/base-7b"}


def test_loop_variables_dict_elements_and_dataclass_fields(tmp_path):
    found = _scan(
        tmp_path,
        """
        from dataclasses import dataclass, field
        from pydantic import BaseModel, Field
        from transformers import AutoModel, AutoModelForSeq2SeqLM, AutoTokenizer

        for name in ["org/a-model", "org/b-model"]:
            AutoModel.from_pretrained(name)

        CHOICES = {"small": "google/flan-t5-small", "large": "google/flan-t5-large"}
        def load(size):
            return AutoModelForSeq2SeqLM.from_pretrained(CHOICES[size])

        @dataclass
        class Args:
            tokenizer: str = field(default="microsoft/deberta-v3-large")

        class Settings(BaseModel):
            encoder: str = Field("intfloat/e5-base-v2", description="the encoder")

        def main(args: Args, settings: Settings):
            AutoTokenizer.from_pretrained(args.tokenizer)
            AutoModel.from_pretrained(settings.encoder)
            AutoModel.from_pretrained(CHOICES)  # the dict itself is not an id
    """,
    )
    assert _ids(found) == {
        "org/a-model": [6, 7],
        "org/b-model": [6, 7],
        "google/flan-t5-small": [9, 11],
        "google/flan-t5-large": [9, 11],
        "microsoft/deberta-v3-large": [15, 21],
        "intfloat/e5-base-v2": [18, 22],
    }


def test_llama_index_cross_encoder_reranker(tmp_path):
    # the form of NirDiamant/RAG_Techniques' reranking_with_llamaindex notebook
    found = _scan(
        tmp_path,
        """
        from llama_index.core.postprocessor import SentenceTransformerRerank

        rerank = SentenceTransformerRerank(
            model="cross-encoder/ms-marco-MiniLM-L-6-v2",
            top_n=5,
        )
        other = SentenceTransformerRerank(3, "acme-ai/second-positional-is-no-model")
        """,
    )
    assert _ids(found) == {"cross-encoder/ms-marco-MiniLM-L-6-v2": [5]}


def test_open_clip_architecture_and_tag_name_a_hub_repository(tmp_path):
    # the form of Stability-AI/generative-models' FrozenOpenCLIPEmbedder
    found = _scan(
        tmp_path,
        """
        import open_clip
        import timm

        def embedder(arch="ViT-H-14", version="laion2b_s32b_b79k"):
            model, _, _ = open_clip.create_model_and_transforms(arch, pretrained=version)
            return model

        open_clip.create_model_from_pretrained("ViT-B-32", "openai")
        open_clip.create_model_and_transforms("ViT-B-32", pretrained="/ckpt/local.pt")
        timm.create_model("vit_base_patch16_224", pretrained=True)
        """,
    )
    assert _ids(found) == {
        "laion/CLIP-ViT-H-14-laion2B-s32B-b79K": [5, 6],
        "timm/vit_base_patch32_clip_224.openai": [9],
    }


def test_loaders_of_serving_and_app_libraries(tmp_path):
    source = """
        import json
        import gradio as gr
        import torch
        from mlx_lm import load
        from faster_whisper import WhisperModel
        from langchain_huggingface import HuggingFacePipeline
        import sglang as sgl

        demo = gr.load("models/stabilityai/stable-diffusion-xl-base-1.0")
        chat = gr.load("HuggingFaceH4/zephyr-7b-beta", src="models")
        space = gr.load("spaces/gradio/calculator")
        model, tokenizer = load("mlx-community/Llama-3.2-3B-Instruct-4bit")
        whisper = WhisperModel("distil-whisper/distil-large-v3")
        small = WhisperModel("large-v3")
        llm = HuggingFacePipeline.from_model_id(
            model_id="microsoft/Phi-3-mini-4k-instruct", task="text-generation"
        )
        engine = sgl.Engine(model_path="meta-llama/Llama-3.1-8B-Instruct")
        weights = torch.load("checkpoints/org/model.pt")
        config = json.load(open("configs/org/x.json"))
    """
    assert _ids(_scan(tmp_path, source)) == {
        "distil-whisper/distil-large-v3": [14],
        "HuggingFaceH4/zephyr-7b-beta": [11],
        "meta-llama/Llama-3.1-8B-Instruct": [19],
        "microsoft/Phi-3-mini-4k-instruct": [17],
        "mlx-community/Llama-3.2-3B-Instruct-4bit": [13],
        "stabilityai/stable-diffusion-xl-base-1.0": [10],
    }


def test_outlines_model_constructors_by_the_files_imports(tmp_path):
    source = """
        import outlines
        from outlines import models
        from mylib import vllm

        a = outlines.models.transformers("microsoft/Phi-3-mini-4k-instruct")
        b = models.vllm("Qwen/Qwen2.5-7B-Instruct")
        c = vllm("org/not-outlines")
    """
    assert _ids(_scan(tmp_path, source)) == {
        "microsoft/Phi-3-mini-4k-instruct": [6],
        "Qwen/Qwen2.5-7B-Instruct": [7],
    }


def test_a_load_that_is_no_hub_loader_gives_nothing(tmp_path):
    source = """
        from mymodels import load

        def run(load):
            return load("org/name")

        model = load("org/name")
    """
    assert _ids(_scan(tmp_path, source)) == {}


def test_open_clip_plain_create_model_but_not_timms(tmp_path):
    source = """
        import open_clip
        import timm

        model = open_clip.create_model("ViT-B-32", pretrained="laion2b_s34b_b79k")
        backbone = timm.create_model("resnet50", pretrained=True)
        local = open_clip.create_model("ViT-B-32", pretrained="/ckpt/epoch_10.pt")
    """
    assert _ids(_scan(tmp_path, source)) == {"laion/CLIP-ViT-B-32-laion2B-s34B-b79K": [5]}


def test_llm_is_a_hub_loader_except_from_a_known_gateway_package(tmp_path):
    (tmp_path / "engines").mkdir()
    (tmp_path / "gateway").mkdir()
    engines = _scan(
        tmp_path / "engines",
        """
        import vllm
        from tensorrt_llm import LLM
        a = vllm.LLM(model="Qwen/Qwen2.5-0.5B-Instruct")
        b = LLM(model="TinyLlama/TinyLlama-1.1B-Chat-v1.0")
    """,
    )
    assert _ids(engines) == {
        "Qwen/Qwen2.5-0.5B-Instruct": [4],
        "TinyLlama/TinyLlama-1.1B-Chat-v1.0": [5],
    }
    (tmp_path / "fork").mkdir()
    fork = _scan(  # a vLLM fork (or an unknown package) keeps LLM a loader
        tmp_path / "fork",
        """
        from nanovllm import LLM
        llm = LLM(model="Qwen/Qwen3-0.6B")
    """,
    )
    assert _ids(fork) == {"Qwen/Qwen3-0.6B": [3]}
    gateway = _scan(
        tmp_path / "gateway",
        """
        from crewai import LLM
        a = LLM(model="openai/custom-finetune-model")
        b = LLM(model="huggingface/meta-llama/Llama-3.1-8B-Instruct")
    """,
        name="agents.py",
    )
    assert _ids(gateway) == {"meta-llama/Llama-3.1-8B-Instruct": [4]}


def test_an_enum_value_is_any_member_of_the_enum_but_only_an_enum(tmp_path):
    found = _scan(
        tmp_path,
        """
        from enum import Enum
        from sentence_transformers import SentenceTransformer
        class Sizes:
            small = "org/not-an-enum"
        class Models(str, Enum):
            small = "BAAI/bge-small-en-v1.5"
        def load(size, name):
            a = SentenceTransformer(Models(size).value)
            hub = Sizes[name].value
            b = SentenceTransformer(hub)
    """,
    )
    assert _ids(found) == {"BAAI/bge-small-en-v1.5": [7, 9]}
