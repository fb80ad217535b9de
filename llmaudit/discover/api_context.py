"""LLM API calls and their settings: a model named there belongs to the provider, not the Hub.

A config or a dict literal that sends a request to an LLM API (`messages`), records its
answer (`"object": "chat.completion"`), or points a client at a provider (`base_url:
https://openrouter.ai/api/v1`, `provider: anthropic`, LiteLLM's `litellm_params`) names the
provider's model (`google/gemini-2.0-flash-001`, `mistralai/ministral-8b-2512`), which is no
Hub repository even when it looks like one. Hugging Face's own endpoints (the router,
Inference Endpoints, Spaces) take Hub ids, so they leave the id alone.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from llmaudit.discover.candidates import Candidate
from llmaudit.discover.keys import normal_key
from llmaudit.discover.model_ids import is_hub_id
from llmaudit.models import LocationKind, RefKind
from llmaudit.records import record

# Keys whose value is the address of the server a client talks to.
_URL_KEYS = frozenset(
    {
        "base_url",
        "api_base",
        "api_url",
        "base_uri",
        "api_endpoint",
        "endpoint",
        "endpoint_url",
        "openai_api_base",
        "openai_base_url",
        "azure_endpoint",
        "inference_server_url",
    }
)
# Keys naming who serves the model.
_PROVIDER_KEYS = frozenset(
    {"provider", "api_type", "llm_provider", "litellm_provider", "client", "api_provider"}
)
# Providers that serve their own model names only. Hugging Face's Inference Providers also
# include `openai`, `cohere`, `groq`, `together`, ... (with Hub ids), so those say nothing.
_OTHER_PROVIDERS = frozenset(
    {
        "openrouter",
        "anthropic",
        "azure",
        "azure_openai",
        "azureopenai",
        "google",
        "gemini",
        "google_genai",
        "vertex",
        "vertex_ai",
        "vertexai",
        "bedrock",
        "aws_bedrock",
        "litellm",
        "deepseek",
        "xai",
        "perplexity",
        "mistral",
        "mistralai",
        "ollama",
    }
)
# Hosts of LLM APIs that name models their own way (suffix match on the host name).
_OTHER_HOSTS = (
    "openrouter.ai",
    "api.openai.com",
    "openai.azure.com",
    "api.anthropic.com",
    "googleapis.com",
    "api.mistral.ai",
    "api.together.xyz",
    "api.together.ai",
    "api.groq.com",
    "api.deepseek.com",
    "api.x.ai",
    "api.fireworks.ai",
    "api.cohere.com",
    "api.cohere.ai",
    "amazonaws.com",
    "api.perplexity.ai",
    "api.cerebras.ai",
    "api.nvidia.com",
    "aliyuncs.com",
    "api.anyscale.com",
    "api.deepinfra.com",
)
_PRIVATE_SUFFIXES = (".local", ".internal", ".lan", ".svc", ".cluster.local")
_HF_HOSTS = ("huggingface.co", "hf.co", "huggingface.cloud", "hf.space")
# The answer of an OpenAI-style API records the model that produced it.
_RESPONSE_OBJECTS = ("chat.completion", "text_completion", "response")
# Keys of a request to, or answer from, a chat API.
_CALL_KEYS = frozenset({"messages", "choices"})
# A mapping under this key configures LiteLLM (its router's model list).
_LITELLM_KEYS = frozenset({"litellm_params"})


# Every key that can make a mapping an API call's settings: a mapping without one (nearly
# every mapping of a YAML-rich tree) needs no closer look.
_SIGNAL_KEYS = _URL_KEYS | _PROVIDER_KEYS | _CALL_KEYS | {"object"}


def may_talk_to_an_api(keys: Iterable[object], parent_key: str = "") -> bool:
    """Cheap test before `api_context`: some key (or the enclosing key) can say so."""
    if parent_key and parent_key.strip().lower() in _LITELLM_KEYS:
        return True
    return any(isinstance(key, str) and normal_key(key) in _SIGNAL_KEYS for key in keys)


@record(frozen=True)
class ApiContext:
    """A mapping that talks to an LLM API. `provider` set: a provider that names its own
    models (drop them); None: the server is unknown or self-hosted, which serves Hub ids as
    they are (vLLM, TGI, SGLang): the project runs that model. `recorded`: an answer kept
    as data (a test snapshot), where the id is only mentioned."""

    provider: str | None
    why: str
    recorded: bool = False
    server: str = ""  # the address of an unknown or self-hosted server the call goes to


def api_context(fields: Mapping[str, object], parent_key: str = "") -> ApiContext | None:
    """The API a mapping's settings talk to, from its keys and scalar values; None when it
    is no API call or a Hugging Face endpoint."""
    normal = {normal_key(key): value for key, value in fields.items()}
    if parent_key.strip().lower() in _LITELLM_KEYS:
        return ApiContext("litellm", "LiteLLM's litellm_params")
    urls = [str(value) for key, value in normal.items() if key in _URL_KEYS and _host(value)]
    hosts = [_host(url) for url in urls]
    if any(host.endswith(_HF_HOSTS) for host in hosts):
        return None
    for host in hosts:
        if host.endswith(_OTHER_HOSTS):
            return ApiContext(host, host)
    for key in _PROVIDER_KEYS & normal.keys():
        value = normal[key]
        if isinstance(value, str) and value.strip().lower() in _OTHER_PROVIDERS:
            return ApiContext(value.strip().lower(), f"{key}: {value.strip()}")
    served = [host for host, url in zip(hosts, urls, strict=True) if _looks_like_api(host, url)]
    if served:
        return ApiContext(None, f"a client of {served[0]}", server=served[0])
    obj = normal.get("object")
    if isinstance(obj, str) and obj.startswith(_RESPONSE_OBJECTS):
        return ApiContext(None, "an API answer", recorded=True)
    if _CALL_KEYS & normal.keys():
        return ApiContext(None, "an API request")
    return None


def client_usage(base_url: str | None) -> LocationKind | ApiContext:
    """How a model named in a request of an OpenAI-style client counts, by the client's
    `base_url`: a use on a Hugging Face endpoint or a server of the project's own (it runs
    that Hub model), the provider's context where the provider names its own models, else a
    mention. An address not given or not readable is unknown: OpenAI's own API takes no
    `org/name` model, so such a request goes where something else (`OPENAI_BASE_URL`) says."""
    host = _host(base_url)
    if not host:
        return LocationKind.MENTION
    if host.endswith(_HF_HOSTS):
        return LocationKind.USE
    context = api_context({"base_url": base_url})
    if context is None:
        return LocationKind.MENTION
    if context.provider is not None:
        return context
    return LocationKind.USE if context.server else LocationKind.MENTION


def inherited(own: ApiContext | None, outer: ApiContext | None) -> ApiContext | None:
    """A nested mapping's context: the one that names a provider (`llm: {provider:
    anthropic, config: {model: ..., messages: ...}}`) or, for a bare request, the server the
    enclosing call sends it to; else its own, else the enclosing one."""
    if own is None or outer is None:
        return own if own is not None else outer
    if own.provider is None and outer.provider is not None:
        return outer
    if own.provider is None and not own.server and not own.recorded and outer.server:
        return outer
    return own


def keeps_hub_prefix(value: str) -> bool:
    """LiteLLM's `huggingface/org/name` is a Hub model whatever API context it sits in."""
    return value.strip().lower().startswith("huggingface/") and value.count("/") == 2


def judged_in(
    candidate: Candidate, context: ApiContext | None, notes: list[tuple[str, int]]
) -> Candidate | None:
    """A model candidate found in `context`: unchanged outside an API call and when sent to
    an unknown or self-hosted server (a use: a wrong mention would let a gate pass), dropped
    (with an info note) when the provider names its own models, a mention in a recorded
    answer."""
    if context is None or candidate.kind is not RefKind.MODEL:
        return candidate
    value = candidate.value.strip()
    if keeps_hub_prefix(value):
        return candidate
    if context.provider is None:
        return replace(candidate, usage=LocationKind.MENTION) if context.recorded else candidate
    if is_hub_id(value) and candidate.line is not None:
        notes.append(
            (
                f"info: {value!r} is a model name of an LLM API ({context.why}), not a Hub "
                "repository; not audited",
                candidate.line,
            )
        )
    return None


def _looks_like_api(host: str, url: str) -> bool:
    """A server of the project's own (this machine, an address, a name on its network) or
    an OpenAI-style or TGI path (`/v1`, `/api`, `/completions`, `/generate`)."""
    path = url.lower().split(host, 1)[-1]
    return _is_own_host(host) or any(
        part in path for part in ("/v1", "/api", "completions", "/generate")
    )


def _is_own_host(host: str) -> bool:
    if host in ("localhost", "0.0.0.0") or "." not in host or host.endswith(_PRIVATE_SUFFIXES):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _host(value: object) -> str:
    if not isinstance(value, str) or "://" not in value:
        return ""
    try:
        return (urlsplit(value.strip()).hostname or "").lower()
    except ValueError:
        return ""
