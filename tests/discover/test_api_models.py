"""Model names of LLM APIs are not Hub ids (issue #13): a provider's names in a request, a
client's settings or a gateway's config are dropped with a note; a request to an unknown or
self-hosted server (vLLM, TGI) uses the Hub model that server runs; a recorded answer only
mentions it. Also: a name assigned twice in
one scope is read where each assignment reaches."""

from __future__ import annotations

import textwrap
from pathlib import Path

from llmaudit.discover import discover
from llmaudit.discover.config_files import read_json, read_yaml
from llmaudit.discover.model_ids import is_hub_id
from llmaudit.models import Discovery, LocationKind
from llmaudit.settings import Settings


def _scan(tmp_path: Path, name: str, text: str) -> Discovery:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return discover(Settings(root=tmp_path))


def _kinds(found: Discovery) -> dict[str, list[tuple[int | None, str]]]:
    return {ref.id: [(loc.line, loc.kind.value) for loc in ref.locations] for ref in found.models}


def test_json_recipe_drops_provider_names_and_keeps_hub_models():
    scan = read_json(
        textwrap.dedent(
            """\
            {"generation": {"model": "google/gemini-2.0-flash-001", "provider": "openrouter"},
             "judge": {"model": "qwen/qwen-2.5-72b-instruct",
                       "base_url": "https://openrouter.ai/api/v1"},
             "rewriter": {"model": "meta-llama/llama-3.1-8b-instruct", "provider": "openrouter"},
             "student": {"model": "Qwen/Qwen2.5-0.5B-Instruct"}}
            """
        )
    )
    assert [(c.value, c.usage) for c in scan.candidates] == [
        ("Qwen/Qwen2.5-0.5B-Instruct", LocationKind.USE)
    ]
    noted = {line: message for message, line in scan.line_notes}
    assert "openrouter.ai" in noted[2] and "qwen/qwen-2.5-72b-instruct" in noted[2]
    assert "provider: openrouter" in noted[4]


def test_yaml_provider_of_an_enclosing_mapping_and_hugging_face_endpoints():
    scan = read_yaml(
        textwrap.dedent(
            """\
            llm:
              provider: anthropic
              config:
                model: anthropic-org/claude-like
            embedder:
              provider: huggingface
              config:
                model: BAAI/bge-small-en-v1.5
            remote:
              model: meta-llama/Llama-3.1-8B-Instruct
              base_url: https://router.huggingface.co/v1
            local:
              model: Qwen/Qwen2.5-7B-Instruct
              base_url: http://localhost:8000/v1
            """
        )
    )
    found = {c.value: c.usage for c in scan.candidates}
    assert found == {
        "BAAI/bge-small-en-v1.5": LocationKind.USE,
        "meta-llama/Llama-3.1-8B-Instruct": LocationKind.USE,
        # a self-hosted server (vLLM, TGI) serves the Hub model under its id: the project
        # runs it, so the gate must see it
        "Qwen/Qwen2.5-7B-Instruct": LocationKind.USE,
    }
    assert [line for _, line in scan.line_notes] == [4]


def test_a_hub_model_through_litellm_keeps_its_prefix_in_any_context():
    scan = read_yaml(
        "model_list:\n"
        "  - model_name: a\n"
        "    litellm_params:\n"
        "      model: huggingface/meta-llama/Llama-3.1-8B-Instruct\n"
        "  - model_name: b\n"
        "    litellm_params:\n"
        "      model: together_ai/meta-llama/Llama-3-8b-chat-hf\n"
        "  - model_name: c\n"
        "    litellm_params:\n"
        "      model: cerebras/llama-3.3-70b\n"
    )
    assert [c.value for c in scan.candidates if "/" in c.value] == [
        "huggingface/meta-llama/Llama-3.1-8B-Instruct"
    ]
    assert [line for _, line in scan.line_notes] == [10]


def test_recorded_api_answer_is_a_mention():
    scan = read_json(
        '{"choices": [], "model": "Qwen/Qwen2-VL-7B-Instruct", "object": "chat.completion"}'
    )
    assert [(c.value, c.usage) for c in scan.candidates] == [
        ("Qwen/Qwen2-VL-7B-Instruct", LocationKind.MENTION)
    ]


