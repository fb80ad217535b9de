"""Cheap tests that decide which Python files are worth an `ast.parse` (the expensive step).

Everything here works on UTF-8 bytes: substring search on bytes runs at memchr speed, while
the same search on a `str` holding any non-ASCII character is several times slower.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING

from llmaudit.discover.needles import Needles
from llmaudit.lazy_regex import lazy_compile

if TYPE_CHECKING:
    import ahocorasick_rs

# Needle -> the loader names it stands for. No needle contains another (see Needles), so
# "InferenceClient" also stands for AsyncInferenceClient, "load_dataset" for
# load_dataset_builder, and so on.
_INFERENCE_TASK_NAMES = (
    b"text_generation",
    b"chat_completion",
    b"text_to_image",
    b"text_to_video",
    b"text_to_speech",
    b"image_to_text",
    b"image_to_image",
    b"feature_extraction",
    b"sentence_similarity",
    b"automatic_speech_recognition",
    b"zero_shot_classification",
    b"text_classification",
    b"token_classification",
    b"summarization",
    b"fill_mask",
)
_LOADER_NEEDLES: dict[bytes, tuple[bytes, ...]] = {
    b"from_pretrained": (b"from_pretrained", b"from_pretrained_no_processing"),
    b"from_quantized": (b"from_quantized",),
    b"from_single_file": (b"from_single_file",),  # diffusers: a Hub file link
    b"pipeline": (b"pipeline",),
    # + LlamaIndex's reranker and chromadb's SentenceTransformerEmbeddingFunction
    b"SentenceTransformer": (
        b"SentenceTransformer",
        b"SentenceTransformerRerank",
        b"SentenceTransformerEmbeddingFunction",
    ),
    # open_clip: an architecture and a pretrained tag name a Hub repository; the plain
    # `create_model` too, which timm shares: timm's `pretrained=True` is no literal tag, and
    # only an (architecture, tag) pair of open_clip's own table names a repository
    b"create_model": (
        b"create_model",
        b"create_model_and_transforms",
        b"create_model_from_pretrained",
    ),
    b"CrossEncoder": (b"CrossEncoder",),
    b"SparseEncoder": (b"SparseEncoder",),
    b"hf_hub_download": (b"hf_hub_download",),
    b"snapshot_download": (b"snapshot_download",),
    b"hf_hub_url": (b"hf_hub_url",),
    b"model_info": (b"model_info",),
    b"list_repo_files": (b"list_repo_files",),
    # smolagents' InferenceClientModel, VLLMModel and LiteLLMModel hold these needles too
    b"InferenceClient": (b"InferenceClient", b"AsyncInferenceClient", b"InferenceClientModel"),
    # ... and distilabel's InferenceEndpointsLLM, TransformersLLM
    b"LLM": (b"LLM", b"VLLMModel", b"LiteLLMModel", b"InferenceEndpointsLLM", b"TransformersLLM"),
    b"LoadDataFromHub": (b"LoadDataFromHub",),
    b"LightevalTaskConfig": (b"LightevalTaskConfig",),
    b"create_inference_endpoint": (b"create_inference_endpoint",),
    b"get_kernel": (b"get_kernel",),
    # InferenceClient's task methods (`client.text_to_image(prompt, model="org/x")`)
    **{name: (name,) for name in _INFERENCE_TASK_NAMES},
    b"TransformersModel": (b"TransformersModel",),  # smolagents
    b"MLXModel": (b"MLXModel",),
    b"HfApiModel": (b"HfApiModel",),
    b"Engine": (b"Engine", b"EngineArgs", b"AsyncEngineArgs"),  # SGLang's Engine, vLLM's args
    b"FlagModel": (b"FlagModel", b"BGEM3FlagModel"),
    b"FlagReranker": (b"FlagReranker",),
    b"HuggingFace": (b"HuggingFace", b"from_model_id"),  # + HuggingFacePipeline.from_model_id
    b"load_dataset": (b"load_dataset", b"load_dataset_builder"),
    b"get_dataset_": (b"get_dataset_config_names", b"get_dataset_split_names"),
    b"load_adapter": (b"load_adapter",),
    b"load_lora_weights": (b"load_lora_weights",),
    b"HFLM": (b"HFLM",),
    b"boot_transformers": (b"boot_transformers",),  # TransformerLens's TransformerBridge
    b"from_model2vec": (b"from_model2vec",),  # sentence-transformers StaticEmbedding
    b"from_distillation": (b"from_distillation",),
    b"WhisperModel": (b"WhisperModel",),  # faster-whisper
    b"Runtime": (b"Runtime",),
    b"mlx_lm": (b"load",),  # mlx_lm.load / from mlx_lm import load
    b"mlx_vlm": (b"load",),
    b"gr.load": (b"load",),  # gradio's gr.load("models/org/x")
    b"gradio": (b"load",),
    b"outlines": (b"transformers", b"vllm", b"mlxlm", b"exllamav2", b"transformers_vision"),
    b"fastembed": (  # TextEmbedding(model_name="BAAI/bge-small-en-v1.5")
        b"TextEmbedding",
        b"SparseTextEmbedding",
        b"LateInteractionTextEmbedding",
        b"LateInteractionMultimodalEmbedding",
        b"ImageEmbedding",
        b"TextCrossEncoder",
    ),
    # TRL's SFTTrainer, GRPOTrainer, ...: the needle ends their names (see loader_calls).
    b"Trainer": (b"Trainer",),
}
_HUB_PREFIX_NEEDLES = (b"hf-hub:", b"hf_hub:")
_CONSTANT_WORDS = (b"MODEL", b"TOKENIZER", b"ADAPTER", b"CHECKPOINT")
_TRIPLE_QUOTES = (b'"""', b"'''")
# Command lines the project launches (`["--model-path", "org/x"]`, "vllm serve org/x",
# lm-evaluation-harness `model_args="pretrained=org/x,..."`): each marker and what must
# follow it for the file to be worth parsing, an "org/name" value. One pattern per marker
# keeps each on the fast literal-prefix scan.
_FLAG_VALUE = (
    rb"""[\w-]*["']?(?:\s*,\s*[rbuRBU]{0,2}["']|\s*=\s*|\s+)(?:pretrained=)?[\w.-]+/[\w.-]"""
)
_COMMANDS = tuple(
    (needle, lazy_compile(re.escape(needle) + tail))
    for needle, tail in (
        (b"--model", _FLAG_VALUE),
        (b"--tokenizer", _FLAG_VALUE),
        (b"model_args", rb"""\s*=\s*[rbfuRBFU]{0,2}["'][^"'\n]*pretrained=[\w.-]+/[\w.-]"""),
        (b"vllm serve", rb"""\s+["']?[\w.-]+/[\w.-]"""),
    )
)
_COMMAND_NEEDLES = tuple(needle for needle, _ in _COMMANDS)
# `add_argument("--model-path", type=str, default="org/x")`: an option's default "org/name".
# `--model-path`, `--tokenizer_name`, and a flag with a role before its model word
# (whisperX's `--diarize_model`) beside them.
_OPTION_DEFAULT = lazy_compile(
    rb"""--(?:model|tokenizer|[a-z]+[-_]model\b)[\w-]*["'][^()]{0,200}?"""
    rb"""\bdefault\s*=\s*[rbuRBU]{0,2}["'][\w.-]+/[\w.-]"""
)
_OPTION_NEEDLES = (b"--model", b"--tokenizer")
# ... and `--vision_model_name_or_path` (found by the `_or_path` dict-key needle; its own
# pattern starts with a long literal, so `re` skips from one to the next).
_PREFIXED_OPTION_DEFAULT = lazy_compile(
    rb"""_model[-_]name[-_]or[-_]path["'][^()]{0,200}?"""
    rb"""\bdefault\s*=\s*[rbuRBU]{0,2}["'][\w.-]+/[\w.-]"""
)
# A config's deferred loader call: `dict(type=AutoModelForCausalLM.from_pretrained, ...)`.
# Starts with its literal, so the scan jumps from one "type" to the next.
_LAZY_LOADER = lazy_compile(
    rb"""type\s*=\s*(?:[A-Za-z_]\w*\.)*(?:from_pretrained|load_dataset)\s*[,)]"""
)
# `client.chat.completions.create(model="org/x")` in a module that makes an OpenAI(...) client
# (its base_url says who serves the model): a literal, or a name that may hold one.
# ... or openai < 1.0's module API (`openai.ChatCompletion.create(model=...)`, its server in
# `openai.api_base`).
_CLIENT_NEEDLES = (b"OpenAI(", b"Completion.create(", b"Embedding.create(")
_CLIENT_REQUEST = lazy_compile(
    rb"""\.create\(\s*(?:[^()]{0,300}?[,\s])?model\s*=\s*"""
    rb"""(?:[rbuRBU]{0,2}["'][\w.-]+/[\w.-]|([A-Za-z_][\w.]*))"""
)
# `[..., "--model", args.model]`: a flag word followed by a name that may hold a literal.
_FLAG_THEN_NAME = lazy_compile(rb"""--model[\w-]*["']\s*,\s*([A-Za-z_][\w.]*)\s*[,\])]""")
# f"--model-path {model_path}", "--model=%s" % name: worth parsing when the file holds an
# "org/name" literal.
_FLAG_THEN_FIELD = lazy_compile(rb"""--model[\w-]*[ =](?:\{[A-Za-z_][\w.]*\}|%s["']\s*%)""")
_TOKENIZER_THEN_FIELD = rb"""--tokenizer[\w-]*[ =](?:\{[A-Za-z_][\w.]*\}|%s["']\s*%)"""
_ORG_NAME_LITERAL = lazy_compile(rb"""["'][\w.-]+/[\w.-]+["']""")
# A dict literal with a model key and an "org/name" value (`{"base_model": "org/x"}`, a
# training config in code): its needles, and the pattern that makes a file worth parsing.
# No needle ends in a quote: `model'` would overlap the triple-quote needle.
_DICT_KEY_NEEDLES = (
    b'model":',
    b"model':",
    b"_or_path",
    b"model_id",
    b"model_name",
    b"dataset_name",
    b'datasets":',
    b"datasets':",
)
_DICT_MODEL_KEY = lazy_compile(
    rb"""["'](?:[a-z_]{0,30}model[a-z_]{0,20}|[a-z_]{0,30}_or_path|dataset_name)["']\s*:\s*"""
    rb"""[rbuRBU]{0,2}["'][\w.-]+/[\w.-]"""
    # `"datasets": [{"path": "org/d", ...}]` (axolotl)
    rb"""|["']datasets["']\s*:\s*\[\s*\{[^\]]{0,200}?["'](?:path|id)["']\s*:\s*"""
    rb"""[rbuRBU]{0,2}["'][\w.-]+/[\w.-]"""
)
_HINT_NEEDLES = Needles(
    [
        *_LOADER_NEEDLES,
        *_HUB_PREFIX_NEEDLES,
        *_CONSTANT_WORDS,
        *_COMMAND_NEEDLES,
        *_DICT_KEY_NEEDLES,
        *_CLIENT_NEEDLES,
    ]
)
_NEEDLES = Needles([*_HINT_NEEDLES.needles, *_TRIPLE_QUOTES])
_HUB_PREFIX = lazy_compile(rb"""["']hf[-_]hub:""")
# An upper-case MODEL-like constant assigned a quoted "org/x" (BASE_MODEL = "org/x"); one
# pattern per word keeps each on the regex engine's fast literal-prefix scan.
_NAMED_CONSTANTS = tuple(
    (word, lazy_compile(word + rb"""[A-Z0-9_]*\s*(?::[^=\n]*)?=\s*[rbfu]{0,2}["'][^"'\n]*/"""))
    for word in (b"MODEL", b"TOKENIZER", b"ADAPTER", b"CHECKPOINT")
)
_ID_KEYWORD_ARGS = frozenset(
    {
        b"model",
        b"repo_id",
        b"model_id",
        b"path",
        b"tokenizer",
        b"pretrained_model_name_or_path",
        b"model_name_or_path",
        b"model_name",
        b"tokenizer_name",
        b"pretrained",
        b"peft_model_id",
        b"pretrained_model_name_or_path_or_dict",
        b"ref_model",
        b"reward_model",
        b"reward_funcs",
        b"teacher_model",
        b"repository",
        b"hf_repo",
        b"model_size_or_path",
        b"model_path",
        b"path_or_hf_repo",
        b"pretrained_model_link_or_path",
    }
)
# One argument: an optional `keyword=`, then a quoted literal or a plain (dotted) name.
# The last positional index that may hold the id: pipeline(task, model) and
# PeftModel.from_pretrained(base, "org/adapter") take it second; -1 is keyword-only.
# open_clip's id is its pretrained tag, the 2nd argument (the 1st names an architecture)
_FIRST_ID_POSITION = {
    b"create_model": 1,
    b"create_model_and_transforms": 1,
    b"create_model_from_pretrained": 1,
}
_LAST_ID_POSITION = {
    b"from_pretrained": 1,
    **_FIRST_ID_POSITION,
    b"pipeline": 1,
    b"create_inference_endpoint": -1,
    b"InferenceEndpointsLLM": -1,
    b"TransformersLLM": -1,
    b"LoadDataFromHub": -1,
    b"LightevalTaskConfig": -1,
    **{name: -1 for name in _INFERENCE_TASK_NAMES},
    b"EngineArgs": -1,
    b"AsyncEngineArgs": -1,
    b"Engine": -1,
    b"Runtime": -1,
    b"HuggingFace": -1,
}
# Loaders whose id is a keyword that often follows nested arguments (a lambda, a prompt
# function call) the call pattern cannot span: the keyword given a literal anywhere counts.
_KEYWORD_ONLY_IDS = {
    # `hf_repo="org/d"`, or `"hf_repo": "org/d"` in a dict the call unpacks
    b"LightevalTaskConfig": lazy_compile(rb"""\bhf_repo["']?\s*[=:]\s*[rbuRBU]{0,2}["']"""),
    b"LoadDataFromHub": lazy_compile(rb"""\brepo_id\s*=\s*[rbuRBU]{0,2}["']"""),
    b"InferenceEndpointsLLM": lazy_compile(rb"""\bmodel_id\s*=\s*[rbuRBU]{0,2}["']"""),
    b"Engine": lazy_compile(rb"""\bmodel_path\s*=\s*[rbuRBU]{0,2}["']"""),
    b"Runtime": lazy_compile(rb"""\bmodel_path\s*=\s*[rbuRBU]{0,2}["']"""),
}
# Loader names that end a longer name (`SFTTrainer(`): no word start before them.
_NAME_SUFFIXES = frozenset({b"Trainer"})
_PIECE = lazy_compile(
    rb"""\s*(?:(\w+)\s*=(?!=)\s*)?(?:([rbfuRBFU]{0,2}["'])|([A-Za-z_][\w.]*)(?:\(\))?\s*$)?"""
)
# `= "..."`, `= os.getenv(...)` or a dataclass / pydantic `= field(default=...)`.
_BINDING_TAIL = (
    rb"""\s*(?::[^=\n]*)?=(?!=)\s*(?:[rbfuRBFU]{0,2}["']|os\.getenv|(?:os\.)?environ\.get"""
    rb"""|(?:dataclasses\.|pydantic\.)?[Ff]ield\(|(?:typer\.)?(?:Option|Argument)\("""
    # a fallback (`name or "org/x"`) and an entry of an upper-case table (`MODELS[lang]`),
    # both of which the syntax tree resolves (whisperX's diarization and alignment models)
    rb"""|[\w.]+[ \t]+or[ \t]+[rbfuRBFU]{0,2}["']|[A-Z][A-Z0-9_]*\["""
    # a member of an enum class (`DenseModels[key].value`, `DenseModels(key).value`)
    rb"""|[A-Z]\w*[\[(][^\])\n]*[\])]\.value\b)"""
)
_BINDING = lazy_compile(_BINDING_TAIL)
# Other ways a name gets a literal, as (before the name, after it): a function or property
# returning one, a pytest parametrize list, a `for` over a literal list.
_OTHER_BINDINGS = (
    (rb"def ", rb"""\([^)]*\)[^:\n]*:\s*return\s+[rbuRBU]{0,2}["']"""),
    (rb"""parametrize\(\s*[\[(]?\s*["'][^"'\n]*\b""", rb"\b"),
    # The name leads (a fast literal scan); "for" before it is left to the AST.
    (rb"", rb"""\b[\w \t,()]*[ \t]in[ \t]*[\[(]\s*[\[(]?\s*[rbuRBU]{0,2}["']"""),
)
_FIXTURE_PARAMS = lazy_compile(rb"fixture\([^)]*\bparams\s*=")
# Needles that must occur for each of _OTHER_BINDINGS to be worth a regex search.
_OTHER_BINDING_NEEDLES = ((b"return",), (b"parametrize",), (b" in [", b" in ("))


