"""What a Hugging Face Hub id looks like, and the shapes that only look like one."""

from __future__ import annotations

import functools
import re

from llmaudit.hub_urls import is_former_name
from llmaudit.lazy_regex import lazy_compile

# Hub repo names: letters, digits, "-", "_", "."; not starting/ending with "-" or "."; no "--"
# or ".."; at most 96 characters.
_SEGMENT = lazy_compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?\Z")
_MAX_SEGMENT = 96

# MIME top-level types: "text/plain", "application/json" are never models.
_MIME_TYPES = frozenset(
    {
        "text",
        "application",
        "image",
        "audio",
        "video",
        "multipart",
        "message",
        "font",
        "model",
        "chemical",
        "x-conference",
    }
)
# First segments that are folders of an ML project (outputs, data, weights), not Hub orgs.
# Kept short on purpose: a plausible org name ("user", "test") must stay a model.
_FOLDER_NAMES = frozenset(
    {
        "src",
        "lib",
        "data",
        "models",
        "model",
        "checkpoints",
        "checkpoint",
        "ckpt",
        "ckpts",
        "output",
        "outputs",
        "out",
        "tmp",
        "temp",
        "cache",
        "config",
        "configs",
        "scripts",
        "weights",
        "runs",
        "results",
        "experiments",
        "logs",
        "log",
        "build",
        "dist",
        "artifacts",
        "exports",
        "saved_models",
        "pretrained",
        "assets",
        "resources",
        "downloads",
        "workspace",
        "content",
        "drive",
        "mnt",
        "home",
        "opt",
        "usr",
        "var",
        "etc",
        "bin",
        "static",
        "public",
        "node_modules",
        "vendor",
        "utils",
    }
)
# Dataset names of other loaders that look like "org/name": TensorFlow Datasets and
# clip_benchmark's `--dataset vtab/flowers`, `wds/...` (WebDataset), `tfds/cifar10`.
_OTHER_DATASET_NAMESPACES = frozenset({"tfds", "vtab", "wds"})
# LLM API gateways (litellm and similar) prefix a provider, not a Hub organisation.
_API_PROVIDERS = frozenset(
    {
        "anthropic",
        "azure",
        "azure_ai",
        "bedrock",
        "vertex_ai",
        "vertex",
        "gemini",
        "ollama",
        "ollama_chat",
        "together_ai",
        "groq",
        "openrouter",
        "fireworks_ai",
        "replicate",
        "sagemaker",
        "cohere_chat",
        "perplexity",
        "deepinfra",
        "anyscale",
        "cloudflare",
        "voyage",
        "xai",
        "x-ai",
        "watsonx",
        "databricks",
        "litellm_proxy",
        "github",
        "gitlab",
        "bitbucket",
        "docker",
        "npm",
        "pypi",
        "conda",
        "library",
        "actions",
        "localhost",
    }
)
_OPENAI_API_MODEL = lazy_compile(
    r"(?i)(gpt-[34]|gpt-5|chatgpt|o[134](-|\Z)|text-embedding|text-davinci|davinci|babbage|dall-e|"
    r"tts-|whisper-1\Z)"
)
# Names that only an owner's API serves, never its Hub organization: Google publishes Gemma
# on the Hub but Gemini only behind its API; Mistral's API names (`ministral-8b-2512`,
# `mistral-large-latest`) differ from its Hub repos (`Ministral-8B-Instruct-2410`).
_API_ONLY_NAMES = {
    "google": lazy_compile(r"(?i)gemini"),
    "mistralai": lazy_compile(
        r"(?i)(mistral|ministral|codestral|magistral|devstral)-(tiny|small|medium|large|\d+b)"
        r"-(\d{4}|latest)\Z"
    ),
}
_FILE_EXTENSIONS = frozenset(
    {
        "py",
        "pyc",
        "pyi",
        "ipynb",
        "json",
        "jsonl",
        "yaml",
        "yml",
        "toml",
        "txt",
        "md",
        "rst",
        "csv",
        "tsv",
        "js",
        "mjs",
        "cjs",
        "ts",
        "tsx",
        "jsx",
        "html",
        "htm",
        "css",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bin",
        "safetensors",
        "gguf",
        "ggml",
        "pt",
        "pth",
        "ckpt",
        "onnx",
        "h5",
        "pkl",
        "pickle",
        "npy",
        "npz",
        "zip",
        "gz",
        "tgz",
        "tar",
        "bz2",
        "xz",
        "whl",
        "cfg",
        "ini",
        "sh",
        "bash",
        "parquet",
        "arrow",
        "xml",
        "log",
        "lock",
        "env",
        "sql",
        "db",
        "so",
        "dll",
        "exe",
        "c",
        "h",
        "cc",
        "cpp",
        "hpp",
        "rs",
        "go",
        "java",
        "rb",
        "php",
        "pdf",
        "wav",
        "mp3",
        "mp4",
        "model",
        "tflite",
        "pb",
        "msgpack",
        "conf",
        "mk",
        "dockerfile",
        "cu",
        "pem",
        "key",
        "ps1",
        "bat",
        "cmd",
        "dmg",
        "deb",
        "rpm",
        "apk",
        "ipa",
        "jar",
        "war",
        "nupkg",
    }
)
# Task names accepted by transformers.pipeline(); a positional first argument is usually one.
PIPELINE_TASKS = frozenset(
    {
        "audio-classification",
        "automatic-speech-recognition",
        "conversational",
        "depth-estimation",
        "document-question-answering",
        "feature-extraction",
        "fill-mask",
        "image-classification",
        "image-feature-extraction",
        "image-segmentation",
        "image-to-image",
        "image-to-text",
        "image-text-to-text",
        "mask-generation",
        "ner",
        "object-detection",
        "question-answering",
        "sentiment-analysis",
        "summarization",
        "table-question-answering",
        "text-classification",
        "text-generation",
        "text-to-audio",
        "text-to-speech",
        "text2text-generation",
        "token-classification",
        "translation",
        "video-classification",
        "visual-question-answering",
        "vqa",
        "zero-shot-audio-classification",
        "zero-shot-classification",
        "zero-shot-image-classification",
        "zero-shot-object-detection",
        "keypoint-matching",
        "any-to-any",
    }
)
# datasets' packaged builders: load_dataset("json", data_files=...) is not a Hub dataset.
DATASET_BUILDERS = frozenset(
    {
        "json",
        "csv",
        "parquet",
        "text",
        "arrow",
        "imagefolder",
        "audiofolder",
        "videofolder",
        "pdffolder",
        "niftifolder",
        "pandas",
        "sql",
        "webdataset",
        "xml",
        "generator",
        "cache",
        "spark",
        "hdf5",
        "eval",
        "lance",
        "iterable",
    }
)
_HF_HUB_PREFIXES = ("hf-hub:", "hf_hub:")
# Placeholders that docs, templates and examples write where a real id goes (issue #13):
# a segment with the word "your" (`your-org/your-model`), "path to ..." folders
# (`path-to-your-trained-model`), a generic owner (`username/...`, `organization/...`), or a
# name that is "my" plus generic words with no owner or a generic one (`my_finetuned_lora`,
# `user/my-lora`); under a real account it is a real repo (`stevhliu/my_awesome_model`).
_PLACEHOLDER_OWNERS = frozenset(
    {
        "username",
        "user-name",
        "user_name",
        "your-username",
        "hf-username",
        "hf_username",
        "org-name",
        "org_name",
        "orgname",
        "organization",
        "organisation",
        "my-org",
        "my_org",
        "namespace",
        "someone",
        "somebody",
        # test doubles: `{"base_model": "fake/path"}` in a unit test loads nothing
        "fake",
        "dummy",
    }
)
# Owners that are placeholders only beside a name that just says "some repo" (`org/model`,
# `owner/repo`): `org` alone may be somebody's account, and `org/fine` or `org/gpt2` may be real.
_GENERIC_OWNERS = frozenset(
    {"org", "user", "owner", "author", "example", "company", "team", "test"}
)
_SOME_REPO_WORDS = frozenset(
    {"model", "models", "repo", "repository", "dataset", "adapter", "lora", "checkpoint", "name"}
)
_GENERIC_WORDS = frozenset(
    {
        "model",
        "models",
        "repo",
        "repository",
        "dataset",
        "data",
        "adapter",
        "lora",
        "peft",
        "finetuned",
        "fine",
        "tuned",
        "finetune",
        "trained",
        "new",
        "custom",
        "awesome",
        "cool",
        "own",
        "name",
        "checkpoint",
        "llm",
        "bert",
        "embedding",
        "embeddings",
        "classifier",
    }
)
# A one-word "id" in upper case with underscores is a template's token or a variable's name.
_TEMPLATE_TOKEN = lazy_compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
# A one-word "id" made only of these words names no published repository.
_TEST_REPO_WORDS = frozenset(
    {"test", "tests", "testing", "repo", "dataset", "model", "example", "dummy", "fake", "sample"}
)
# Second segments that are pages of an owner on the Hub, not repositories.
_OWNER_PAGES = frozenset({"models", "datasets", "spaces", "collections", "papers"})
# First segments that name other kinds of Hub objects: `metrics/wer` is an evaluate metric.
_NOT_REPO_OWNERS = frozenset({"metrics", "metric"})