def test_python_request_to_a_provider_and_to_an_unknown_server(tmp_path):
    found = _scan(
        tmp_path,
        "app.py",
        """\
        import requests

        URL = "https://openrouter.ai/api/v1/chat/completions"
        requests.post(URL, json={"model": "qwen/qwen-2.5-72b-instruct", "messages": []})
        requests.post(
            "http://10.0.0.5:8080/generate",
            json={"model": "HuggingFaceH4/zephyr-7b-beta", "messages": []},
        )
        config = {"model": "Qwen/Qwen2.5-0.5B-Instruct", "epochs": 3}
        """,
    )
    assert _kinds(found) == {
        "HuggingFaceH4/zephyr-7b-beta": [(7, "use")],
        "Qwen/Qwen2.5-0.5B-Instruct": [(9, "mention")],
    }
    assert any("qwen-2.5-72b-instruct" in n.message and n.line == 4 for n in found.notes)


def test_names_only_an_api_serves():
    assert not is_hub_id("google/gemini-2.0-flash-001")
    assert not is_hub_id("mistralai/mistral-large-latest")
    assert not is_hub_id("x-ai/grok-2")
    assert is_hub_id("google/gemma-2-2b-it")
    assert is_hub_id("mistralai/Pixtral-12B-2409")
    assert is_hub_id("mistralai/Ministral-8B-Instruct-2410")


def test_setfit_resolves_a_short_name_as_sentence_transformers_does(tmp_path):
    found = _scan(
        tmp_path,
        "train.py",
        """\
        from setfit import SetFitModel
        model = SetFitModel.from_pretrained("all-MiniLM-L6-v2")
        other = SetFitModel.from_pretrained("BAAI/bge-small-en-v1.5")
        """,
    )
    assert set(_kinds(found)) == {
        "sentence-transformers/all-MiniLM-L6-v2",
        "BAAI/bge-small-en-v1.5",
    }


def test_chromadb_sentence_transformer_embedding_function_loads_its_model(tmp_path):
    # the call text-generation-webui's superbooga extensions make (seen in session 8)
    found = _scan(
        tmp_path,
        "collector.py",
        """\
        from chromadb.utils import embedding_functions
        embedder = embedding_functions.SentenceTransformerEmbeddingFunction(
            "sentence-transformers/all-mpnet-base-v2", device="cpu"
        )
        short = embedding_functions.SentenceTransformerEmbeddingFunction(model_name="all-MiniLM-L6-v2")
        """,
    )
    assert _kinds(found) == {
        "sentence-transformers/all-mpnet-base-v2": [(3, "use")],
        "sentence-transformers/all-MiniLM-L6-v2": [(5, "use")],
    }


def test_a_reassigned_name_is_read_where_each_assignment_reaches(tmp_path):
    found = _scan(
        tmp_path,
        "train.py",
        """\
        from transformers import AutoModel
        model_id = "org-a/base"
        base = AutoModel.from_pretrained(model_id)
        model_id = "org-b/tuned"
        tuned = AutoModel.from_pretrained(model_id)
        if tuned:
            model_id = "org-c/other"
        again = AutoModel.from_pretrained(model_id)
        for name in ["org-d/x"]:
            looped = AutoModel.from_pretrained(model_id)

        def later():
            return AutoModel.from_pretrained(model_id)
        """,
    )
    places = _kinds(found)
    assert [line for line, _ in places["org-a/base"]] == [2, 3, 10, 13]
    # the last unconditional assignment and the conditional one after it reach line 8; a
    # loop body and a function body may run after any assignment
    assert [line for line, _ in places["org-b/tuned"]] == [4, 5, 8, 10, 13]
    assert [line for line, _ in places["org-c/other"]] == [7, 8, 10, 13]


def test_a_parameter_default_replaced_in_the_body_is_not_read(tmp_path):
    found = _scan(
        tmp_path,
        "load.py",
        """\
        from transformers import AutoModel

        def load(name="org-a/default"):
            name = "org-b/fixed"
            return AutoModel.from_pretrained(name)
        """,
    )
    assert set(_kinds(found)) == {"org-b/fixed"}