def has_hint(data: bytes) -> bool:
    """Whether any loader name or marker occurs in `data` (docstrings included)."""
    return _HINT_NEEDLES.occur_in(data)


def is_worth_parsing(data: bytes) -> bool:
    """The whole prefilter on a file's raw bytes (no decoding for the many files that fail):
    a file that may hold a reference, or may define a helper other modules call with one."""
    examined = examine(data)
    if examined is None:
        return False
    code, names, worth = examined
    return worth or bool(helper_names(code, names)) or bool(self_attribute_ids(code, names))


def examine(data: bytes) -> tuple[bytes, tuple[bytes, ...], bool] | None:
    """The code of `data` with docstrings blanked, the loader names in it and whether it
    may hold a reference; None when no loader name or marker occurs outside docstrings.

    Library sources quote loader calls in docstrings all the time, so only needles outside
    triple-quoted strings count. One pass finds both; most files stop here.
    """
    found = _NEEDLES.find(data)
    if all(needle in _TRIPLE_QUOTES for needle, _ in found):
        return None  # docstrings only (most library files): no loader name or marker at all
    spans, in_code = _split_docstrings(data, found)
    names = _loader_names(data, in_code)
    hints = in_code.intersection(
        (
            *_HUB_PREFIX_NEEDLES,
            *_CONSTANT_WORDS,
            *_COMMAND_NEEDLES,
            *_DICT_KEY_NEEDLES,
            *_CLIENT_NEEDLES,
        )
    )
    if not names and not hints:
        return None
    code = blank_spans(data, spans)
    return code, names, has_code_evidence(code, names, hints)