def strip_hub_prefix(value: str) -> str:
    """Drop the "hf-hub:" prefix timm and open_clip use for Hub ids."""
    for prefix in _HF_HUB_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def strip_litellm_hub_prefix(value: str) -> str:
    """LiteLLM names Hub models "huggingface/org/name"; a two-part "huggingface/x" is the
    Hub's own huggingface organization and stays as it is."""
    if value.lower().startswith("huggingface/") and value.count("/") == 2:
        return value[len("huggingface/") :]
    return value


def has_hub_prefix(value: str) -> bool:
    """True for timm / open_clip style "hf-hub:org/name" strings."""
    return value.startswith(_HF_HUB_PREFIXES)


def is_valid_segment(segment: str) -> bool:
    """One part of a Hub id, by the Hub's naming rules."""
    return (
        len(segment) <= _MAX_SEGMENT
        and bool(_SEGMENT.match(segment))
        and "--" not in segment
        and ".." not in segment
    )


@functools.lru_cache(maxsize=4096)  # pure; a tree repeats its ids in many files
def has_valid_syntax(value: str) -> bool:
    """True when `value` is syntactically a Hub id ("name" or "org/name"), nothing more."""
    parts = value.split("/")
    return 1 <= len(parts) <= 2 and all(is_valid_segment(p) for p in parts)