def test_hugging_face_inference_calls_name_hub_models(tmp_path):
    # the shapes of huggingface/cookbook's enterprise notebooks
    found = _scan(
        tmp_path,
        "endpoints.py",
        """\
        from huggingface_hub import InferenceClient, create_inference_endpoint
        client = InferenceClient()
        model_id = "stabilityai/stable-diffusion-xl-base-1.0"
        endpoint = create_inference_endpoint("sdxl", repository=model_id, framework="pytorch")
        image = client.text_to_image("a llama", model="stabilityai/sdxl-turbo")
        text = client.text_generation("Hello", max_new_tokens=3)
        """,
    )
    assert _kinds(found) == {
        "stabilityai/sdxl-turbo": [(5, "use")],
        "stabilityai/stable-diffusion-xl-base-1.0": [(3, "use"), (4, "use")],
    }


def test_distilabel_steps_name_hub_models_and_datasets(tmp_path):
    # the shapes of huggingface/cookbook's generate_preference_dataset_distilabel notebook
    found = _scan(
        tmp_path,
        "pipeline.py",
        """\
        from distilabel.llms import InferenceEndpointsLLM
        from distilabel.steps import LoadDataFromHub
        load_dataset = LoadDataFromHub(repo_id="argilla/10Kprompts-mini", num_examples=1)
        llm = InferenceEndpointsLLM(
            model_id="meta-llama/Meta-Llama-3-8B-Instruct",
            tokenizer_id="meta-llama/Meta-Llama-3-8B-Instruct",
        )
        """,
    )
    assert _kinds(found) == {"meta-llama/Meta-Llama-3-8B-Instruct": [(5, "use")]}
    assert [(r.id, [loc.line for loc in r.locations]) for r in found.datasets] == [
        ("argilla/10Kprompts-mini", [3])
    ]


def test_lighteval_task_datasets(tmp_path):
    # the shape of huggingface/lighteval's multilingual/tasks/faquad.py: the dataset keyword
    # follows arguments nested too deep for the call pattern
    found = _scan(
        tmp_path,
        "tasks.py",
        """\
        from lighteval.tasks.lighteval_task import LightevalTaskConfig
        TASKS_TABLE = [
            LightevalTaskConfig(
                name="faquad",
                prompt_function=get_qa_prompt_function(
                    "pt",
                    lambda line: {"choices": [a for a in line["answers"]["text"] if len(a) > 0]},
                ),
                hf_repo="eraldoluis/faquad",
                hf_revision="205ba826a2282a4a5aa9bd3651e55ee4f2da1546",
            ),
            LightevalTaskConfig(name="t", hf_repo="HF_DATASET_NAME"),
            LightevalTaskConfig(name="u", hf_repo="json"),
            LightevalTaskConfig(name="v", hf_repo="wmt14"),
            LightevalTaskConfig(name="w", hf_repo="test_repo"),
        ]
        """,
    )
    found_ids = {(r.id, r.revision): [loc.line for loc in r.locations] for r in found.datasets}
    assert found_ids == {
        ("eraldoluis/faquad", "205ba826a2282a4a5aa9bd3651e55ee4f2da1546"): [9],
        ("wmt14", None): [14],
    }


def test_kernels_and_test_placeholders(tmp_path):
    found = _scan(
        tmp_path,
        "kernels_use.py",
        """\
        from kernels import get_kernel
        activation = get_kernel("kernels-community/activation")
        agent = {"model": {"class": "TransformersModel", "data": {"model_id": "test/model"}}}
        """,
    )
    assert _kinds(found) == {"kernels-community/activation": [(2, "use")]}
    assert any("'test/model' is a placeholder" in note.message for note in found.notes)


