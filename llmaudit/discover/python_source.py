"""Model references in Python source: the `ast` of files that pass the prefilter."""

from __future__ import annotations

import ast
import bisect
import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from llmaudit.discover import argument_fields, imports, python_prefilter, python_values, urls
from llmaudit.discover.api_context import (
    ApiContext,
    api_context,
    client_usage,
    inherited,
    judged_in,
    keeps_hub_prefix,
)
from llmaudit.discover.candidates import Candidate
from llmaudit.discover.imports import ImportedName
from llmaudit.discover.model_ids import DATASET_BUILDERS, PIPELINE_TASKS, has_hub_prefix
from llmaudit.discover.python_values import Scope, Value
from llmaudit.lazy_regex import lazy_compile
from llmaudit.models import LocationKind, RefKind
from llmaudit.records import record

# InferenceClient's task methods: `model=` names the Hub model that serves the task (only an
# `org/name` counts, since another client may have a method of the same name).
_INFERENCE_TASKS = (
    "text_generation",
    "chat_completion",
    "text_to_image",
    "text_to_video",
    "text_to_speech",
    "image_to_text",
    "image_to_image",
    "feature_extraction",
    "sentence_similarity",
    "automatic_speech_recognition",
    "zero_shot_classification",
    "text_classification",
    "token_classification",
    "summarization",
    "fill_mask",
)
# Call name -> (positional index of the id, keyword names of the id), for explicit loaders.
_ID_ARGS: dict[str, tuple[int | None, tuple[str, ...]]] = {
    "from_pretrained": (
        0,
        (
            "pretrained_model_name_or_path",
            "model_id",
            "repo_id",
            "model_name_or_path",
            "model_name",
        ),
    ),
    # TransformerLens: HookedTransformer.from_pretrained_no_processing("gpt2-small")
    "from_pretrained_no_processing": (0, ("model_name",)),
    "from_quantized": (0, ("model_name_or_path", "model_id", "repo_id", "model_name")),
    "boot_transformers": (0, ("model_name",)),  # TransformerLens TransformerBridge
    # sentence-transformers StaticEmbedding.from_model2vec / from_distillation
    "from_model2vec": (0, ("model_id_or_path",)),
    "from_distillation": (0, ("model_name",)),
    "FlagModel": (0, ("model_name_or_path",)),
    "BGEM3FlagModel": (0, ("model_name_or_path",)),
    "FlagReranker": (0, ("model_name_or_path",)),
    "SentenceTransformer": (0, ("model_name_or_path", "model_name")),
    "CrossEncoder": (0, ("model_name_or_path", "model_name")),
    "SparseEncoder": (0, ("model_name_or_path", "model_name")),
    # chromadb's embedding function: SentenceTransformer(model_name) underneath
    "SentenceTransformerEmbeddingFunction": (0, ("model_name",)),
    # LlamaIndex's cross-encoder reranker (its first parameter is top_n)
    "SentenceTransformerRerank": (None, ("model",)),
    "hf_hub_download": (0, ("repo_id",)),
    "snapshot_download": (0, ("repo_id",)),
    "hf_hub_url": (0, ("repo_id",)),
    "model_info": (0, ("repo_id",)),
    "list_repo_files": (0, ("repo_id",)),
    "InferenceClient": (0, ("model",)),
    "AsyncInferenceClient": (0, ("model",)),
    "LLM": (0, ("model",)),
    "AsyncEngineArgs": (None, ("model",)),
    "EngineArgs": (None, ("model", "model_name_or_path")),  # vLLM; infinity_emb
    # PEFT / transformers `model.load_adapter("org/adapter")`, diffusers LoRA weights.
    "load_adapter": (0, ("peft_model_id", "model_id")),
    "load_lora_weights": (0, ("pretrained_model_name_or_path_or_dict",)),
    "HFLM": (0, ("pretrained",)),  # lm-evaluation-harness
    # Hugging Face `kernels`: compute kernels downloaded from a Hub repository
    "get_kernel": (0, ("repo_id",)),
    # huggingface_hub: deploying a repository, and InferenceClient's task methods
    "create_inference_endpoint": (None, ("repository",)),
    **{task: (None, ("model",)) for task in _INFERENCE_TASKS},
    # smolagents: models loaded from the Hub or served by Hugging Face Inference Providers
    "TransformersModel": (0, ("model_id",)),
    "InferenceClientModel": (0, ("model_id",)),
    "HfApiModel": (0, ("model_id",)),
    "VLLMModel": (0, ("model_id",)),
    "MLXModel": (0, ("model_id",)),
    # smolagents LiteLLMModel: only LiteLLM's `huggingface/org/name` is a Hub model
    "LiteLLMModel": (0, ("model_id",)),
    # distilabel: Hub models served by Inference Endpoints or loaded locally, Hub datasets
    "InferenceEndpointsLLM": (None, ("model_id",)),
    "TransformersLLM": (None, ("model",)),
    "LoadDataFromHub": (None, ("repo_id",)),
    # lighteval: a task's evaluation dataset (its own tasks, and custom ones such as open-r1's)
    "LightevalTaskConfig": (None, ("hf_repo",)),
    # LangChain HuggingFacePipeline.from_model_id(model_id="org/x", task=...)
    "from_model_id": (0, ("model_id",)),
    # faster-whisper WhisperModel("org/x"): a CTranslate2 conversion on the Hub
    "WhisperModel": (0, ("model_size_or_path",)),
    # diffusers' single-file checkpoints: only a Hub file link names a repository
    "from_single_file": (0, ("pretrained_model_link_or_path",)),
    # SGLang's offline engine and server runtime
    "Engine": (None, ("model_path",)),
    "Runtime": (None, ("model_path",)),
}
_FASTEMBED_MODELS = frozenset(
    {
        "TextEmbedding",
        "SparseTextEmbedding",
        "LateInteractionTextEmbedding",
        "LateInteractionMultimodalEmbedding",
        "ImageEmbedding",
        "TextCrossEncoder",
    }
)
# Loaders known by the package their name is imported from: `load("org/x")` of mlx_lm,
# mlx_vlm and gradio (which takes "models/org/x"), outlines' model constructors before 1.0
# (`outlines.models.transformers("org/x")`). The same names from anything else (json's,
# torch's `load`, a `transformers(...)` of the project) are no model loaders.
_MODULE_LOADERS = {
    "mlx_lm": frozenset({"load"}),
    "mlx_vlm": frozenset({"load"}),
    "gradio": frozenset({"load"}),
    "outlines": frozenset({"transformers", "vllm", "mlxlm", "exllamav2", "transformers_vision"}),
    # Qdrant's fastembed: ONNX exports of Hub models, named by their Hub id
    "fastembed": _FASTEMBED_MODELS,
}
_MODULE_LOADER_NAMES = frozenset().union(*_MODULE_LOADERS.values())
_DATASET_LOADERS = frozenset({"LoadDataFromHub", "LightevalTaskConfig"})
# Loaders of an LLM gateway: a provider's model name unless it carries the Hub prefix.
_GATEWAY_LOADERS = frozenset({"LiteLLMModel"})
# `LLM(model=...)` loads a Hub model in vLLM, TensorRT-LLM and their forks (Aphrodite,
# nano-vllm, a project's own wrapper); the `LLM` of these packages is an LLM gateway routed
# through LiteLLM (`from crewai import LLM`; `LLM(model="openai/gpt-4o")`). Only packages known
# to be gateways are listed: an unknown package's `LLM` stays a loader, since a model dropped
# unseen is never audited.
_GATEWAY_LLM_PACKAGES = frozenset({"crewai"})
# TRL trainers load a model given by id (`SFTTrainer(model="org/x")`, `GRPOTrainer(...,
# reward_funcs="org/reward")`): the keywords that take an id (or a list of them).
_TRAINER_KEYWORDS = ("model", "ref_model", "reward_model", "reward_funcs", "teacher_model")
# Keywords of LangChain / LlamaIndex "HuggingFace*" wrappers that name a Hub repo.
_INTEGRATION_KEYWORDS = ("model_name", "model_id", "repo_id", "model", "tokenizer_name")
# Calls whose positional id is only trusted when it has an "org/" part.
_ORG_ONLY_POSITIONAL = frozenset(
    {
        "create_inference_endpoint",
        "get_kernel",
        *_INFERENCE_TASKS,
        "LLM",
        "InferenceClient",
        "AsyncInferenceClient",
        "TransformersModel",
        "InferenceClientModel",
        "HfApiModel",
        "VLLMModel",
        "MLXModel",
        "InferenceEndpointsLLM",
        "TransformersLLM",
        "WhisperModel",  # "large-v3" is faster-whisper's own size name
    }
)
# PeftModel.from_pretrained(base, "org/adapter") takes the adapter second; AutoPeftModel* and
# PeftConfig take it first.
_PEFT_RECEIVER = lazy_compile(r"^(?!AutoPeft)(?!.*Config$).*(?:Peft|Adapter)")
_DATASET_CALLS = frozenset(
    {"load_dataset", "load_dataset_builder", "get_dataset_config_names", "get_dataset_split_names"}
)
# Calls that run a command line: subprocess, os, asyncio.
_LAUNCHERS = frozenset(
    {
        "run",
        "Popen",
        "call",
        "check_call",
        "check_output",
        "system",
        "popen",
        "getoutput",
        "getstatusoutput",
        "create_subprocess_exec",
        "create_subprocess_shell",
        "split",
    }
)
_COMMAND_NAME = lazy_compile(r"(?i)(?:^|_)(?:cmd|command|commands|cmdline|launch)(?:$|_)")
_HUB_FILE_LINK = lazy_compile(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([^?#\s]+)")
_REPO_CALLS = frozenset({"hf_hub_download", "snapshot_download", "hf_hub_url", "list_repo_files"})


@record(frozen=True, kw_only=True)
class PythonScan:
    """Candidates of one module, loader arguments it could not resolve, and whether it parsed."""

    candidates: tuple[Candidate, ...] = ()
    wanted: tuple[ImportedName, ...] = ()  # loader arguments bound by an import
    helpers: tuple[imports.Helper, ...] = ()  # functions other modules may call with an id
    # Names of functions that may be helpers, in a module not parsed (no reference of its
    # own): parsed later only if another module calls one of them with an id.
    deferred_helpers: tuple[str, ...] = ()
    # classes whose methods load `self.<attribute>` (an empty owner: not parsed, by bytes)
    attribute_sinks: tuple[imports.AttributeSink, ...] = ()
    parsed: bool = True
    line_notes: tuple[tuple[str, int], ...] = ()  # (message, line) for values dropped


def find_candidates(text: str) -> tuple[tuple[Candidate, ...], bool]:
    """Candidates in Python `text`, and False when it did not parse (caller adds a Note)."""
    scan = scan_python(text)
    return scan.candidates, scan.parsed


def scan_python(text: str) -> PythonScan:
    """Everything the Python reader learns from one module."""
    examined = python_prefilter.examine(text.encode("utf-8", "surrogatepass"))
    if examined is None:
        return PythonScan()
    code, names, worth = examined
    if not worth:
        helpers = python_prefilter.helper_names(code, names)
        return PythonScan(
            deferred_helpers=tuple(h for h in helpers if not _is_known_loader(h)),
            attribute_sinks=tuple(
                imports.AttributeSink("", name, RefKind.MODEL)
                for name in python_prefilter.self_attribute_ids(code, names)
            ),
        )
    try:
        tree = ast.parse(text)
    except _UNPARSABLE:
        return PythonScan(candidates=_unparsed(text), parsed=False)
    try:
        finder = _finder_for(tree, code, python_prefilter.hit_lines(code, names))
        return PythonScan(
            candidates=tuple(finder.candidates()),
            wanted=tuple(finder.wanted),
            helpers=tuple(finder.exported_helpers()),
            attribute_sinks=tuple(dict.fromkeys(finder.attribute_sinks)),
            line_notes=tuple(finder.line_notes),
        )
    except RecursionError:  # absurdly deep expressions: fall back to the pattern scan
        return PythonScan(candidates=_unparsed(text), parsed=False)


# What ast.parse raises on a file that is not Python it can read.
_UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)


def _finder_for(tree: ast.Module, code: bytes, lines: list[int]) -> _Finder:
    """A finder over `tree` whose attribute table is built only for names `code` may bind;
    `lines` are the loader lines its walk descends to."""
    nodes = python_values.ModuleNodes(tree)
    attributes = python_values.LazyAttributes(
        nodes, functools.partial(python_prefilter.could_bind_attribute, code)
    )
    return _Finder(
        tree,
        lines,
        attributes,
        nodes,
        declares_globals=b"global " in code,
        parses_dataclasses=python_prefilter.parses_dataclasses(code),
    )


def _unparsed(text: str) -> tuple[Candidate, ...]:
    """Pattern hits in a file that is not valid Python: mentions, since a match may sit in a
    comment or a string and the file does not run as it is."""
    return tuple(replace(c, usage=LocationKind.MENTION) for c in find_candidates_by_regex(text))


class _Finder:
    """Walks one module, resolving names through the enclosing function and module scopes."""

    def __init__(
        self,
        tree: ast.Module,
        lines: list[int],
        attributes: python_values.LazyAttributes,
        nodes: python_values.ModuleNodes,
        declares_globals: bool = True,
        parses_dataclasses: bool = False,
    ) -> None:
        self._tree = tree
        self._declares_globals = declares_globals
        self._function_defs: list[ast.FunctionDef | ast.AsyncFunctionDef] | None = None
        self._owner_classes: dict[int, ast.ClassDef] | None = None
        self._nodes = nodes
        self._lines = lines
        self._attributes = attributes
        self._found: list[Candidate] = []
        self.wanted: list[ImportedName] = []
        self.attribute_sinks: list[imports.AttributeSink] = []
        self._imports: dict[str, str] | None = None
        self._receivers: argument_fields.Receivers | None = None
        self._parses_dataclasses = parses_dataclasses
        self._functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        self._sinks: list[_Sink] = []
        self._defaulted: list[tuple[_Sink, ast.expr]] = []  # loader params with a default
        self._saved: dict[str, tuple[int, str]] | None = None
        self._option_access: dict[str, tuple[bool, bool]] | None = None
        self.line_notes: list[tuple[str, int]] = []
        # dicts nested in a dict literal: the API settings around them, and their key
        self._dict_contexts: dict[int, tuple[ApiContext | None, str]] = {}

    def candidates(self) -> list[Candidate]:
        """Every candidate of the module, plus its model-named constants as exports."""
        module = self._module_scope()
        self._walk(self._tree, module)
        dead = self._dead_defaults(module)
        if self._sinks or self._defaulted:
            self._chain_sinks()
            self._found.extend(self._helper_calls(module))
        if dead:
            self._found = [_as_mention_if(c, dead) for c in self._found]
        self._found.extend(self._named_constants(module))
        if self._parses_dataclasses:
            self._want_fields_handed_on(module)
        return self._found

    def _want_fields_handed_on(self, module: Scope) -> None:
        """`wer(model_args.asr_model_name_or_path, ...)` with `wer` imported from another
        module: the field is wanted if that function hands the parameter to a loader."""
        if self._receivers is None:
            self._receivers = argument_fields.receiver_classes(self._nodes.all())
        if not self._receivers.classes:
            return
        if self._imports is None:
            self._imports = imports.module_bindings(self._tree)
        defined = {
            node.name
            for node in self._tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        }
        for call in self._nodes.calls():
            callee = _imported_callee(call.func, self._imports, defined)
            if callee is None:
                continue
            given = [(index, "", node) for index, node in enumerate(call.args)]
            given += [(-1, k.arg, k.value) for k in call.keywords if k.arg]
            for index, keyword, node in given:
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id in self._receivers.classes
                    and not python_values.resolve(node, module)
                ):
                    self._want_field(node, node.value.id, RefKind.MODEL, (callee, index, keyword))

    def _module_scope(self) -> Scope:
        return python_values.collect_scope(
            self._tree.body, None, self._attributes, declares_globals=self._declares_globals
        )

    def exported_helpers(self) -> list[imports.Helper]:
        """The module's helpers another module can import and call: module-level functions,
        and top-level classes whose `__init__` hands a parameter to a loader."""
        top = {
            id(node): node.name
            for node in self._tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        constructors = {
            id(method): node.name
            for node in self._tree.body
            if isinstance(node, ast.ClassDef)
            for method in node.body
            if isinstance(method, ast.FunctionDef) and method.name == "__init__"
        }
        helpers = []
        for sink in self._every_sink():
            names = _parameter_names(sink.function, positional_only=True)
            key = id(sink.function)
            if _is_known_loader(top.get(key) or constructors.get(key, "")):
                continue  # a library's own loader (`def load_dataset(path)`): read as one
            if key in top:
                helpers.append(imports.Helper(top[key], sink.parameter, tuple(names), sink.kind))
            elif key in constructors:
                positional = tuple(names[1:])
                helpers.append(
                    imports.Helper(constructors[key], sink.parameter, positional, sink.kind)
                )
        return helpers

    def imported_helper_calls(
        self, helpers_for: Callable[[str], list[imports.Helper]]
    ) -> Iterator[Candidate]:
        """Calls of helpers that other modules define and this one imports (`from utils
        import load_model` ... `load_model("org/x")`): the argument given for the parameter
        the helper hands to a loader, resolved as `_helper_calls` resolves its own."""
        bindings = imports.module_bindings(self._tree)
        defined = {
            node.name
            for node in self._tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        }
        module: Scope | None = None
        for call in self._nodes.calls():
            dotted = _imported_callee(call.func, bindings, defined)
            if dotted is None:
                continue
            for helper in helpers_for(dotted):
                argument = helper.argument(call)
                if argument is None:
                    continue
                if module is None:
                    module = self._module_scope()
                for value in self._argument_values(argument, call, module, None):
                    yield from _candidates(value, argument, call=call, kind=helper.kind)

    def _argument_values(
        self,
        argument: ast.expr,
        call: ast.Call,
        module: Scope,
        helper: ast.FunctionDef | ast.AsyncFunctionDef | None,
    ) -> list[Value]:
        """A helper call's argument resolved in the module scope or, for a name the module
        does not bind, in the scope of the function that makes the call (not the helper)."""
        values = python_values.resolve(argument, module)
        if not values and isinstance(argument, ast.Name):
            function = self._enclosing_function(call)
            if function is not None and function is not helper:
                scope = python_values.collect_function_scope(function, module, self._attributes)
                values = python_values.resolve(argument, scope)
        return values

    def _every_sink(self) -> dict[_Sink, None]:
        """The loader parameters found, with a default or without, each once, in order."""
        return dict.fromkeys([*self._sinks, *(sink for sink, _ in self._defaulted)])

    def _chain_sinks(self) -> None:
        """A function that hands its own parameter on to a helper of the module is a helper
        too (`def load_model(name): return _load(name)` over `def _load(n): return
        AutoModel.from_pretrained(n)`), followed up to _CHAIN_DEPTH calls deep: its callers
        in this module and, when it is module-level, in others are read."""
        known = {(id(sink.function), sink.parameter) for sink in self._sinks}
        for _ in range(_CHAIN_DEPTH):
            by_name: dict[str, list[_Sink]] = {}
            for sink in self._every_sink():
                by_name.setdefault(sink.function.name, []).append(sink)
            added = []
            for call in self._nodes.calls():
                through_self = _through_self(call.func)
                if not (isinstance(call.func, ast.Name) or through_self):
                    continue
                for sink in by_name.get(_call_name(call.func), ()):
                    argument = sink.argument(call, bound=through_self)
                    function = self._enclosing_function(call)
                    if (
                        not isinstance(argument, ast.Name)
                        or function is None
                        or function is sink.function
                        or argument.id not in _parameter_names(function)
                        or (id(function), argument.id) in known
                    ):
                        continue
                    known.add((id(function), argument.id))
                    added.append(_Sink(function=function, parameter=argument.id, kind=sink.kind))
            if not added:
                return
            self._sinks.extend(added)

    def _helper_calls(self, module: Scope) -> Iterator[Candidate]:
        """Calls of the module's own helpers that hand a parameter to a loader
        (`def load(name): return AutoModel.from_pretrained(name)` ... `load("org/x")`): the
        argument given for that parameter, one call deep, resolved in the module scope or,
        for a name the module does not bind, in the scope of the function that makes the call
        (a test's parametrized `model` handed to `_build_pair(model)`). A parameter with a
        default is followed too (the value a call passes is the one loaded), and a class
        whose `__init__` hands a parameter on is called by its own name
        (`FrozenT5Embedder(t5_version)` in generative-models)."""
        owners = {
            id(method): node.name
            for node in self._nodes.all()
            if isinstance(node, ast.ClassDef)
            for method in node.body
            if isinstance(method, ast.FunctionDef) and method.name == "__init__"
        }
        by_name: dict[str, list[tuple[_Sink, bool]]] = {}
        for sink in self._every_sink():
            by_name.setdefault(sink.function.name, []).append((sink, False))
            owner = owners.get(id(sink.function))
            if owner is not None:
                by_name.setdefault(owner, []).append((sink, True))
        for node in self._nodes.calls():
            through_self = _through_self(node.func)
            if not (isinstance(node.func, ast.Name) or through_self):
                continue
            for sink, by_class in by_name.get(_call_name(node.func), ()):
                if by_class and through_self:
                    continue  # `self.Name(...)` is no construction of the class
                argument = sink.argument(node, bound=through_self or by_class)
                if argument is None:
                    continue
                for value in self._argument_values(argument, node, module, sink.function):
                    yield from _candidates(value, argument, call=node, kind=sink.kind)

    def _dead_defaults(self, module: Scope) -> dict[str, tuple[int, int]]:
        """Values of loader parameters' defaults that no call uses: the module calls the
        function and every call passes that argument (`def load_model(name="gpt2")` ...
        `load_model(model_name)`). Value -> the function's line span; such callers become
        helper calls, read like any other."""
        dead: dict[str, tuple[int, int]] = {}
        for sink, default in dict.fromkeys(self._defaulted):
            calls = [
                call
                for call in self._nodes.calls()
                if _call_name(call.func) == sink.function.name
                and (isinstance(call.func, ast.Name) or _through_self(call.func))
            ]
            bound = [isinstance(call.func, ast.Attribute) for call in calls]
            if not calls or any(
                sink.argument(call, bound=self_call) is None
                for call, self_call in zip(calls, bound, strict=True)
            ):
                continue
            self._sinks.append(sink)
            span = (sink.function.lineno, sink.function.end_lineno or sink.function.lineno)
            for value in python_values.resolve(default, module):
                dead[value.text] = span
        return dead

    def _enclosing_function(self, call: ast.Call) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The innermost function whose lines hold `call` (by line span: a few calls ask,
        and walking every function's subtree cost seconds on 1 MB modules)."""
        if self._function_defs is None:
            self._function_defs = [
                node
                for node in self._nodes.all()
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            ]
        holding = [
            function
            for function in self._function_defs
            if function.lineno <= call.lineno <= (function.end_lineno or function.lineno)
        ]
        return max(holding, key=lambda function: function.lineno, default=None)

    def _values(self, node: ast.expr, scope: Scope, kind: RefKind = RefKind.MODEL) -> list[Value]:
        """The values of a loader's id argument; a name imported from another module is
        noted, so the module that defines it can be linked, and a parameter of the enclosing
        function makes that function a helper whose callers are read."""
        values = python_values.resolve(node, scope)
        if isinstance(node, ast.Name) and self._functions:
            function = self._functions[-1]
            if node.id in _parameter_names(function):
                sink = _Sink(function=function, parameter=node.id, kind=kind)
                default = _parameter_default(function, node.id)
                if not values:
                    self._sinks.append(sink)
                elif default is not None:
                    self._defaulted.append((sink, default))
        elif isinstance(node, ast.Attribute) and _through_self(node) and self._functions:
            values = self._stored_values(node, scope, kind, values)
        if not values:
            binding = self._imported(node, scope)
            if binding is not None:
                module, name = binding
                self.wanted.append(ImportedName(module, name, node.lineno, node.col_offset + 1))
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                self._want_field(node, node.value.id, kind)
        return values

    def _want_field(
        self,
        node: ast.Attribute,
        receiver: str,
        kind: RefKind,
        via: tuple[str, int, str] = ("", -1, ""),
    ) -> None:
        """`model_args.asr_model_name_or_path` where `model_args` holds an instance of a
        class another module defines (argument_fields): that class's field is wanted (by a
        loader here, or by the function `via` names: callee, position, keyword)."""
        if self._receivers is None:
            self._receivers = argument_fields.receiver_classes(self._nodes.all())
        if self._imports is None:
            self._imports = imports.module_bindings(self._tree)
        if self._receivers.sets_field(receiver, node.attr):
            return
        for class_name in sorted(self._receivers.holds(receiver)):
            split = imports.split_binding(self._imports.get(class_name, ""))
            if split is not None:
                module, name = split
                self.wanted.append(
                    ImportedName(
                        module,
                        f"{name}.{node.attr}",
                        node.lineno,
                        node.col_offset + 1,
                        kind,
                        *via,
                    )
                )

    def _stored_values(
        self, node: ast.Attribute, scope: Scope, kind: RefKind, values: list[Value]
    ) -> list[Value]:
        """`self.model` that the class's `__init__` stores from its parameter (`self._model =
        model`), loaded by any method (haystack's `warm_up`): that parameter is a loader
        parameter of the class, so its default is a value and the arguments of calls that
        build the class (`SASEvaluator("org/x")`, here or in a module importing it) are too."""
        owner = self._owner_of(self._functions[-1])
        if owner is None:
            return values
        if any(owner is node for node in self._tree.body):
            self.attribute_sinks.append(imports.AttributeSink(owner.name, node.attr, kind))
        values = values + [
            value for value in self._stored_locals(owner, node.attr, scope) if value not in values
        ]
        init = _constructor(owner)
        parameter = None if init is None else _stored_parameter(init, node.attr)
        if init is None or parameter is None:
            return values
        sink = _Sink(function=init, parameter=parameter, kind=kind)
        default = _parameter_default(init, parameter)
        defaults = [] if default is None else python_values.resolve(default, scope)
        if default is not None and defaults:
            self._defaulted.append((sink, default))
        else:
            self._sinks.append(sink)
        return values + [value for value in defaults if value not in values]

    def _stored_locals(self, owner: ast.ClassDef, attribute: str, scope: Scope) -> list[Value]:
        """Values a method of `owner` stores as `self.<attribute> = name` from one of its
        own variables (h2oGPT picks `rec_model = "openai/whisper-small"` or another by GPU
        memory, then `self.lang_model = rec_model`), read where that assignment stands."""
        module = scope
        while module.parent is not None:
            module = module.parent
        values: list[Value] = []
        for method in owner.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            parameters = set(_parameter_names(method))
            local: Scope | None = None
            for node in ast.walk(method):
                if not (
                    isinstance(node, ast.Assign)
                    and isinstance(node.value, ast.Name)
                    and node.value.id not in parameters
                    and any(_is_self_attribute(t, attribute) for t in node.targets)
                ):
                    continue
                if local is None:
                    local = python_values.collect_function_scope(method, module, self._attributes)
                found = local.lookup_at(node.value.id, node.value.lineno, node.value.col_offset)
                values.extend(value for value in found if value not in values)
        return values

    def _owner_of(self, method: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.ClassDef | None:
        """The class that defines `method`, if any."""
        if self._owner_classes is None:
            self._owner_classes = {
                id(member): node
                for node in self._nodes.all()
                if isinstance(node, ast.ClassDef)
                for member in node.body
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef))
            }
        return self._owner_classes.get(id(method))

    def _imported(self, node: ast.expr, scope: Scope) -> tuple[str, str] | None:
        """(module, name) when `node` is `NAME` from `from module import NAME` (or the one
        `from module import *`) or `x.NAME` with `import module as x`; None for anything
        else (a parameter, `self.attr`)."""
        dotted = self._bound_import(node, scope)
        if dotted is not None:
            return imports.split_binding(dotted)
        if isinstance(node, ast.Name) and not scope.binds(node.id):
            stars = imports.star_modules(self._tree)
            return (stars[0], node.id) if len(stars) == 1 else None
        return None

    def _bound_import(self, node: ast.expr, scope: Scope) -> str | None:
        """The dotted path the module's imports bind `node` to ("a.b.NAME" for `NAME` from
        `from a.b import NAME`, "m.x.y" for `x.y` with `import m as x`); None for a name
        the scope binds itself (a parameter, a local variable) or nothing imported."""
        if self._imports is None:
            self._imports = imports.module_bindings(self._tree)
        if isinstance(node, ast.Name):
            return None if scope.binds(node.id) else self._imports.get(node.id)
        chain = python_values.dotted_chain(node)
        if chain is None or "." not in chain or scope.binds(chain.split(".", 1)[0]):
            return None
        head, rest = chain.split(".", 1)
        module = self._imports.get(head)
        return None if module is None else f"{module}.{rest}"

    def _walk(self, node: ast.AST, scope: Scope) -> None:
        for child in ast.iter_child_nodes(node):
            if not self._spans_hit(child):
                continue
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = python_values.collect_function_scope(child, scope, self._attributes)
                self._functions.append(child)
                self._walk(child, inner)
                self._functions.pop()
                continue
            if isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant):
                continue  # a docstring or a bare string: prose, not code
            if isinstance(child, ast.Call):
                self._note_request_dicts(child, scope)
                self._found.extend(self._inspect_call(child, scope))
                words = _command_list_words(child)
                if words:
                    self._found.extend(_argv_candidates(words, scope))
                    self._note_argv_sinks(words, scope)
            elif isinstance(child, ast.Constant) and isinstance(child.value, str):
                self._found.extend(_hub_prefixed(child))
            elif isinstance(child, (ast.List, ast.Tuple)):
                self._found.extend(_argv_candidates(child.elts, scope))
                self._note_argv_sinks(child.elts, scope)
            elif isinstance(child, ast.Dict):
                self._found.extend(self._dict_candidates(child, scope))
            elif isinstance(child, (ast.Assign, ast.AugAssign)) and _names_a_command(child):
                self._found.extend(_command_string_candidates(child.value, scope))
            self._walk(child, scope)

    def _note_argv_sinks(self, elements: list[ast.expr], scope: Scope) -> None:
        """A parameter of the enclosing function given as a flag's value in an argument list
        (h2oGPT's `run_docker(port, base_model)` builds `[..., "--model-id", base_model]`,
        `"--model=%s" % base_model`): the function is a helper, so its callers' arguments
        are the models the command runs."""
        if not self._functions:
            return
        function = self._functions[-1]
        parameters = set(_parameter_names(function)) - {"self", "cls"}
        used = {
            node.id
            for element in elements
            for node in ast.walk(element)
            if isinstance(node, ast.Name) and node.id in parameters
        }
        if not used:
            return
        marked = Scope(parent=scope)
        for name in used:
            marked.names[name] = [Value(_PARAMETER_MARK + name + _MARK_TAIL, 0, 0)]
        for found in _argv_candidates(elements, marked):
            name = found.value.removeprefix(_PARAMETER_MARK).removesuffix(_MARK_TAIL)
            if found.value.startswith(_PARAMETER_MARK) and name in used:
                sink = _Sink(function=function, parameter=name, kind=found.kind)
                default = _parameter_default(function, name)
                if default is not None and python_values.resolve(default, scope):
                    self._defaulted.append((sink, default))
                else:
                    self._sinks.append(sink)

    def _dict_candidates(self, node: ast.Dict, scope: Scope) -> Iterator[Candidate]:
        """A dict literal's model and dataset keys, in the LLM API settings around it (its
        own keys, or an enclosing dict's: `{"provider": "openrouter", "config": {...}}`)."""
        outer, parent_key = self._dict_contexts.pop(id(node), (None, ""))
        context = inherited(api_context(_dict_fields(node, scope), parent_key), outer)
        for key, value in zip(node.keys, node.values, strict=False):
            if isinstance(value, ast.Dict):
                name = key.value if isinstance(key, ast.Constant) else ""
                self._dict_contexts[id(value)] = (context, name if isinstance(name, str) else "")
        return _dict_candidates(node, scope, context, self.line_notes)

    def _note_request_dicts(self, call: ast.Call, scope: Scope) -> None:
        """Dicts a call sends (`requests.post(URL, json={"model": ...})`) are in the API
        settings of that call: its address and `base_url=`-style keywords."""
        dicts = [a for a in call.args if isinstance(a, ast.Dict)]
        dicts += [k.value for k in call.keywords if isinstance(k.value, ast.Dict)]
        if not dicts:
            return
        fields = {
            k.arg: values[0].text
            for k in call.keywords
            if k.arg and len(values := python_values.resolve(k.value, scope)) == 1
        }
        address = [v.text for v in python_values.resolve(call.args[0], scope)] if call.args else []
        if not address and call.args and isinstance(call.args[0], ast.JoinedStr):
            address = _address_with_known_host(call.args[0], scope)
        if len(address) == 1 and address[0].startswith(("http://", "https://")):
            fields.setdefault("base_url", address[0])
        context = api_context(fields)
        if context is not None:
            for node in dicts:
                self._dict_contexts.setdefault(id(node), (context, ""))

    def _spans_hit(self, node: ast.AST) -> bool:
        """True when `node` covers a line with a loader name (nodes without lines: True)."""
        start = getattr(node, "lineno", None)
        if start is None:
            return True
        end = getattr(node, "end_lineno", None) or start
        index = bisect.bisect_left(self._lines, start)
        return index < len(self._lines) and self._lines[index] <= end

    def _inspect_call(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        name = _call_name(call.func)
        if name == "dict":
            call = _lazy_call(call)  # `dict(type=AutoModel.from_pretrained, ...)`
            name = _call_name(call.func)
        if name in _LAUNCHERS and call.args:
            yield from _command_string_candidates(call.args[0], scope)
        model_args = _argument(call, None, ("model_args",))
        if model_args is not None:
            yield from _command_string_candidates(model_args, scope)
        if name == "add_argument":
            yield from self._option_default(call, scope)
        elif name == "create":
            yield from self._client_request(call, scope)
        if name == "pipeline":
            yield from self._pipeline(call, scope)
        elif name in _DATASET_CALLS:
            yield from self._dataset(call, scope)
        elif name in _OPEN_CLIP_LOADERS:
            yield from self._open_clip(call, scope)
        elif name in _MODULE_LOADER_NAMES:
            yield from self._module_load(call, scope)
        elif name in _ID_ARGS:
            yield from self._loader(call, name, scope)
        elif "HuggingFace" in name:
            yield from self._integration(call, scope)
        elif name.endswith("Trainer"):
            yield from self._trainer(call, scope)

    def _option_default(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        """`parser.add_argument("--model-path", default="org/x")`: the model the script runs
        when the option is not given, wherever it is loaded (a helper of another module, a
        class the script builds, an engine handed all of `args`). A use when the module reads
        the option (`args.model_path`) and never sets it; else a mention (a shared
        `add_model_args(parser)`, a launcher that overwrites the value)."""
        default = _argument(call, None, ("default",))
        flags = [a.value for a in call.args if isinstance(a, ast.Constant)]
        if default is None or not any(isinstance(f, str) and _names_a_model(f) for f in flags):
            return
        dest = python_values.option_dest(call)
        usage = LocationKind.USE if dest and self._reads_option(dest) else LocationKind.MENTION
        for value in python_values.resolve(default, scope):
            for candidate in _candidates(value, default, call=call):
                yield replace(candidate, usage=usage)

    def _client_request(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        """`client.chat.completions.create(model="org/x")` on an OpenAI-style client: the
        client's `base_url` says who serves the model (see `client_usage`). A use only when
        every client the name may hold is an `OpenAI(...)` of a server of the project's own
        or a Hugging Face endpoint; dropped with a note when each names a provider; else a
        mention (a client made elsewhere, an address this module does not show)."""
        client = _client_of(call.func)
        legacy = client is None and _is_legacy_openai_request(call.func)
        node = _argument(call, None, ("model",))
        if (client is None and not legacy) or node is None or _through_self(node):
            return  # `self.model_name` would read any `model_name=` keyword of the module
        if client is None:
            verdicts = [self._legacy_openai_verdict(scope)]
        else:
            verdicts = [
                self._client_verdict(made, scope) for made in self._client_makers(client, scope)
            ]
        providers = [v for v in verdicts if isinstance(v, ApiContext)]
        if verdicts and len(providers) == len(verdicts):
            usage: LocationKind | None = None
        elif verdicts and all(v is LocationKind.USE for v in verdicts):
            usage = LocationKind.USE
        else:
            usage = LocationKind.MENTION
        for value in python_values.resolve(node, scope):
            for candidate in _candidates(value, node, call=call):
                if usage is None:
                    judged_in(candidate, providers[0], self.line_notes)  # a note, no candidate
                else:
                    yield replace(candidate, usage=usage)

    def _legacy_openai_verdict(self, scope: Scope) -> LocationKind | ApiContext:
        """openai < 1.0 sends module-level requests to `openai.api_base` (or `base_url`):
        judged as a client's `base_url`, when the module sets exactly one address."""
        addresses = [
            value.text
            for node in self._nodes.all()
            if isinstance(node, ast.Assign)
            and any(
                isinstance(t, ast.Attribute)
                and t.attr in ("api_base", "base_url")
                and isinstance(t.value, ast.Name)
                and t.value.id == "openai"
                for t in node.targets
            )
            for value in python_values.resolve(node.value, scope)
        ]
        return client_usage(addresses[0] if len(set(addresses)) == 1 else None)

    def _client_makers(self, client: ast.expr, scope: Scope) -> list[ast.expr]:
        """The expressions that may have made `client`: the call itself, what a name is
        assigned, or what any `x.<attr> = ...` of the module assigns to `self.<attr>`."""
        if isinstance(client, ast.Call):
            return [client]
        if isinstance(client, ast.Name):
            return python_values.assigned_expressions(scope, client.id)
        if isinstance(client, ast.Attribute) and _through_self(client):
            return [
                node.value
                for node in self._nodes.all()
                if isinstance(node, ast.Assign)
                and any(
                    isinstance(t, ast.Attribute) and t.attr == client.attr for t in node.targets
                )
            ]
        return []

    @staticmethod
    def _client_verdict(made: ast.expr, scope: Scope) -> LocationKind | ApiContext:
        if not (isinstance(made, ast.Call) and _call_name(made.func).endswith("OpenAI")):
            return LocationKind.MENTION  # some other client, or one made elsewhere
        if "Azure" in _call_name(made.func):
            return ApiContext("azure", "an Azure OpenAI client")
        url = _argument(made, None, ("base_url",))
        urls = python_values.resolve(url, scope) if url is not None else []
        return client_usage(urls[0].text if len(urls) == 1 else None)

    def _reads_option(self, dest: str) -> bool:
        """True when the module reads `args.<dest>` of its parsed options and never sets it."""
        if self._option_access is None:
            self._option_access = _option_access(self._nodes)
        read, written = self._option_access.get(dest, (False, False))
        handed_on, _ = self._option_access.get(_EVERY_OPTION, (False, False))
        return (read or handed_on) and not written

    def _open_clip(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        """open_clip `create_model_and_transforms("ViT-H-14", pretrained="laion2b_s32b_b79k")`:
        the Hub repository open_clip's own table names for that architecture and tag, placed
        where the tag is written. Other tags (a local file, timm's `pretrained=True`) give
        nothing; `"hf-hub:org/x"` names are read as such anywhere."""
        arch = _argument(call, 0, ("model_name",))
        tag = _argument(call, 1, ("pretrained",))
        if arch is None or tag is None:
            return
        table = _open_clip_table()
        names = [value.text.strip().lower() for value in python_values.resolve(arch, scope)]
        for value in python_values.resolve(tag, scope):
            for name in names:
                repo = table.get(name, {}).get(value.text.strip().lower())
                if repo is not None:
                    yield from _candidates(replace(value, text=repo), tag, call=call, explicit=True)

    def _module_load(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        """`mlx_lm.load("mlx-community/x")` (or `from mlx_lm import load`), gradio's
        `gr.load("models/org/x")` or `gr.load("org/x", src="models")` (a Space or another
        source gives nothing), outlines' `models.transformers("org/x")` and fastembed's
        `TextEmbedding(model_name="org/x")`."""
        dotted = self._bound_import(call.func, scope) or ""
        module = dotted.split(".", 1)[0]  # the top-level package the call comes from
        if _call_name(call.func) not in _MODULE_LOADERS.get(module, ()):
            return
        node = _argument(call, 0, ("path_or_hf_repo", "name", "model_name"))
        if node is None:
            return
        source = _keyword_value(call, "src", scope) if module == "gradio" else None
        for value in self._values(node, scope):
            text = value.text.strip()
            if module == "gradio" and source != "models":
                if not text.startswith("models/"):
                    continue  # a Space ("spaces/org/x"), another source
                value = replace(value, text=text.removeprefix("models/"))
            if "/" in value.text:
                yield from _candidates(value, node, call=call, explicit=True)

    def _trainer(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        """TRL trainers: `SFTTrainer("org/x")`, `GRPOTrainer(model="org/x", reward_funcs=
        [fn, "org/reward"])`; a model object resolves to no string and gives nothing."""
        for index, keyword in enumerate(_TRAINER_KEYWORDS):
            node = _argument(call, 0 if index == 0 else None, (keyword,))
            if node is not None:
                for value in self._values(node, scope):
                    yield from _candidates(value, node, call=call, explicit=True)

    def _integration(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        """LangChain / LlamaIndex wrappers: HuggingFaceEmbeddings(model_name="org/name")."""
        for keyword in _INTEGRATION_KEYWORDS:
            node = _argument(call, None, (keyword,))
            if node is not None:
                for value in self._values(node, scope):
                    yield from _candidates(value, node, call=call)

    def _loader(self, call: ast.Call, name: str, scope: Scope) -> Iterator[Candidate]:
        position, keywords = _ID_ARGS[name]
        if name == "from_pretrained" and _PEFT_RECEIVER.search(_receiver_name(call.func)):
            position = 1  # PeftModel.from_pretrained(base_model, "org/adapter")
        node = _argument(call, position, keywords) or _unpacked_argument(call, keywords, scope)
        if node is None:
            return
        kind = RefKind.DATASET if name in _DATASET_LOADERS else RefKind.MODEL
        if name in _REPO_CALLS:
            repo_type = _keyword_value(call, "repo_type", scope)
            if repo_type == "space":
                return
            if repo_type == "dataset":
                kind = RefKind.DATASET
        explicit = not (name in _ORG_ONLY_POSITIONAL or name.endswith("EngineArgs"))
        revision = _keyword_value(call, "revision", scope) or _keyword_value(
            call, "hf_revision", scope
        )  # lighteval pins a task's dataset with hf_revision=
        hooked = (
            name.startswith("from_pretrained") and _receiver_name(call.func).startswith("Hooked")
        ) or name == "boot_transformers"
        if name == "from_single_file":
            yield from self._single_file(node, call, scope)
            return
        values = self._values(node, scope, kind)
        # `self.config.model_name` read from the module's attribute table: several classes'
        # values, one of them the right one. A one-word value there may be another
        # provider's model (langroid's OpenAI config sets `model_name = "text-embedding-3-
        # small"` beside the sentence-transformers config): no short name becomes a
        # sentence-transformers id.
        guessed = isinstance(node, ast.Attribute) and len(values) > 1
        gateway = name in _GATEWAY_LOADERS or (name == "LLM" and self._gateway_llm(call, scope))
        for value in values:
            if kind is RefKind.DATASET and value.text.lower() in DATASET_BUILDERS:
                continue  # `hf_repo="json"`: a packaged builder reading local files
            if guessed and name in _ST_LOADERS and "/" not in value.text:
                continue
            if self._saved_before(value, call, scope):
                continue
            if gateway and not keeps_hub_prefix(value.text):
                continue
            usage = LocationKind.USE
            if name in _ST_LOADERS or (
                name == "from_pretrained" and _receiver_name(call.func).startswith("SetFit")
            ):  # SetFit and chromadb build theirs with SentenceTransformer(name)
                value = _sentence_transformers_id(value)
            elif hooked:
                value, usage = _transformer_lens_id(value)
            for found in _candidates(
                value, node, call=call, kind=kind, revision=revision, explicit=explicit
            ):
                yield replace(found, usage=usage)

    def _gateway_llm(self, call: ast.Call, scope: Scope) -> bool:
        """`LLM` imported from a package known to route it through an LLM gateway (`from
        crewai import LLM`)."""
        bound = self._bound_import(call.func, scope)
        return bound is not None and bound.split(".", 1)[0] in _GATEWAY_LLM_PACKAGES

    def _single_file(self, node: ast.expr, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        """diffusers `from_single_file("https://huggingface.co/org/x/blob/main/w.ckpt")`: the
        repository the checkpoint file is downloaded from; a local file names none."""
        for value in self._values(node, scope):
            link = _HUB_FILE_LINK.match(value.text.strip())
            parsed = urls.parse_hub_path(link.group(1)) if link else None
            if parsed is not None and parsed[1] is RefKind.MODEL:
                repo, _, revision = parsed
                yield from _candidates(
                    replace(value, text=repo), node, call=call, revision=revision, explicit=True
                )

    def _saved_before(self, value: Value, call: ast.Call, scope: Scope) -> bool:
        """True (with an info note) when the module saves a model to the folder `value`
        names before this call loads it (`model.save("tmp-model")` ... `SentenceTransformer(
        "tmp-model")`): a folder made at run time, not a Hub repository."""
        if self._saved is None:
            module = scope
            while module.parent is not None:
                module = module.parent
            self._saved = _saved_folders(self._nodes.calls(), module)
        saved = self._saved.get(value.text.strip())
        if saved is None or saved[0] >= call.lineno:
            return False
        self.line_notes.append(
            (
                f"info: {value.text.strip()!r} is a folder saved at run time ({saved[1]}, line "
                f"{saved[0]}); not audited",
                call.lineno,
            )
        )
        return True

    def _pipeline(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        revision = _keyword_value(call, "revision", scope)
        for keyword in ("model", "tokenizer"):
            node = _argument(call, None, (keyword,))
            if node is not None:
                for value in self._values(node, scope):
                    if not self._saved_before(value, call, scope):
                        yield from _candidates(
                            value, node, call=call, revision=revision, explicit=True
                        )
        for index, node in enumerate(call.args[:2]):
            for value in python_values.resolve(node, scope):
                if value.text.lower() in PIPELINE_TASKS or value.text.startswith("translation_"):
                    continue
                # pipeline("org/name") is a model; a one-word first argument is a task.
                if index == 0 and "/" not in value.text:
                    continue
                if not self._saved_before(value, call, scope):
                    yield from _candidates(value, node, call=call, revision=revision, explicit=True)

    def _dataset(self, call: ast.Call, scope: Scope) -> Iterator[Candidate]:
        node = _argument(call, 0, ("path",))
        if node is None:
            return
        revision = _keyword_value(call, "revision", scope)
        for value in self._values(node, scope, RefKind.DATASET):
            if value.text.lower() not in DATASET_BUILDERS:
                yield from _candidates(
                    value, node, call=call, kind=RefKind.DATASET, revision=revision, explicit=True
                )

    def _named_constants(self, module: Scope) -> Iterator[Candidate]:
        """Module constants named like a model (`BASE_MODEL = "org/name"`), as exports: they
        count only where another file passes that name to a loader."""
        names = sorted(set(module.names) | set(module.pending))
        for name in names:
            if python_values.is_model_name(name):
                for value in module.values_of(name):
                    yield Candidate(
                        value=value.text, line=value.line, column=value.column, binding=name
                    )


# Calls that write a model to a folder: (positional index, keywords) of the folder.
_SAVERS: dict[str, tuple[int | None, tuple[str, ...]]] = {
    "save_pretrained": (0, ("save_directory",)),
    "save_model": (0, ("output_dir", "path")),
    "save": (0, ("path", "save_directory")),
    "snapshot_download": (None, ("local_dir",)),
    "hf_hub_download": (None, ("local_dir",)),
}


_PARSE_CALLS = frozenset({"parse_args", "parse_known_args", "parse_intermixed_args"})


def _option_access(nodes: python_values.ModuleNodes) -> dict[str, tuple[bool, bool]]:
    """Attribute name -> (read, set) on the parsed options: names assigned from
    `parser.parse_args()` (the first of `parse_known_args()`'s pair) and `args`; keys of
    the options as a dict (`vars(args)`, `parser.parse_args().__dict__`); every option
    (`_EVERY_OPTION`) when that dict is handed on whole (`run(args_dict)`,
    `main(**vars(args))`), for the callee to read whichever it needs."""
    parsed = {"args"}
    as_dict: set[str] = set()
    for node in nodes.all():
        if not isinstance(node, ast.Assign):
            continue
        if isinstance(node.value, ast.Call) and _is_parse_call(node.value):
            for target in node.targets:
                first = target.elts[0] if isinstance(target, ast.Tuple) and target.elts else target
                if isinstance(first, ast.Name):
                    parsed.add(first.id)
        elif _options_dict(node.value, parsed):
            as_dict.update(t.id for t in node.targets if isinstance(t, ast.Name))
    access: dict[str, tuple[bool, bool]] = {}
    for node in nodes.all():
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in parsed
        ):
            _note_access(access, node.attr, isinstance(node.ctx, ast.Load))
        elif as_dict and isinstance(node, ast.Subscript):
            key = node.slice
            if _is_name_in(node.value, as_dict) and isinstance(key, ast.Constant):
                _note_access(access, str(key.value), isinstance(node.ctx, ast.Load))
        elif isinstance(node, ast.Call):
            _note_dict_calls(node, parsed, as_dict, access)
    return access


_EVERY_OPTION = "*"
# Calls that only show, measure or repack the options, whatever they are given
# (FastChat's `args = argparse.Namespace(**vars(args), ...)` is read as `args` again).
_SHOWING_CALLS = frozenset(
    {
        "print",
        "pprint",
        "len",
        "str",
        "repr",
        "dump",
        "dumps",
        "info",
        "debug",
        "warning",
        "log",
        "Namespace",
        "dict",
    }
)


def _names_a_model(flag: str) -> bool:
    """`--model-path` and the shell reader's other model flags, or a long flag named like a
    model variable (`--diarize_model`, `--embedding-model-id`; not `--model_dir`)."""
    from llmaudit.discover.shell_scripts import is_model_flag  # imports this module

    if is_model_flag(flag):
        return True
    name = flag.removeprefix("--")
    return name != flag and python_values.is_model_name(name.replace("-", "_"))


def _is_parse_call(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr in _PARSE_CALLS


def _is_name_in(node: ast.expr, names: set[str]) -> bool:
    return isinstance(node, ast.Name) and node.id in names


def _options_dict(node: ast.expr, parsed: set[str]) -> bool:
    """`vars(args)`, `vars(parser.parse_args())`, `args.__dict__`, `parse_args().__dict__`."""
    if isinstance(node, ast.Call) and _call_name(node.func) == "vars" and len(node.args) == 1:
        inner = node.args[0]
    elif isinstance(node, ast.Attribute) and node.attr == "__dict__":
        inner = node.value
    else:
        return False
    return _is_name_in(inner, parsed) or (isinstance(inner, ast.Call) and _is_parse_call(inner))


def _note_access(access: dict[str, tuple[bool, bool]], name: str, read: bool) -> None:
    was_read, was_written = access.get(name, (False, False))
    access[name] = (was_read or read, was_written or not read)


def _note_dict_calls(
    call: ast.Call, parsed: set[str], as_dict: set[str], access: dict[str, tuple[bool, bool]]
) -> None:
    """`options.get("model")` / `.pop(...)` read one option; a call handed the options dict
    (positionally or as `**`) reads every one."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr in ("get", "pop")
        and _is_name_in(func.value, as_dict)
        and call.args
        and isinstance(call.args[0], ast.Constant)
    ):
        _note_access(access, str(call.args[0].value), True)
        return
    if _call_name(func) in _SHOWING_CALLS:
        return
    handed = [*call.args, *(k.value for k in call.keywords if k.arg is None)]
    if any(
        _is_name_in(argument, as_dict) or _options_dict(argument, parsed) for argument in handed
    ):
        _note_access(access, _EVERY_OPTION, True)


# `client.chat.completions.create`, `client.embeddings.create`, `client.responses.create`
_CLIENT_ENDPOINTS = frozenset({"completions", "embeddings", "responses"})


def _client_of(func: ast.expr) -> ast.expr | None:
    """The client of an OpenAI-style request (`client` in `client.chat.completions.create`)."""
    if not (isinstance(func, ast.Attribute) and func.attr == "create"):
        return None
    endpoint = func.value
    if not (isinstance(endpoint, ast.Attribute) and endpoint.attr in _CLIENT_ENDPOINTS):
        return None
    client = endpoint.value
    if isinstance(client, ast.Attribute) and client.attr in ("chat", "beta"):
        client = client.value
    return client


# openai < 1.0's module-level request classes (`openai.ChatCompletion.create(...)`).
_LEGACY_OPENAI_REQUESTS = frozenset({"ChatCompletion", "Completion", "Embedding"})


def _is_legacy_openai_request(func: ast.expr) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "create"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr in _LEGACY_OPENAI_REQUESTS
        and isinstance(func.value.value, ast.Name)
        and func.value.value.id == "openai"
    )


def _saved_folders(calls: list[ast.Call], scope: Scope) -> dict[str, tuple[int, str]]:
    """Folder -> (first line, call) for every literal folder the module saves a model to
    (`save_pretrained("out")`, `trainer.save_model("out")`, `output_dir="out"` of training
    arguments, `snapshot_download(..., local_dir="out")`)."""
    saved: dict[str, tuple[int, str]] = {}
    for node in calls:
        name = _call_name(node.func)
        position, keywords = _SAVERS.get(name, (None, ("output_dir",)))
        argument = _argument(node, position, keywords)
        if argument is None:
            continue
        label = name if name in _SAVERS else "output_dir="
        values = python_values.resolve(argument, scope)
        for value in values:
            text = value.text.strip()
            # A name reassigned later (a local folder, then "org/x" pushed to the Hub)
            # resolves to both: only a one-word folder is surely not a Hub id then.
            if len(values) > 1 and "/" in text:
                continue
            if text and (text not in saved or saved[text][0] > node.lineno):
                saved[text] = (node.lineno, label)
    return saved


# A parameter's stand-in value while an argument list is read for the flags it fills
# (shaped like an id, so that every flag reader takes it).
_PARAMETER_MARK = "llmaudit-parameter/"
_MARK_TAIL = "-mark"

# Helpers that hand their parameter on to another helper, followed this many calls deep.
_CHAIN_DEPTH = 3


@record(frozen=True)
class _Sink:
    """A function parameter that the function hands to a loader as the id."""

    function: ast.FunctionDef | ast.AsyncFunctionDef
    parameter: str
    kind: RefKind

    def argument(self, call: ast.Call, *, bound: bool) -> ast.expr | None:
        """The expression `call` passes for the parameter (`bound`: called as self.f(...),
        so the first parameter is not among the call's arguments)."""
        names = _parameter_names(self.function, positional_only=True)
        return imports.bound_argument(call, self.parameter, names[1:] if bound else names)


def _through_self(func: ast.expr) -> bool:
    """`self.f` / `cls.f`: a method called on its own instance or class."""
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("self", "cls")
    )


def _constructor(owner: ast.ClassDef) -> ast.FunctionDef | None:
    """The class's `__init__`, if it defines one."""
    return next(
        (
            member
            for member in owner.body
            if isinstance(member, ast.FunctionDef) and member.name == "__init__"
        ),
        None,
    )


def _is_self_attribute(target: ast.expr, attribute: str) -> bool:
    return (
        isinstance(target, ast.Attribute)
        and target.attr == attribute
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    )


def _stored_parameter(init: ast.FunctionDef, attribute: str) -> str | None:
    """The parameter `__init__` stores as `self.<attribute> = parameter`, if any."""
    parameters = set(_parameter_names(init)[1:])
    for node in ast.walk(init):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if (
            isinstance(value, ast.Name)
            and value.id in parameters
            and any(_is_self_attribute(target, attribute) for target in targets)
        ):
            return value.id
    return None


def _parameter_default(
    function: ast.FunctionDef | ast.AsyncFunctionDef, name: str
) -> ast.expr | None:
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    pairs = [*zip(positional, defaults, strict=True)]
    pairs += list(zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True))
    return next((default for arg, default in pairs if arg.arg == name), None)


def _as_mention_if(candidate: Candidate, dead: dict[str, tuple[int, int]]) -> Candidate:
    """A mention when the candidate is a dead parameter default, at its definition or at the
    loader call inside that function."""
    span = dead.get(candidate.value)
    if span is None or candidate.line is None or not span[0] <= candidate.line <= span[1]:
        return candidate
    return replace(candidate, usage=LocationKind.MENTION)


def _parameter_names(
    function: ast.FunctionDef | ast.AsyncFunctionDef, *, positional_only: bool = False
) -> list[str]:
    arguments = function.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    return names if positional_only else names + [a.arg for a in arguments.kwonlyargs]


# sentence-transformers loads a one-word name from its own Hub organization unless it is one
# of these plain transformers models (SentenceTransformer.__init__, `basic_transformer_models`).
_ST_ORG = "sentence-transformers/"
_ST_LOADERS = frozenset({"SentenceTransformer", "SentenceTransformerEmbeddingFunction"})
_ST_PLAIN_MODELS = lazy_compile(
    r"(?:albert|bert|camembert|ctrl|distilbert|distilgpt2|distilroberta|gpt2|openai-gpt|roberta"
    r"|t5|xlm|xlnet)(?:[-_].*)?\Z"
)


def _sentence_transformers_id(value: Value) -> Value:
    """`all-MiniLM-L6-v2` as the library resolves it: `sentence-transformers/all-MiniLM-L6-v2`."""
    text = value.text.strip()
    if (
        "/" in text
        or "\\" in text
        or text.startswith((".", "~"))
        or not text
        or _ST_PLAIN_MODELS.match(text.lower())
    ):
        return value
    return replace(value, text=_ST_ORG + text)


# open_clip's loaders that take an architecture and a pretrained tag; timm's `create_model`
# shares the name, but gives nothing: no (architecture, tag) pair of open_clip's table
_OPEN_CLIP_LOADERS = frozenset(
    {"create_model", "create_model_and_transforms", "create_model_from_pretrained"}
)


@functools.cache
def _open_clip_table() -> dict[str, dict[str, str]]:
    """open_clip's architecture -> pretrained tag -> Hub repository table (lower case)."""
    from llmaudit.package_data import read_package_text

    table = json.loads(read_package_text("data", "open_clip_pretrained.json"))
    return {arch: dict(tags) for arch, tags in table["models"].items()}


@functools.cache
def _transformer_lens_names() -> tuple[dict[str, str], frozenset[str]]:
    """TransformerLens's alias -> Hub id table and its official one-word names."""
    from llmaudit.package_data import read_package_text

    table = json.loads(read_package_text("data", "transformer_lens_aliases.json"))
    return dict(table["aliases"]), frozenset(table["one_word"])


def _transformer_lens_id(value: Value) -> tuple[Value, LocationKind]:
    """The Hub id TransformerLens loads for a name (`gpt2-small` is `gpt2`, `solu-1l` is
    `NeelNanda/SoLU_1L512W_C4_Code`), from its own alias table. It loads only names in that
    table (or a local folder), so another one-word name is no Hub id it would load: a mention."""
    text = value.text.strip()
    aliases, one_word = _transformer_lens_names()
    official = aliases.get(text.lower())
    if official is not None:
        return replace(value, text=official), LocationKind.USE
    if "/" in text or text.startswith((".", "~")) or text.lower() in one_word:
        return value, LocationKind.USE
    return value, LocationKind.MENTION


def _candidates(
    value: Value,
    node: ast.expr,
    *,
    call: ast.Call | None = None,
    kind: RefKind = RefKind.MODEL,
    revision: str | None = None,
    explicit: bool = False,
) -> Iterator[Candidate]:
    """The id where it is written (a constant's definition, a parameter default) and, when
    that is another line, the loader argument that reads it: both places are uses."""
    call_line = call.lineno if call is not None else node.lineno
    places = [(value.line, value.column)]
    if node.lineno != value.line:
        places.append((node.lineno, node.col_offset + 1))
    for line, column in places:
        # An ignore comment on the definition, the argument or the call's first line counts.
        also = tuple(sorted({value.line, node.lineno, call_line} - {line}))
        yield Candidate(
            value=value.text,
            line=line,
            column=column,
            kind=kind,
            revision=revision,
            explicit=explicit,
            path_like=True,
            also_lines=also,
        )


def _command_string_candidates(node: ast.expr, scope: Scope) -> Iterator[Candidate]:
    """Ids in a command string the project launches ("vllm serve org/x --port 8000",
    lm-evaluation-harness "pretrained=org/x,dtype=bfloat16")."""
    from llmaudit.discover.shell_scripts import invocation_candidates  # imports this module

    if isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.Name)):
        for text in _command_texts(node, scope):
            for found in invocation_candidates(text, node.lineno):
                if "{" not in found.value and "}" not in found.value:
                    yield replace(found, column=node.col_offset + 1, path_like=True)


def _command_texts(node: ast.expr, scope: Scope) -> list[str]:
    """The command's possible texts. In an f-string, unknown parts (`--port {port}`) read
    "{}", and a part with several values gives one text per value (the others "{}"), so
    the parts that name a model still read without multiplying the texts."""
    values = [value.text for value in python_values.resolve(node, scope)]
    if values or not isinstance(node, ast.JoinedStr):
        return values
    options = [
        [
            v.text
            for v in python_values.resolve(
                part.value if isinstance(part, ast.FormattedValue) else part, scope
            )
        ]
        for part in node.values
    ]
    fixed = [texts[0] if len(texts) == 1 else "{}" for texts in options]
    texts = ["".join(fixed)]
    for index, choices in enumerate(options):
        for choice in choices if len(choices) > 1 else ():
            texts.append("".join([*fixed[:index], choice, *fixed[index + 1 :]]))
    return texts


_KNOWN_HOST = r"https?://[^/{}\s]+/"


def _address_with_known_host(node: ast.JoinedStr, scope: Scope) -> list[str]:
    """An f-string address whose scheme and host are known and only later parts are not
    (`f"{BACKEND}/indexes/{index_id}/build"` with `BACKEND = "http://localhost:8000"`): the
    known start, which names the server. An unknown part before the host ends gives none."""
    known = ""
    for part in node.values:
        values = python_values.resolve(
            part.value if isinstance(part, ast.FormattedValue) else part, scope
        )
        if len(values) != 1:
            break
        known += values[0].text
    return [known] if re.match(_KNOWN_HOST, known) else []


def _argv_candidates(elements: list[ast.expr], scope: Scope) -> Iterator[Candidate]:
    """Ids in an argument list (`["vllm", "serve", "org/x"]`, `[..., "--model-path", x]`):
    a flag word followed by its value, resolved like any other expression."""
    from llmaudit.discover.config_files import command_line_candidates  # imports this module

    words: list[tuple[str, ast.expr]] = []
    for element in elements:
        values = python_values.resolve(element, scope)
        words.append((values[0].text if len(values) == 1 else "", element))
    if not any(text.startswith("--") or text in ("serve", "download") for text, _ in words):
        return
    for found in command_line_candidates([text for text, _ in words]):
        node = next((e for text, e in words if found.value in text), elements[0])
        yield replace(found, line=node.lineno, column=node.col_offset + 1, path_like=True)


def _dict_fields(node: ast.Dict, scope: Scope) -> dict[str, str]:
    """The string keys of a dict literal with the one string each value resolves to."""
    fields = {}
    for key, value in zip(node.keys, node.values, strict=False):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            values = [] if isinstance(value, ast.Dict) else python_values.resolve(value, scope)
            fields[key.value] = values[0].text if len(values) == 1 else ""
    return fields


def _dict_candidates(
    node: ast.Dict, scope: Scope, context: ApiContext | None, notes: list[tuple[str, int]]
) -> Iterator[Candidate]:
    """A dict literal with model or dataset keys (`{"base_model": "org/x", "datasets":
    [{"path": "org/d"}]}`, a training config written in code). Nothing shows the dict reaches a
    loader, so these are mentions (precision first), and only "org/name" values count. In
    an LLM API request or client settings (`{"model": ..., "messages": [...]}`) a
    provider's model name is no Hub id and is dropped; sent to a self-hosted server it is
    used."""
    from llmaudit.discover.config_files import is_dataset_key, is_model_key  # imports this module

    # sent to a server we can name that is no provider (vLLM, TGI on a host of the
    # project's): the dict does reach what runs the model
    sent = context is not None and context.provider is None and bool(context.server)
    usage = LocationKind.USE if sent else LocationKind.MENTION
    for key, value in zip(node.keys, node.values, strict=False):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            continue
        if is_model_key(key.value):
            kind = RefKind.MODEL
        elif is_dataset_key(key.value):
            kind = RefKind.DATASET
        else:
            continue
        for written in python_values.written_ids(value, scope, kind, usage):
            candidate = judged_in(written, context, notes)
            if candidate is not None:
                yield candidate
        if kind is RefKind.DATASET and isinstance(value, (ast.List, ast.Tuple)):
            for entry in value.elts:
                if isinstance(entry, ast.Dict):
                    yield from _dataset_entries(entry, scope)


def _dataset_entries(entry: ast.Dict, scope: Scope) -> Iterator[Candidate]:
    """`{"path": "org/d", ...}` entries of a `datasets` list (axolotl configs)."""
    for key, value in zip(entry.keys, entry.values, strict=False):
        if isinstance(key, ast.Constant) and key.value in ("path", "id", "repo_id"):
            yield from python_values.written_ids(
                value, scope, RefKind.DATASET, LocationKind.MENTION
            )


def _command_list_words(call: ast.Call) -> list[ast.expr]:
    """The word a call adds to a command's argument list: `cmd.append("--tokenizer=%s" %
    tokenizer)` on a list named like a command (`extend([...])` is a list literal, read
    as one)."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "append"
        and isinstance(func.value, ast.Name)
        and _COMMAND_NAME.search(func.value.id)
        and len(call.args) == 1
    ):
        return [call.args[0]]
    return []


def _names_a_command(statement: ast.Assign | ast.AugAssign) -> bool:
    """`cmd = "..."`, `launch_command += ...`: a string that is run, not prose."""
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return any(isinstance(t, ast.Name) and _COMMAND_NAME.search(t.id) for t in targets)


def _hub_prefixed(node: ast.Constant) -> Iterator[Candidate]:
    if isinstance(node.value, str) and has_hub_prefix(node.value):
        yield Candidate(
            value=node.value, line=node.lineno, column=node.col_offset + 1, explicit=True
        )


def _is_known_loader(name: str) -> bool:
    """Names whose calls the loader table already reads wherever they appear."""
    return (
        name in _ID_ARGS
        or name in _DATASET_CALLS
        or name == "pipeline"
        or "HuggingFace" in name
        or name.endswith("Trainer")
    )


def _imported_callee(func: ast.expr, bindings: dict[str, str], defined: set[str]) -> str | None:
    """The dotted name an imported callee stands for: `load_model` bound by `from utils
    import load_model`, or `utils.load_model` with `import utils`; None for anything else
    (a name the module defines itself shadows its import)."""
    chain = python_values.dotted_chain(func)
    if chain is None:
        return None
    head, _, rest = chain.partition(".")
    if head in defined or head not in bindings:
        return None
    return f"{bindings[head]}.{rest}" if rest else bindings[head]


def module_helpers(text: str) -> tuple[imports.Helper, ...]:
    """The helpers a module defines, read by a full parse (its references are not wanted:
    the first look found it had none)."""
    finder = _walked_finder(text)
    return () if finder is None else tuple(finder.exported_helpers())


def module_attribute_sinks(text: str) -> tuple[imports.AttributeSink, ...]:
    """The classes of a module that load `self.<attribute>`, read by a full parse (the first
    look saw such a loader call in its bytes only)."""
    finder = _walked_finder(text)
    return () if finder is None else tuple(dict.fromkeys(finder.attribute_sinks))


def _walked_finder(text: str) -> _Finder | None:
    """A finder that has walked the whole module (None when it does not parse)."""
    data = text.encode("utf-8", "surrogatepass")
    code, names = python_prefilter.loader_code(data)
    try:
        tree = ast.parse(text)
    except _UNPARSABLE:
        return None
    finder = _finder_for(tree, code, python_prefilter.hit_lines(code, names))
    try:
        finder.candidates()
    except RecursionError:
        return None
    return finder


def imported_helper_candidates(
    text: str, helpers_for: Callable[[str], list[imports.Helper]]
) -> tuple[Candidate, ...]:
    """Ids a module passes to helpers that other project modules define (`helpers_for`
    maps the dotted name a callee is bound to onto those helpers)."""
    try:
        tree = ast.parse(text)
    except _UNPARSABLE:
        return ()
    finder = _finder_for(tree, text.encode("utf-8", "surrogatepass"), [])
    try:
        return tuple(finder.imported_helper_calls(helpers_for))
    except RecursionError:
        return ()


def _lazy_call(call: ast.Call) -> ast.Call:
    """A config's deferred call (OpenMMLab / xtuner configs: `dict(type=AutoModelForCausalLM.
    from_pretrained, pretrained_model_name_or_path=NAME)`, built by the runner): read as the
    call of its `type` with the other keywords, where `type` names a loader."""
    target = next((k.value for k in call.keywords if k.arg == "type"), None)
    if target is None or call.args:
        return call
    name = _call_name(target)
    if name not in _ID_ARGS and name not in _DATASET_CALLS:
        return call
    keywords = [k for k in call.keywords if k.arg != "type"]
    return ast.copy_location(ast.Call(func=target, args=[], keywords=keywords), call)


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _receiver_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return _call_name(func.value) if not isinstance(func.value, ast.Call) else ""
    return ""


def _argument(call: ast.Call, position: int | None, keywords: tuple[str, ...]) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg in keywords:
            return keyword.value
    if position is not None and len(call.args) > position:
        node = call.args[position]
        return None if isinstance(node, ast.Starred) else node
    return None


def _unpacked_argument(call: ast.Call, keywords: tuple[str, ...], scope: Scope) -> ast.expr | None:
    """The id keyword inside a dict literal the call unpacks (`LightevalTaskConfig(name=...,
    **COMMON_ARGS)`, `from_pretrained(**model_kwargs)`): a name for that dict's key, placed
    at the `**` argument."""
    for keyword in call.keywords:
        if keyword.arg is None and isinstance(keyword.value, ast.Name):
            for key in keywords:
                entry = python_values.dict_entry(keyword.value.id, key)
                if scope.binds(entry):
                    return ast.Name(
                        id=entry,
                        ctx=ast.Load(),
                        lineno=keyword.value.lineno,
                        col_offset=keyword.value.col_offset,
                    )
    return None


def _keyword_value(call: ast.Call, name: str, scope: Scope) -> str | None:
    node = _argument(call, None, (name,))
    if node is None:
        return None
    values = python_values.resolve(node, scope)
    return values[0].text if len(values) == 1 else None


_REGEX_CALL = lazy_compile(
    r"""(?:from_pretrained|SentenceTransformer|CrossEncoder|hf_hub_download|snapshot_download|"""
    r"""InferenceClient|pipeline|load_dataset|LLM)\s*\(([^()]*)""",
)
_QUOTED = lazy_compile(r"""(?:(\w+)\s*=\s*)?["']([^"'\s]+)["']""")
_ID_KEYWORDS = frozenset(
    {
        None,
        "model",
        "repo_id",
        "pretrained_model_name_or_path",
        "model_id",
        "model_name_or_path",
        "path",
    }
)


def find_candidates_by_regex(text: str) -> tuple[Candidate, ...]:
    """Quoted "org/name" arguments of known calls, for files `ast` cannot parse."""
    found = []
    for call in _REGEX_CALL.finditer(text):
        kind = RefKind.DATASET if call.group(0).startswith("load_dataset") else RefKind.MODEL
        for quoted in _QUOTED.finditer(call.group(1)):
            if quoted.group(1) not in _ID_KEYWORDS or "/" not in quoted.group(2):
                continue
            offset = call.start(1) + quoted.start(2)
            line = text.count("\n", 0, offset) + 1
            column = offset - text.rfind("\n", 0, offset)
            found.append(Candidate(value=quoted.group(2), line=line, column=column, kind=kind))
    return tuple(found)