def _loader_names(data: bytes, needles: frozenset[bytes]) -> tuple[bytes, ...]:
    names: list[bytes] = []
    for needle, group in _LOADER_NEEDLES.items():
        if needle in needles:
            if needle == b"HuggingFace" and not _has_wrapper_class(data):
                continue
            names.extend(group)
    return tuple(names)


def _split_docstrings(
    data: bytes, found: list[tuple[bytes, int]]
) -> tuple[list[tuple[int, int]], frozenset[bytes]]:
    """Triple-quoted spans `(start, end)` and the needles that occur outside them.

    A string opens at a triple quote in code (not one inside a one-line string or a comment,
    such as `SEP = '\"\"\"'`) and closes at the next one of the same kind, as Python reads
    it; an unterminated one runs to the end of the file.
    """
    spans: list[tuple[int, int]] = []
    in_code: set[bytes] = set()
    quote: bytes | None = None
    opened = 0
    for needle, start in found:
        if quote is not None:
            if needle == quote and start >= opened + 3:
                spans.append((opened, start + 3))
                quote = None
        elif needle in _TRIPLE_QUOTES:
            line_start = data.rfind(b"\n", 0, start) + 1
            if is_code_position(data[line_start:start]):
                quote, opened = needle, start
        else:
            in_code.add(needle)
    if quote is not None:
        spans.append((opened, -1))
    return spans, frozenset(in_code)