@functools.lru_cache(maxsize=4096)  # pure; a tree repeats its ids in many files
def is_hub_id(value: str, *, allow_single: bool = False, dataset: bool = False) -> bool:
    """True when `value` reads as a Hub model id and not as one of the usual look-alikes.

    `allow_single` admits legacy one-segment ids ("gpt2"): only where the context is an
    explicit model-loading call, since a bare word elsewhere is rarely a model. Legacy
    dataset ids are often plain words ("squad"), so `dataset` relaxes that check.
    """
    if not value or not has_valid_syntax(value):
        return False
    parts = value.split("/")
    if len(parts) == 1:
        return allow_single and _is_plausible_single(value, dataset=dataset)
    org, name = parts
    return not (
        org.lower() in _MIME_TYPES
        or org.lower() in _FOLDER_NAMES
        # an LLM gateway's `anthropic/claude-...` names a model; no gateway names a dataset,
        # and Anthropic publishes datasets on the Hub (`Anthropic/hh-rlhf`)
        or (not dataset and org.lower() in _API_PROVIDERS)
        or (dataset and org.lower() in _OTHER_DATASET_NAMESPACES)
        or (org.lower() == "openai" and bool(_OPENAI_API_MODEL.match(name)))
        or _is_api_only_name(org, name)
        or _is_number(org)
        or _is_number(name)
        or _has_file_extension(name)
        or not any(c.isalpha() for c in org + name)
    )