def test_a_server_of_the_projects_own_serves_the_hub_model_it_names():
    # vLLM / TGI behind a compose service name, a private address or a cluster name: the
    # project runs that Hub model, so it counts for the gate; a provider's host does not
    scan = read_yaml(
        textwrap.dedent(
            """\
            compose:
              model: mistralai/Mistral-7B-Instruct-v0.3
              base_url: http://vllm:8000/v1
            cluster:
              model: Qwen/Qwen2.5-7B-Instruct
              api_base: http://tgi.ml.svc.cluster.local/generate
            address:
              model: HuggingFaceH4/zephyr-7b-beta
              endpoint: http://10.1.2.3:8080
            provider:
              model: meta-llama/llama-3.1-8b-instruct
              base_url: https://api.together.xyz/v1
            """
        )
    )
    assert {c.value: c.usage for c in scan.candidates} == {
        "mistralai/Mistral-7B-Instruct-v0.3": LocationKind.USE,
        "Qwen/Qwen2.5-7B-Instruct": LocationKind.USE,
        "HuggingFaceH4/zephyr-7b-beta": LocationKind.USE,
    }


def test_openai_client_request_counts_by_the_clients_base_url(tmp_path):
    # The client's base_url says who serves the model: a server of the project's own or a
    # Hugging Face endpoint runs the Hub model (a use), a provider names its own models
    # (dropped with a note), an address the module does not show leaves a mention.
    found = _scan(
        tmp_path,
        "app.py",
        """
        import os
        from openai import AsyncOpenAI, AzureOpenAI, OpenAI

        own = OpenAI(base_url="http://vllm:8000/v1", api_key="EMPTY")
        own.chat.completions.create(model="acme-ai/own-served", messages=[])
        hub = OpenAI(base_url="https://router.huggingface.co/v1")
        hub.embeddings.create(model="acme-ai/hf-routed", input=["x"])
        routed = OpenAI(base_url="https://openrouter.ai/api/v1")
        routed.chat.completions.create(model="acme-ai/router-name", messages=[])
        azure = AzureOpenAI(azure_endpoint="https://x.openai.azure.com")
        azure.chat.completions.create(model="acme-ai/azure-deployment", messages=[])
        anywhere = OpenAI(base_url=os.environ["LLM_URL"])
        anywhere.chat.completions.create(model="acme-ai/from-env", messages=[])
        OpenAI().completions.create(model="acme-ai/openai-base-url-env", prompt="x")


        class Judge:
            def __init__(self):
                self.client = AsyncOpenAI(base_url="http://10.0.0.5:8080/v1")

            async def ask(self):
                return await self.client.chat.completions.create(model="acme-ai/judge")


        def ask(client):
            return client.chat.completions.create(model="acme-ai/unseen-client")


        Thing.objects.create(model="acme-ai/not-a-request")
        Embedder(model_name="acme-ai/some-keyword")
        own.chat.completions.create(model=self.model_name, messages=[])  # not that keyword
        """,
    )
    assert _kinds(found) == {
        "acme-ai/from-env": [(14, "mention")],
        "acme-ai/hf-routed": [(8, "use")],
        "acme-ai/judge": [(23, "use")],
        "acme-ai/openai-base-url-env": [(15, "mention")],
        "acme-ai/own-served": [(6, "use")],
        "acme-ai/unseen-client": [(27, "mention")],
    }
    dropped = {note.line for note in found.notes if note.message.startswith("info:")}
    assert dropped == {10, 12}


def test_real_load_test_sends_a_hub_id_to_its_own_server():
    # huggingface/text-generation-inference load_tests/long_prompt2.py (tests/data/projects)
    root = Path(__file__).resolve().parents[1] / "data" / "projects" / "real-tgi"
    found = _kinds(discover(Settings(root=root)))
    assert found["meta-llama/Llama-3.1-8B-Instruct"] == [(21, "use")]


def test_a_request_address_whose_host_is_known_and_path_is_not(tmp_path):
    # localGPT's eval/smoke_e2e.py posts to f"{BACKEND}/indexes/{index_id}/build"
    found = _scan(
        tmp_path,
        "smoke.py",
        """\
        import requests

        BACKEND = "http://localhost:8000"
        requests.post(f"{BACKEND}/indexes/{index_id}/build", json={"model": "acme-ai/embedder"})
        requests.post(f"http://{host}/v1/embed", json={"model": "acme-ai/unknown-host"})
        """,
    )
    assert _kinds(found) == {
        "acme-ai/embedder": [(4, "use")],  # the project's own server
        "acme-ai/unknown-host": [(5, "mention")],  # the host is not known
    }