_TRIPLE_QUOTE = lazy_compile(rb"\"\"\"|'''")


def string_block_lines(data: bytes) -> list[tuple[int, int]]:
    """The (first, last) 1-based lines of every triple-quoted string of `data`: docstrings,
    and module strings such as diffusers' `EXAMPLE_DOC_STRING`, which quote code for readers."""
    found = [(match.group(), match.start()) for match in _TRIPLE_QUOTE.finditer(data)]
    spans, _ = _split_docstrings(data, found)
    lines = []
    for start, end in spans:
        first = data.count(b"\n", 0, start) + 1
        last = first + data.count(b"\n", start, len(data) if end < 0 else end)
        lines.append((first, last))
    return lines


def blank_spans(data: bytes, spans: list[tuple[int, int]]) -> bytes:
    """`data` with each span replaced by its newlines (so line numbers stay right)."""
    if not spans:
        return data
    parts = []
    position = 0
    for start, end in spans:
        end = len(data) if end < 0 else end
        parts.append(data[position:start])
        parts.append(b"\n" * data.count(b"\n", start, end))
        position = end
    parts.append(data[position:])
    return b"".join(parts)


def _has_wrapper_class(code: bytes) -> bool:
    """A "HuggingFace" followed by a capital (HuggingFaceEmbeddings), not the "HuggingFace
    Team" of the license header nearly every Hugging Face library file starts with."""
    position = code.find(b"HuggingFace")
    while position >= 0:
        if code[position + 11 : position + 12].isupper():
            return True
        position = code.find(b"HuggingFace", position + 11)
    return False


def has_code_evidence(code: bytes, names: tuple[bytes, ...], hints: frozenset[bytes]) -> bool:
    """A loader call whose id argument is a literal or a name bound to one, an "hf-hub:"
    string, or a MODEL-like constant set to "org/name" (`hints`: the markers in `code`)."""
    if not hints.isdisjoint(_HUB_PREFIX_NEEDLES) and _HUB_PREFIX.search(code):
        return True
    if any(word in hints and pattern.search(code) for word, pattern in _NAMED_CONSTANTS):
        return True
    if any(needle in hints and pattern.search(code) for needle, pattern in _COMMANDS):
        return True
    if not hints.isdisjoint(_DICT_KEY_NEEDLES) and _DICT_MODEL_KEY.search(code):
        return True
    if not hints.isdisjoint(_OPTION_NEEDLES) and _OPTION_DEFAULT.search(code):
        return True
    if b"_or_path" in hints and _PREFIXED_OPTION_DEFAULT.search(code):
        return True
    if not hints.isdisjoint(_CLIENT_NEEDLES) and _names_client_model(code):
        return True
    if (
        (b"from_pretrained" in names or b"load_dataset" in names)
        and _LAZY_LOADER.search(code)
        and _ORG_NAME_LITERAL.search(code)
    ):
        return True
    imported = _ImportedNames(code)
    if b"--model" in hints:
        for match in _FLAG_THEN_NAME.finditer(code):
            dotted = match.group(1)
            name = dotted.rsplit(b".", 1)[-1]
            if is_bound_to_literal(code, name) or imported.may_bind(dotted):
                return True
        if _FLAG_THEN_FIELD.search(code) and _ORG_NAME_LITERAL.search(code):
            return True
    for loader, keyword in _KEYWORD_ONLY_IDS.items():
        if loader in names and keyword.search(code):
            return True
    if names and parses_dataclasses(code):
        return True  # its loaders and helpers read fields whose defaults another module sets
    checked: set[bytes] = set()
    for loader, call in loader_calls(code, names):
        for dotted in _id_argument_names(loader, call.group(1)):
            if dotted == b"":
                return True  # a literal
            name = dotted.rsplit(b".", 1)[-1]
            if name not in checked:
                checked.add(name)
                if is_bound_to_literal(code, name):
                    return True
                if dotted.startswith(b"self."):
                    sources = _stored_sources(code, name)
                    if any(is_bound_to_literal(code, source) for source in sources):
                        return True  # `self._model = model` of `__init__(self, model="org/x")`
                    checked.update(sources)
            if imported.may_bind(dotted):
                return True
            if _may_hold_an_instance(code, dotted):
                return True
    return bool(checked) and _is_helper_given_literal(code, checked)


# `HfArgumentParser((ModelArguments, ...))`: a parser whose options are dataclass fields.
_DATACLASS_PARSER = lazy_compile(rb"Parser\(\s*[(\[]?\s*[A-Z]")


def parses_dataclasses(code: bytes) -> bool:
    """Whether the module builds an argument parser of dataclasses."""
    return _DATACLASS_PARSER.search(code) is not None


def _may_hold_an_instance(code: bytes, dotted: bytes) -> bool:
    """`model_args.model_id` where `model_args` may hold an instance of a class (annotated
    with it, or built from it; one an argument parser fills is seen by `parses_dataclasses`):
    its field's default, written in whichever module defines the class, is the id
    (argument_fields)."""
    receiver, _, attribute = dotted.partition(b".")
    if not attribute or b"." in attribute or receiver in (b"self", b"cls"):
        return False
    return _followed_at_a_word_start(code, receiver, _INSTANCE_TAIL)


# After a receiver's name: annotated with a class (`args: Args`, `args: "Args"`) or built
# from one (`args = Args(`).
_INSTANCE_TAIL = lazy_compile(rb"\s*(?::\s*['\"]?|=\s*)[A-Z]\w*\b")


def _followed_at_a_word_start(code: bytes, name: bytes, tail: re.Pattern[bytes]) -> bool:
    """Whether `re.search(rb"\b" + re.escape(name) + tail.pattern, code)` would match, for a
    name that starts with a word character, without compiling a pattern per name (in every
    worker): each occurrence of `name` with no word character before it, then `tail`."""
    position = code.find(name)
    while position >= 0:
        before = code[position - 1 : position]
        if not (before.isalnum() or before == b"_") and tail.match(code, position + len(name)):
            return True
        position = code.find(name, position + 1)
    return False


_DEFINITION = lazy_compile(rb"def (\w+)\(([^)]*)\)")
_LITERAL_FIRST_ARGUMENT = lazy_compile(rb"""\(\s*(?:\w+\s*=\s*)?[rbuRBU]{0,2}["'][\w.-]+/[\w.-]""")