def _is_api_only_name(org: str, name: str) -> bool:
    pattern = _API_ONLY_NAMES.get(org.lower())
    return pattern is not None and bool(pattern.match(name))


def _is_plausible_single(value: str, *, dataset: bool = False) -> bool:
    lower = value.lower()
    if lower in PIPELINE_TASKS or lower in _FOLDER_NAMES or _has_file_extension(value):
        return False
    if not dataset and not is_former_name(lower):
        # a folder a run trained into, a typo: new repositories always have an owner
        return False
    if not any(c.isalpha() for c in value):
        return False
    # Legacy ids carry a size or variant ("gpt2", "bert-base-uncased", "t5-small"); bare words
    # such as "unet", "image_encoder" or "tokenizer" are sub-folders or local paths.
    if not dataset and not any(c.isdigit() or c == "-" for c in value):
        return False
    # Dots mark module paths and host names ("os.path"); legacy ids rarely have one.
    return "." not in value or _looks_versioned_single(value)


def _looks_versioned_single(value: str) -> bool:
    # "t5-v1_1-xl", "gpt2" stay valid; dotted legacy ids are rare enough to need a digit-dot-digit.
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*\d\.\d[A-Za-z0-9._-]*", value))


def _is_number(segment: str) -> bool:
    return bool(re.fullmatch(r"[0-9][0-9._-]*", segment))


def _has_file_extension(name: str) -> bool:
    if "." not in name:
        return False
    suffix = name.rsplit(".", 1)[1].lower()
    return suffix in _FILE_EXTENSIONS


def _is_generic_owner(tokens: list[str]) -> bool:
    """`org`, `user`, and the same as a field's name (`user_id`, `owner_name`)."""
    named = [token for token in tokens if token not in ("id", "name")]
    return len(named) == 1 and named[0] in _GENERIC_OWNERS


def _is_field_name(tokens: list[str]) -> bool:
    """A name that names the field it stands for (`repo_id`, `model_name`)."""
    return len(tokens) == 2 and tokens[0] in _SOME_REPO_WORDS and tokens[1] in ("id", "name")


@functools.lru_cache(maxsize=4096)  # pure; a tree repeats its ids in many files
def not_a_repo_reason(value: str) -> str | None:
    """Why an id-shaped `value` is no Hub repository (a placeholder, a listing page, a
    metric), or None. Only shapes no published repo takes, so a real id is never dropped."""
    parts = value.split("/")
    words = [re.split(r"[-_.]+", part.lower()) for part in parts]
    if any("your" in tokens or "yours" in tokens for tokens in words):
        return "a placeholder"
    if len(parts) == 1 and _TEMPLATE_TOKEN.fullmatch(value):
        return "a placeholder"  # a template's token (`hf_repo="HF_DATASET_NAME"`)
    if len(parts) == 1 and set(words[0]) <= _TEST_REPO_WORDS:
        return "a placeholder"  # a test's made-up name (`test_repo`, `dummy-model`)
    if any(part.lower().startswith(("path-to", "path_to", "path/to")) for part in parts):
        return "a placeholder"
    if (
        words[-1][0] == "my"
        and set(words[-1][1:]) <= _GENERIC_WORDS
        and (len(parts) == 1 or parts[0].lower() in _GENERIC_OWNERS)
    ):
        return "a placeholder"
    if len(parts) == 2 and parts[0].lower() in _PLACEHOLDER_OWNERS:
        return "a placeholder"
    if len(parts) == 2 and _is_generic_owner(words[0]) and set(words[1]) <= _SOME_REPO_WORDS:
        return "a placeholder"
    if len(parts) == 2 and _is_generic_owner(words[0]) and _is_field_name(words[1]):
        return "a placeholder"  # `hf://user_id/repo_id/model_ckpt` in a form's label
    if len(parts) == 2 and parts[1].lower() in _OWNER_PAGES:
        return "a listing page, not a repository"
    if len(parts) == 2 and parts[0].lower() in _NOT_REPO_OWNERS:
        return "an evaluation metric, not a model"
    return None


# Folders a run writes its results to: a path through one names the project's own model,
# even when it is laid out as `<base org>/<base name>-sft`.
_RUN_OUTPUT_FOLDERS = frozenset(
    {
        "out",
        "output",
        "outputs",
        "runs",
        "results",
        "exp",
        "exps",
        "experiments",
        "saved_models",
        "trained",
        "finetuned",
        "fine_tuned",
        "merged",
        "exports",
        "logs",
    }
)
# Hugging Face's cache folder for a repo: `models--org--name` (`/` written as `--`, which a
# repo name never holds), under `hub/`, often followed by `snapshots/<commit>`.
_CACHE_FOLDER = lazy_compile(r"(?:^|[/\\])(models|datasets)--([\w.-]+?)--([\w.-]+)(?=[/\\]|$)")


def hub_id_in_local_path(value: str) -> tuple[str, bool] | None:
    """The Hub repo a local path is a copy of, and whether it is a dataset, or None.

    A folder of the Hugging Face cache names its repo (`.../models--org--name/snapshots/x`).
    Any other path counts only when it ends in `<publisher>/<name>` for a publisher of the
    built-in model table (`checkpoints/meta-llama/Llama-2-7b-hf`, `/mnt/models/Qwen/Qwen2-7B`:
    where `litgpt download` and `huggingface-cli download --local-dir` put a repo): the
    weights are the Hub repo's, and so is its license. An unknown owner (`out/acme/run-3`) or
    a run's output folder on the way (`outputs/meta-llama/Llama-2-7b-hf-sft`) is more often the
    project's own model, so it is left alone.
    """
    cached = _CACHE_FOLDER.search(value)
    if cached is not None:
        kind, org, name = cached.groups()
        repo = f"{org}/{name}"
        return (repo, kind == "datasets") if has_valid_syntax(repo) else None
    slashed = value.replace("\\", "/")
    parts = [part for part in slashed.split("/") if part not in ("", ".")]
    if len(parts) < 2 or (len(parts) == 2 and not slashed.startswith(("./", "/", "~/"))):
        return None  # a bare `org/name` is a Hub id, read as one elsewhere
    if parts[0].lower() in _API_PROVIDERS or parts[0].lower() == "openai":
        return None  # LiteLLM's `provider/org/name`: a hosted API, judged by its context
    if any(part.lower() in _RUN_OUTPUT_FOLDERS for part in parts[:-2]):
        return None  # `outputs/meta-llama/Llama-2-7b-hf-sft`: a run's own result
    repo = f"{parts[-2]}/{parts[-1]}"
    return (repo, False) if is_well_known_repo(repo) else None


def is_well_known_repo(repo: str) -> bool:
    """True for an `org/name` id whose owner publishes a model of the built-in table."""
    owner = repo.split("/")[0].lower()
    return (
        repo.count("/") == 1
        and owner in well_known_publishers()
        and is_hub_id(repo)
        and not_a_repo_reason(repo) is None
    )


@functools.cache
def well_known_publishers() -> frozenset[str]:
    """Lower-case owners of the models in the built-in table (llmaudit/data/models.yaml)."""
    from llmaudit.package_data import read_package_text
    from llmaudit.safeyaml import load_safe_yaml

    table = load_safe_yaml(read_package_text("data", "models.yaml"))
    entries = table.get("models", []) if isinstance(table, dict) else []
    return frozenset(
        str(entry["id"]).split("/")[0].lower()
        for entry in entries
        if isinstance(entry, dict) and "/" in str(entry.get("id", ""))
    )


def is_valid_revision(revision: str) -> bool:
    """A branch, tag or commit name: letters, digits and `._-/` (refs/pr/1), no `..`."""
    return (
        bool(revision)
        and len(revision) <= 255
        and ".." not in revision
        and all(c.isalnum() or c in "._-/" for c in revision)
    )