def _is_helper_given_literal(code: bytes, names: set[bytes]) -> bool:
    """`def load(name): ... from_pretrained(name)` and a call `load("org/x")` (or
    `load(name="org/x")`) in the same file: the helper hands the literal to the loader
    (`names`: the loader arguments no literal binds); also through a helper that hands its
    parameter on to such a helper; or a call given a module global set to an "org/name"
    literal (`load_model(SOURCE_DATASET)`, a function's `global st_model`)."""
    literal_first = _LITERAL_FIRST_ARGUMENT.search(code) is not None
    given: set[bytes] | None = None
    if not literal_first:
        given = _global_ids(code)
        if not given:
            return False
    helpers = [
        _callable_name(code, definition)
        for definition in _DEFINITION.finditer(code)
        if any(name in definition.group(2) for name in names)
    ]
    for helper in [*helpers, *_chained_helpers(code, helpers)] if helpers else ():
        escaped = re.escape(helper)
        call = escaped + rb"""\(\s*(?:\w+\s*=\s*)?[rbuRBU]{0,2}["'][\w.-]+/"""
        if literal_first and re.search(rb"\b" + call, code):
            return True
        if given is None:
            given = _global_ids(code)
        if not given:
            continue
        # `load_embedding_model(st_model)`: a module global set to an "org/name" literal
        alternatives = b"|".join(re.escape(name) for name in sorted(given))
        argument = rb"\(\s*(?:\w+\s*=\s*)?(?:" + alternatives + rb")\s*[,)]"
        if re.search(rb"\b" + escaped + argument, code):
            return True
    return False


# The assignment a line starts with: its indentation and target (`NAME = `, `NAME: T = `).
_LINE_TARGET = lazy_compile(rb"([ \t]*)([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)")
_GLOBAL_STATEMENT = lazy_compile(rb"\bglobal[ \t]+([\w \t,]+)")


def _global_ids(code: bytes) -> set[bytes]:
    """Module globals an "org/name" literal is assigned to (an environment default too):
    at the left margin (`SOURCE_DATASET = "org/d"`), or in a function that declares the
    name `global` (text-generation-webui's `st_model = os.environ.get("X", "org/x")`). One
    scan for the literals, which are rare; a parameter or local of that name is none."""
    names: set[bytes] = set()
    declared: set[bytes] | None = None
    for literal in _ORG_NAME_LITERAL.finditer(code):
        line_start = code.rfind(b"\n", 0, literal.start()) + 1
        target = _LINE_TARGET.match(code, line_start, literal.start())
        if target is None:
            continue
        if not target.group(1):
            names.add(target.group(2))
        elif b"global " in code:
            if declared is None:
                declared = {
                    name.strip()
                    for statement in _GLOBAL_STATEMENT.findall(code)
                    for name in statement.split(b",")
                }
            if target.group(2) in declared:
                names.add(target.group(2))
    return names


def _callable_name(code: bytes, definition: re.Match[bytes]) -> bytes:
    """The name a call uses: the function's, or for an `__init__` its class's."""
    if definition.group(1) != b"__init__":
        return definition.group(1)
    owner = code.rfind(b"class ", 0, definition.start())
    match = re.match(rb"class\s+(\w+)", code[owner:]) if owner >= 0 else None
    return match.group(1) if match else definition.group(1)


# Module-level functions and classes: what another module can import and call.
_IMPORTABLE_FUNCTION = lazy_compile(rb"^(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(([^)]*)\)", re.M)
_TOP_LEVEL_CLASS = lazy_compile(rb"^class[ \t]+(\w+)", re.M)
_CONSTRUCTOR = lazy_compile(rb"^[ \t]+def[ \t]+__init__[ \t]*\(([^)]*)\)", re.M)


def loader_code(data: bytes) -> tuple[bytes, tuple[bytes, ...]]:
    """`data` with docstrings blanked, and the loader names that occur outside them."""
    examined = examine(data)
    return (data, ()) if examined is None else (examined[0], examined[1])


def helper_names(code: bytes, names: tuple[bytes, ...]) -> tuple[str, ...]:
    """Module-level functions (and classes, through `__init__`) whose parameters include a
    name that a loader call in the file receives as the id: helpers another module may
    import and call with an id (`def load_model(name): ... from_pretrained(name)`). A cheap
    over-approximation: the module is parsed only if some file calls one of them. `code` and
    `names` are what `examine` gives."""
    if not names:
        return ()
    received = {dotted.rsplit(b".", 1)[-1] for dotted in _received(code, names)}
    if not received:
        return ()
    received.update(*(_stored_sources(code, name) for name in list(received)))
    helpers = [
        match.group(1)
        for match in _IMPORTABLE_FUNCTION.finditer(code)
        if _takes_any(match.group(2), received)
    ]
    classes = [(match.start(), match.group(1)) for match in _TOP_LEVEL_CLASS.finditer(code)]
    for match in _CONSTRUCTOR.finditer(code):
        owner = [name for start, name in classes if start < match.start()]
        if owner and _takes_any(match.group(1), received):
            helpers.append(owner[-1])
    if helpers:
        helpers.extend(_chained_helpers(code, helpers))
    return tuple(dict.fromkeys(name.decode() for name in helpers))


def self_attribute_ids(code: bytes, names: tuple[bytes, ...]) -> tuple[str, ...]:
    """Attributes a loader call receives as `self.<name>` / `cls.<name>` (a base class that
    loads what its subclasses set: `load_dataset(path=self.DATASET_PATH)`), by bytes."""
    found = [
        dotted.split(b".")[1]
        for dotted in _received(code, names)
        if dotted.startswith((b"self.", b"cls.")) and dotted.count(b".") == 1
    ]
    return tuple(dict.fromkeys(name.decode() for name in found))


@functools.lru_cache(maxsize=2)
def _received(code: bytes, names: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """The (dotted) names loader calls of `code` receive as the id (not literals); cached,
    since helper and attribute tests both ask, in the hint and again in the reader."""
    return tuple(
        dotted
        for loader, call in loader_calls(code, names)
        for dotted in _id_argument_names(loader, call.group(1))
        if dotted
    )


_CHAIN_DEPTH = 3  # as python_source follows helpers that call helpers


def _chained_helpers(code: bytes, helpers: list[bytes]) -> list[bytes]:
    """Module-level functions that pass one of their parameters to one of `helpers`
    (`def load_model(name): return _load(name)`), a few calls deep; by bytes, over-approximated
    (a function's text runs to the next top-level `def` or `class`)."""
    definitions = list(_IMPORTABLE_FUNCTION.finditer(code))
    starts = sorted(
        [m.start() for m in definitions] + [m.start() for m in _TOP_LEVEL_CLASS.finditer(code)]
    )
    functions = []
    for match in definitions:
        following = bisect.bisect_right(starts, match.start())
        end = starts[following] if following < len(starts) else len(code)
        parameters = set(re.findall(rb"\w+", match.group(2)))
        functions.append((match.group(1), parameters, code[match.end() : end]))
    known = set(helpers)
    chained: list[bytes] = []
    for _ in range(_CHAIN_DEPTH):
        added = [
            name
            for name, parameters, body in functions
            if name not in known and _passes_on(body, known, parameters)
        ]
        if not added:
            break
        known.update(added)
        chained.extend(added)
    return chained


def _passes_on(body: bytes, helpers: set[bytes], parameters: set[bytes]) -> bool:
    """True when `body` calls one of `helpers` with one of `parameters` among its arguments."""
    for helper in helpers:
        position = body.find(helper + b"(")
        while position >= 0:
            before = body[position - 1 : position]
            arguments = _CALL_ARGUMENTS.match(body, position + len(helper) + 1)
            if (
                not (before.isalnum() or before == b"_")
                and arguments is not None
                and not parameters.isdisjoint(re.findall(rb"\w+", arguments.group(1)))
            ):
                return True
            position = body.find(helper + b"(", position + 1)
    return False


def _stored_sources(code: bytes, attribute: bytes) -> set[bytes]:
    """Names stored as `self.<attribute> = name` (a constructor keeping its parameter for a
    method that loads it later)."""
    if b"self." + attribute not in code:
        return set()
    pattern = rb"self\." + re.escape(attribute) + rb"\s*(?::[^=\n]*)?=\s*(\w+)\s*(?:#[^\n]*)?$"
    return set(re.findall(pattern, code, re.MULTILINE))


def _takes_any(parameters: bytes, names: set[bytes]) -> bool:
    words = set(re.findall(rb"\w+", parameters))
    return not words.isdisjoint(names)


# `from m import a, b as c` (parenthesized over several lines or continued with "\\") and
# `import a.b, c as d`: the names they bind (a, c; a, d) are what another module may define.
_IMPORTED_TEXT = rb"(?:[^\n;\\]|\\(?:\r?\n|.))*"  # to the line's end, past "\\" continuations
_FROM_IMPORT = lazy_compile(
    rb"^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]*(\([^)]*\)|" + _IMPORTED_TEXT + rb")", re.M
)
_PLAIN_IMPORT = lazy_compile(rb"^[ \t]*import[ \t]+(" + _IMPORTED_TEXT + rb")", re.M)
_COMMENT_TEXT = lazy_compile(rb"#[^\n]*")


class _ImportedNames:
    """The names a module's import statements bind, read from its bytes on first use."""

    def __init__(self, code: bytes) -> None:
        self._code = code
        self._names: frozenset[bytes] | None = None
        self._star = False

    def may_bind(self, dotted: bytes) -> bool:
        """Whether another module may give `dotted` its value: an upper-case constant
        (`settings.BASE_MODEL`, perhaps from a star import), an imported name (`from config
        import model_id`), an attribute of an imported module (`cfg.model_id` after `import
        cfg`), or any name when the module has a star import. A module name inside an import
        (`from peft import PeftModel` for a parameter `peft`) binds nothing of that name."""
        name = dotted.rsplit(b".", 1)[-1]
        if name.isupper() and any(c in name for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
            return True
        if self._names is None:
            self._names, self._star = _import_bindings(self._code)
        return self._star or dotted.split(b".", 1)[0] in self._names


def _import_bindings(code: bytes) -> tuple[frozenset[bytes], bool]:
    """(bound names, whether there is a star import) of every import statement."""
    names: set[bytes] = set()
    star = False
    for pattern, keep_head in ((_FROM_IMPORT, False), (_PLAIN_IMPORT, True)):
        for match in pattern.finditer(code):
            items = _COMMENT_TEXT.sub(b"", match.group(1)).replace(b"\\", b" ")
            for item in items.strip(b"() \t\r\n").split(b","):
                words = item.split()
                if words == [b"*"]:
                    star = True
                elif len(words) == 3 and words[1] == b"as":
                    names.add(words[2])
                elif words:
                    names.add(words[0].split(b".", 1)[0] if keep_head else words[0])
    return frozenset(names), star


@functools.cache
def _loader_call_pattern(name: bytes) -> re.Pattern[bytes]:
    """One loader name and its call arguments.

    One pattern per name keeps the regex on its fast literal-prefix scan (an alternation
    of names or a lookbehind would try every position), so word starts are checked in Python.
    """
    # "HuggingFace" stands for a family of wrapper classes (HuggingFaceEmbeddings, ...).
    prefix = name + rb"\w*" if name == b"HuggingFace" else name
    return re.compile(prefix + rb"\s*\(((?:[^()]|\([^()]{0,200}\)){0,400})")


def loader_calls(code: bytes, names: tuple[bytes, ...]) -> list[tuple[bytes, re.Match[bytes]]]:
    """(loader name, call) for loader calls that start a name, are not definitions
    (`def from_pretrained(`, `class SentenceTransformer(`: the library's own source) and are
    neither in a comment nor inside a string literal."""
    calls = []
    for name, call in _calls_in_order(code, names):
        start = call.start()
        word_start = start
        if name in _NAME_SUFFIXES:
            while word_start and (code[word_start - 1 : word_start].isalnum()):
                word_start -= 1
        before = code[word_start - 1 : word_start]
        if before.isalnum() or before == b"_" or _follows_definition_word(code, word_start):
            continue
        line_start = code.rfind(b"\n", 0, word_start) + 1
        if is_code_position(code[line_start:word_start]):
            calls.append((name, call))
    return calls


def _follows_definition_word(code: bytes, start: int) -> bool:
    """`def NAME(` or `class NAME(`: a definition, not a call."""
    return (
        code[max(0, start - 4) : start] == b"def " or code[max(0, start - 6) : start] == b"class "
    )


def is_code_position(line_prefix: bytes) -> bool:
    """Whether the end of `line_prefix` (a line up to some position) is code: not in a
    comment and not inside a one-line string, unless inside an f-string's `{...}`.

    Triple-quoted strings are blanked before this runs, so a line holds whole literals.
    """
    if b"#" not in line_prefix and b'"' not in line_prefix and b"'" not in line_prefix:
        return True  # indentation or plain code (most calls): nothing can open a string
    quote = 0
    opened_at = 0
    index = 0
    while index < len(line_prefix):
        char = line_prefix[index]
        if quote:
            if char == 92:  # a backslash escapes the next character
                index += 1
            elif char == quote:
                quote = 0
        elif char in (34, 39):  # " or '
            quote, opened_at = char, index
        elif char == 35:  # #
            return False
        index += 1
    if not quote:
        return True
    prefix = line_prefix[max(0, opened_at - 2) : opened_at].lower()
    return b"f" in prefix and b"{" in line_prefix[opened_at:]


def _calls_in_order(code: bytes, names: tuple[bytes, ...]) -> list[tuple[bytes, re.Match[bytes]]]:
    calls = [(name, call) for name in names for call in _loader_call_pattern(name).finditer(code)]
    if len(names) > 1:
        calls.sort(key=lambda pair: pair[1].start())
    return calls


def _id_argument_names(loader: bytes, arguments: bytes) -> list[bytes]:
    """(Dotted) names passed where `loader` takes its id (b"" for a literal there)."""
    first_position = _FIRST_ID_POSITION.get(loader, 0)
    last_position = _LAST_ID_POSITION.get(loader, 0)
    names = []
    for index, piece in enumerate(arguments.split(b",")):
        match = _PIECE.match(piece)
        if match is None:
            continue
        keyword, literal, name = match.groups()
        if keyword is None and not first_position <= index <= last_position:
            continue
        if keyword and keyword not in _ID_KEYWORD_ARGS:
            continue
        if literal or b'"' in piece or b"'" in piece:  # a literal, f-string, Path("..."), ...
            names.append(b"")
        elif name:
            names.append(name)
    return names


def _names_client_model(code: bytes) -> bool:
    """A client request whose `model=` is an "org/name" literal, or a name bound to a
    literal in a module that holds an "org/name" one (`"gpt-4o"` is no Hub id)."""
    for match in _CLIENT_REQUEST.finditer(code):
        if match.group(1) is None:
            return True
        name = match.group(1).rsplit(b".", 1)[-1]
        if is_bound_to_literal(code, name) and _ORG_NAME_LITERAL.search(code):
            return True
    return False


def is_bound_to_literal(code: bytes, name: bytes) -> bool:
    """`name = "..."`, `name = os.getenv(...)`, `def f(name="...")`, an argparse "--name",
    or `request.param` of a `@pytest.fixture(params=...)`."""
    if name == b"param" and _FIXTURE_PARAMS.search(code):
        return True
    if name not in code:
        return False
    if _assigned_at_a_word_start(code, name):
        return True
    flag = name.replace(b"_", b"-")
    if any(f"{q}--{n}{q}".encode() in code for q in "\"'" for n in (flag.decode(), name.decode())):
        return True
    escaped = re.escape(name)
    return any(
        any(needle in code for needle in needles) and re.search(before + escaped + after, code)
        for (before, after), needles in zip(_OTHER_BINDINGS, _OTHER_BINDING_NEEDLES, strict=True)
    )


def _assigned_at_a_word_start(code: bytes, name: bytes) -> bool:
    """Whether `re.finditer(re.escape(name) + _BINDING_TAIL, code)` finds a match with no
    word character before it, without compiling a pattern per name (a few hundred
    microseconds each, in every worker): each occurrence of `name` that does not start
    inside the previous match, then the one compiled tail matched right after it."""
    position = code.find(name)
    while position >= 0:
        tail = _BINDING.match(code, position + len(name))
        if tail is None:
            position = code.find(name, position + 1)
            continue
        before = code[position - 1 : position]
        if not (before.isalnum() or before == b"_"):
            return True
        position = code.find(name, tail.end())
    return False


_ARGUMENT_NAME = lazy_compile(rb"[A-Za-z_][\w.]*")
_DEFINITION_START = (b"def ", b"async def ", b"class ")


@functools.lru_cache(maxsize=4)
def _helper_finder(names: tuple[bytes, ...]) -> ahocorasick_rs.BytesAhoCorasick:
    """Calls of the helpers: each name directly followed by "(" (PEP 8 puts no space there;
    a name alone also matches every class and attribute that ends with it)."""
    import ahocorasick_rs

    return ahocorasick_rs.BytesAhoCorasick(  # a DFA: 40% faster on a 97 MB tree than the NFA
        [before + name + b"(" for name in names for before in _BEFORE_A_NAME],
        implementation=ahocorasick_rs.Implementation.DFA,
    )


# What precedes a called name in code: the finder matches these with it, so a longer name
# that merely ends the same way (`StableDiffusionPipeline(` for `Pipeline`) is never a hit.
_BEFORE_A_NAME = (b" ", b"\t", b"\n", b".", b"(", b"[", b"{", b",", b"=", b":", b"!", b"@")


_CALL_ARGUMENTS = lazy_compile(rb"([^()]*)")
_FIRST_NAME = lazy_compile(rb"(\w+)\(")


def may_give_helper_an_id(data: bytes, helpers: tuple[bytes, ...]) -> bool:
    """Cheap test that a file calls one of `helpers` (the project's own, by name) outside
    docstrings with an "org/name" literal, or with a name assigned one (`load_model(BASE)`,
    `load_model(args.model_path)` with an argparse default): most files that merely name a
    helper need no parse."""
    if not helpers:
        return False
    calls = [start + 1 for _, start, _ in _helper_finder(helpers).find_matches_as_indexes(data)]
    return _gives_an_id(data, helpers, calls)


def calls_and_settings(
    data: bytes, helpers: tuple[bytes, ...], attributes: tuple[bytes, ...]
) -> tuple[bool, bool]:
    """(`may_give_helper_an_id`, whether an indented line sets one of `attributes` to an
    "org/name" literal: a class body's `DATASET_PATH = "org/d"` for a base class that loads
    `self.DATASET_PATH`), from one pass of one automaton over `data`."""
    if not attributes:
        return may_give_helper_an_id(data, helpers), False
    finder = _call_and_setter_finder(helpers, attributes)
    split = len(helpers) * len(_BEFORE_A_NAME)
    calls: list[int] = []
    sets = False
    for index, start, end in finder.find_matches_as_indexes(data):
        if index < split:
            calls.append(start + 1)
        elif not sets:
            line_start = data.rfind(b"\n", 0, start) + 1
            sets = (
                not data[line_start:start].strip(b" \t")
                and re.compile(_SETS_AN_ID).match(data, end) is not None
                and _opens_a_class(data, line_start, start - line_start + 1)
            )
    return bool(helpers) and _gives_an_id(data, helpers, calls), sets


def _opens_a_class(data: bytes, line_start: int, indent: int) -> bool:
    """Whether the line that encloses the one at `line_start` (indented by `indent`) is a
    `class` statement: a class body's attribute, not a keyword argument, a local variable or
    an indented line of a docstring example."""
    end = line_start - 1
    while end > 0:
        start = data.rfind(b"\n", 0, end) + 1
        line = data[start:end]
        stripped = line.lstrip(b" \t")
        # blank lines, comments and the `):` closing a multi-line list of bases are skipped
        if (
            stripped.strip()
            and not stripped.startswith((b"#", b")"))
            and len(line) - len(stripped) < indent
        ):
            return stripped.startswith(b"class ")
        end = start - 1
    return False


# The rest of a class-body line that sets an attribute to an "org/name" literal.
_SETS_AN_ID = rb"""[ \t]*(?::[^=\n]*)?=[ \t]*[rbuRBU]{0,2}["'][\w.-]+/[\w.-]"""


@functools.lru_cache(maxsize=4)
def _call_and_setter_finder(
    helpers: tuple[bytes, ...], attributes: tuple[bytes, ...]
) -> ahocorasick_rs.BytesAhoCorasick:
    """The helper calls of `_helper_finder`, then indented attribute names. Longest first:
    a helper call `model_fn(` is not hidden by the attribute name `model` it starts with
    (both start at the same blank; a helper call cannot start inside an attribute name)."""
    import ahocorasick_rs

    return ahocorasick_rs.BytesAhoCorasick(
        [before + name + b"(" for name in helpers for before in _BEFORE_A_NAME]
        + [indent + name for name in attributes for indent in (b" ", b"\t")],
        matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST,
        implementation=ahocorasick_rs.Implementation.DFA,
    )


def _gives_an_id(data: bytes, helpers: tuple[bytes, ...], calls: list[int]) -> bool:
    """Whether one of the helper `calls` (positions in `data`) gets an id."""
    first = _FIRST_NAME.match(data)
    if first and first.group(1) in helpers:
        calls.insert(0, 0)  # the file starts with a call
    if not calls or not _ORG_NAME_LITERAL.search(data):
        return False
    spans, _ = _split_docstrings(data, _NEEDLES.find(data))
    starts = [start for start, _ in spans]
    code: bytes | None = None
    bound: set[bytes] = set()
    tested = b"parametrize" in data or b"pytest.fixture" in data  # test parameters: dearer
    for start in calls:
        inside = bisect.bisect_right(starts, start) - 1
        if inside >= 0 and start < spans[inside][1]:
            continue  # in a docstring
        line_start = data.rfind(b"\n", 0, start) + 1
        if data[line_start:start].lstrip().startswith(_DEFINITION_START):
            continue
        arguments = _CALL_ARGUMENTS.match(data, data.index(b"(", start) + 1)
        if arguments is None:
            continue
        if _ORG_NAME_LITERAL.search(arguments.group(1)):
            return True
        if code is None:  # names bound outside docstrings (their examples bind many)
            code = blank_spans(data, spans)
            bound = _names_given_ids(code)
        found = [name.rsplit(b".", 1)[-1] for name in _ARGUMENT_NAME.findall(arguments.group(1))]
        if any(name in bound for name in found):
            return True
        if tested and any(is_bound_to_literal(code, name) for name in found):
            return True
    return False


# `name = "org/x"` (also `name: str = ...`, a keyword default) and argparse's
# `add_argument("--model-path", ..., default="org/x")`: names an "org/name" literal reaches.
# The literal is searched first (it is rare); the name is read back from the text before it.
_ASSIGNED_ID = lazy_compile(rb"""=\s*[rbfuRBFU]{0,2}["'][\w.-]+/[\w.-]""")
_TARGET_BEFORE = lazy_compile(rb"([A-Za-z_]\w*)\s*(?::[^=\n]*)?$")
_FLAG_WITH_ID = lazy_compile(
    rb"""["']--([\w-]+)["'][^)]*?\bdefault\s*=\s*[rbfuRBFU]{0,2}["'][\w.-]+/[\w.-]"""
)


def _names_given_ids(code: bytes) -> set[bytes]:
    names = set()
    for match in _ASSIGNED_ID.finditer(code):
        before = code[code.rfind(b"\n", 0, match.start()) + 1 : match.start()]
        target = _TARGET_BEFORE.search(before)
        if target is not None:
            names.add(target.group(1))
    names.update(match.group(1).replace(b"-", b"_") for match in _FLAG_WITH_ID.finditer(code))
    return names


def could_bind_attribute(code: bytes, name: str) -> bool:
    """Cheap test that `name` may be an attribute, dict key or argument bound to a literal."""
    raw = name.encode()
    if raw.endswith(b"()"):  # a method returning a literal: its definition is in the code
        return b"def " + raw[:-1] in code
    if raw not in code:
        return False
    key = rb"""["']""" + re.escape(raw) + rb"""["']\s*:\s*[rbfuRBFU]{0,2}["']"""
    return is_bound_to_literal(code, raw) or bool(re.search(key, code))


def hit_lines(code: bytes, names: tuple[bytes, ...]) -> list[int]:
    """Sorted 1-based lines with a call of a loader in `names`, an "hf-hub:" string or a
    command line naming an "org/name" (where the AST walk goes)."""
    starts = [call.start() for _, call in loader_calls(code, names)]
    starts += [match.start() for match in _HUB_PREFIX.finditer(code)]
    for needle, pattern in _COMMANDS:
        if needle in code:
            starts += [match.start() for match in pattern.finditer(code)]
    starts += [match.start() for match in _DICT_MODEL_KEY.finditer(code)]
    if b"--model" in code or b"--tokenizer" in code:
        starts += [match.start() for match in _OPTION_DEFAULT.finditer(code)]
    if b"_or_path" in code:
        starts += [match.start() for match in _PREFIXED_OPTION_DEFAULT.finditer(code)]
    if any(needle in code for needle in _CLIENT_NEEDLES):
        starts += [match.start() for match in _CLIENT_REQUEST.finditer(code)]
    if b"type" in code:
        starts += [match.start() for match in _LAZY_LOADER.finditer(code)]
    if b"--model" in code:
        starts += [match.start() for match in _FLAG_THEN_NAME.finditer(code)]
        starts += [match.start() for match in _FLAG_THEN_FIELD.finditer(code)]
    if b"--tokenizer" in code:
        starts += [match.start() for match in re.finditer(_TOKENIZER_THEN_FIELD, code)]
    lines = []
    line, previous = 1, 0
    for position in sorted(starts):
        line += code.count(b"\n", previous, position)
        previous = position
        lines.append(line)
    return sorted(set(lines))
