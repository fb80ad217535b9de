"""Model and dataset ids in JavaScript / TypeScript code (issue #13).

Read from tokens (js_tokens), never run. A `use` is an id that reaches a loader the file
calls: transformers.js (`pipeline("task", "org/x")`, `X.from_pretrained("org/x")`),
@huggingface/inference task methods and functions (`hf.textGeneration({ model })`),
@huggingface/hub file functions (`downloadFile({ repo })`), LangChain.js `HuggingFace*`
classes, wllama's `loadModelFromHF`, and requests of an OpenAI-style client whose `baseURL`
is a Hugging Face endpoint or a server of the project's own (judged as the Python reader
judges them, by `api_context.client_usage`). The id is a literal there or reaches the call
through a name bound in the same file (`const MODEL = "org/x"`, `process.env.MODEL ??
"org/x"`, `a || "org/x"`, `c ? "org/a" : "org/b"`, a parameter default, `for (const m of
[...])`, an object literal's key): both the line that writes it and the call are located.
Everything else is at most a `mention`: an object literal with model keys that no such call
reads, a model-named variable, ids in comments and JSDoc examples. Names are never linked
across files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace

from llmaudit.discover.api_context import ApiContext, api_context, client_usage, judged_in
from llmaudit.discover.candidates import Candidate, Scan
from llmaudit.discover.config_files import is_dataset_key, is_model_key
from llmaudit.discover.js_module import JsModule
from llmaudit.discover.js_tokens import NAME, PUNCT
from llmaudit.discover.model_ids import PIPELINE_TASKS
from llmaudit.discover.needles import Needles
from llmaudit.models import LocationKind, RefKind

_HINTS = Needles(
    [b"from_pretrained", b"pipeline", b"odel", b"ODEL", b"repo", b"completions", b"HuggingFace"]
)
# Generated code (a bundle, a minified build) holds a library's own examples, not the
# project's choices, and costs most to read: files whose lines average this long are left out.
_MINIFIED_LINE = 300
_TRANSFORMERS_JS = ("@huggingface/transformers", "@xenova/transformers")
_INFERENCE = "@huggingface/inference"
_HUB = "@huggingface/hub"
# @huggingface/inference: task methods of InferenceClient / HfInference, and the same
# functions imported on their own; the first argument's `model` is a Hub id.
_INFERENCE_TASKS = frozenset(
    {
        "audioClassification",
        "audioToAudio",
        "automaticSpeechRecognition",
        "chatCompletion",
        "chatCompletionStream",
        "documentQuestionAnswering",
        "featureExtraction",
        "fillMask",
        "imageClassification",
        "imageSegmentation",
        "imageTextToText",
        "imageToImage",
        "imageToText",
        "imageToVideo",
        "objectDetection",
        "questionAnswering",
        "sentenceSimilarity",
        "summarization",
        "tableQuestionAnswering",
        "tabularClassification",
        "tabularRegression",
        "textClassification",
        "textGeneration",
        "textGenerationStream",
        "textToImage",
        "textToSpeech",
        "textToVideo",
        "tokenClassification",
        "translation",
        "visualQuestionAnswering",
        "zeroShotClassification",
        "zeroShotImageClassification",
    }
)
_INFERENCE_CLIENTS = frozenset({"InferenceClient", "HfInference"})
# @huggingface/hub functions that read a repository: `repo` ("org/x", "datasets/org/x" or
# `{ type, name }`), or `name` for the info functions. Those that download its files use it;
# the others only read what the Hub says about it (a listing, metadata): mentions.
_HUB_DOWNLOADS = frozenset({"downloadFile", "downloadFileToCacheDir", "snapshotDownload"})
_HUB_READERS = _HUB_DOWNLOADS | frozenset(
    {"fileDownloadInfo", "fileExists", "listFiles", "modelInfo", "datasetInfo", "pathsInfo"}
)
# LangChain.js classes of Hugging Face models: `new HuggingFaceInference({ model })`.
_LANGCHAIN_KEYS = ("model", "modelName", "model_name", "modelId")
_CLIENT_REQUESTS = frozenset(
    {
        ("chat", "completions", "create"),
        ("completions", "create"),
        ("embeddings", "create"),
        ("responses", "create"),
    }
)
_OPENAI_CLIENTS = frozenset({"OpenAI", "AzureOpenAI"})
# A JSDoc line's leading `*`, and Markdown code fences in a comment (three backquotes would
# read as template literals and hide the example's code).
_COMMENT_MARGIN = re.compile(r"(?m)^([ \t]*)\*(?!/)")
_FENCE = re.compile(r"(?m)^[ \t]*```[^\n]*")
_PROVIDER_SUFFIX = re.compile(r"([\w.-]+/[\w.-]+):[\w.-]+")
_SCRIPT_BLOCK = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def has_hint(data: bytes) -> bool:
    """Bytes prefilter: a loader's name or a model word (most JS files have neither)."""
    return _HINTS.occur_in(data)


def read_js(text: str) -> Scan:
    """Candidates in a JavaScript or TypeScript file."""
    if len(text) > 20_000 and len(text) > _MINIFIED_LINE * (text.count("\n") + 1):
        return Scan()
    notes: list[tuple[str, int]] = []
    try:
        module = _Finder(text, notes)
        candidates = list(module.candidates())
        for start, body in module.lexed.comments:
            if _comment_hint().search(body):
                candidates.extend(_comment_candidates(start, body, module, notes))
    except RecursionError:  # brackets nested thousands deep: generated or hostile code
        return Scan(notes=("JavaScript nested too deeply to read; searched for links only",))
    return Scan(candidates=tuple(candidates), line_notes=tuple(notes))


def read_js_in_markup(text: str) -> Scan:
    """A Svelte or Vue component: the JavaScript of its `<script>` blocks (the markup is
    blanked, so lines and columns stay those of the file)."""
    kept = [(found.start(1), found.end(1)) for found in _SCRIPT_BLOCK.finditer(text)]
    if not kept:
        return Scan()
    blank = re.sub(r"[^\n]", " ", text)
    parts, previous = [], 0
    for start, end in kept:
        parts.append(blank[previous:start])
        parts.append(text[start:end])
        previous = end
    parts.append(blank[previous:])
    return read_js("".join(parts))


@functools.cache  # compiled when a JS file is first read, not at every import
def _comment_hint() -> re.Pattern[str]:
    """A comment worth reading as code: it names a loader."""
    tasks = "|".join(sorted(_INFERENCE_TASKS))
    return re.compile(rf"from_pretrained|pipeline\s*\(|\.(?:{tasks})\(")


def _comment_candidates(
    start: int, body: str, module: _Finder, notes: list[tuple[str, int]]
) -> Iterator[Candidate]:
    """Loader calls written in a comment or a JSDoc example: mentions."""
    code = body[:2].replace("/", " ").replace("*", " ") + body[2:]
    code = code[:-2] + "  " if code.endswith("*/") else code
    code = _FENCE.sub(lambda m: " " * len(m.group(0)), _COMMENT_MARGIN.sub(r"\1 ", code))
    inner = _Finder(code, notes, offset=start, outer=module)
    for candidate in inner.candidates(objects=False):
        yield _mention(candidate)


def _without_provider(candidate: Candidate) -> Candidate:
    """Hugging Face's router takes `org/name:provider` (`:together`, `:fastest`): the Hub
    id is the part before the colon, which no Hub id holds."""
    found = _PROVIDER_SUFFIX.fullmatch(candidate.value)
    return replace(candidate, value=found.group(1)) if found else candidate


def _mention(candidate: Candidate) -> Candidate:
    return replace(candidate, usage=LocationKind.MENTION)


class _Finder(JsModule):
    """The loader calls of one file (or one comment) and the candidates they give."""

    def __init__(
        self,
        text: str,
        notes: list[tuple[str, int]],
        offset: int = 0,
        outer: JsModule | None = None,
    ) -> None:
        super().__init__(text, offset, outer)
        self.notes = notes
        self.consumed: set[int] = set()  # object literals read as a call's argument

    def candidates(self, objects: bool = True) -> Iterator[Candidate]:
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if (
                token.text == "("
                and token.kind == PUNCT
                and index
                and tokens[index - 1].kind == NAME
            ):
                yield from self._call(index)
        if objects:
            yield from self._loose_objects()
            yield from self._model_named_bindings()

    def _call(self, opening: int) -> Iterator[Candidate]:
        chain, root = self.callee(opening - 1)
        name = chain[-1]
        arguments = self.split(opening + 1, self.close.get(opening, opening), (",",))
        constructed = root > 0 and self.tokens[root - 1].text == "new"
        if name == "from_pretrained" and len(chain) >= 2 and arguments:
            revision = self._option(arguments[1:], "revision")
            yield from self._loaded(arguments[0], explicit=True, revision=revision)
        elif (
            name == "pipeline" and len(arguments) >= 2 and self._is_pipeline(chain[0], arguments[0])
        ):
            yield from self._loaded(arguments[1], explicit=True)
        elif name == "loadModelFromHF" and len(chain) >= 2 and arguments:
            yield from self._loaded(arguments[0], explicit=True)
        elif name in _INFERENCE_TASKS and self._is_inference_call(chain):
            found = self._keyed(arguments[:1], ("model",), RefKind.MODEL, LocationKind.USE)
            yield from map(_without_provider, found)
        elif name in _HUB_READERS and self.imported_from(chain[0], (_HUB,)):
            yield from self._hub_reader(name, arguments[:1])
        elif constructed and len(chain) == 1 and name.startswith("HuggingFace"):
            yield from self._keyed(arguments[:1], _LANGCHAIN_KEYS, RefKind.MODEL, LocationKind.USE)
        elif len(chain) >= 3 and _CLIENT_REQUESTS & {tuple(chain[-3:]), tuple(chain[-2:])}:
            yield from self._client_request(chain[0], arguments[:1])

    def _is_pipeline(self, name: str, task: tuple[int, int]) -> bool:
        """transformers.js's `pipeline(task, model)`: imported from it, or called with a task
        name (the library's own tests and examples import it by a relative path)."""
        if self.imported_from(name, _TRANSFORMERS_JS):
            return True
        tasks = self.values(*task)
        return bool(tasks) and all(found.text in PIPELINE_TASKS for found in tasks)

    def _is_inference_call(self, chain: list[str]) -> bool:
        if len(chain) == 1:
            return self.imported_from(chain[0], (_INFERENCE,))
        return _INFERENCE in self.packages or self.is_constructed(chain[0], _INFERENCE_CLIENTS)

    def _option(self, arguments: list[tuple[int, int]], key: str) -> str | None:
        for start, end in arguments:
            if self.tokens[start].text == "{" and self.close.get(start) == end - 1:
                for entry_key, _, value in self.object_entries(start):
                    if entry_key == key:
                        found = self.values(*value)
                        if len(found) == 1:
                            return found[0].text
        return None

    def _loaded(
        self, argument: tuple[int, int], *, explicit: bool, revision: str | None = None,
        kind: RefKind = RefKind.MODEL, usage: LocationKind = LocationKind.USE,
    ) -> Iterator[Candidate]:  # fmt: skip
        """Each id the argument can be: where it is written, and where the call reads it
        when that is another line."""
        for found in self.values(*argument):
            yield self._candidate(found.text, found.token, kind, explicit, revision, usage)
            if found.token != argument[0] and not (
                argument[1] - argument[0] == 1
                and self.tokens[found.token].start == self.tokens[argument[0]].start
            ):
                yield self._candidate(found.text, argument[0], kind, explicit, revision, usage)

    def _candidate(
        self, value: str, token: int, kind: RefKind, explicit: bool, revision: str | None,
        usage: LocationKind,
    ) -> Candidate:  # fmt: skip
        line, column = self.position(token)
        return Candidate(
            value=value, line=line, column=column, kind=kind, revision=revision,
            explicit=explicit, usage=usage,
        )  # fmt: skip

    def _keyed(
        self, arguments: list[tuple[int, int]], keys: tuple[str, ...], kind: RefKind,
        usage: LocationKind,
    ) -> Iterator[Candidate]:  # fmt: skip
        """The `model` (or other key) of an options object given literally or by name."""
        for opening in self.objects_of(arguments):
            self.consumed.add(opening)
            for key, _, value in self.object_entries(opening):
                if key in keys:
                    yield from self._loaded(value, explicit=True, kind=kind, usage=usage)

    def _hub_reader(self, name: str, arguments: list[tuple[int, int]]) -> Iterator[Candidate]:
        """@huggingface/hub: `{ repo: "org/x" }`, `{ repo: "datasets/org/d" }`,
        `{ repo: { type: "dataset", name: "org/d" } }`, `modelInfo({ name })`."""
        usage = LocationKind.USE if name in _HUB_DOWNLOADS else LocationKind.MENTION
        for opening in self.objects_of(arguments):
            self.consumed.add(opening)
            for key, _, value in self.object_entries(opening):
                if key == "name" and name in ("modelInfo", "datasetInfo"):
                    kind = RefKind.DATASET if name == "datasetInfo" else RefKind.MODEL
                    found = self._loaded(value, explicit=True, kind=kind, usage=usage)
                elif key in ("repo", "repoId"):
                    found = self._hub_repo(value)
                else:
                    continue
                yield from (replace(candidate, usage=usage) for candidate in found)

    def _hub_repo(self, value: tuple[int, int]) -> Iterator[Candidate]:
        start, end = value
        if self.tokens[start].text == "{" and self.close.get(start) == end - 1:
            entries = {key: span for key, _, span in self.object_entries(start)}
            kinds = self.values(*entries["type"]) if "type" in entries else []
            kind_name = kinds[0].text if len(kinds) == 1 else "model"
            if "name" in entries and kind_name in ("model", "dataset"):
                kind = RefKind.DATASET if kind_name == "dataset" else RefKind.MODEL
                yield from self._loaded(entries["name"], explicit=True, kind=kind)
            return
        for candidate in self._loaded(value, explicit=True):
            text = candidate.value
            if text.startswith("spaces/"):
                continue
            if text.startswith("datasets/"):
                yield replace(candidate, value=text[len("datasets/") :], kind=RefKind.DATASET)
            else:
                yield candidate

    def _client_request(self, client: str, arguments: list[tuple[int, int]]) -> Iterator[Candidate]:
        """`client.chat.completions.create({ model })`: a use when every OpenAI client the
        file makes that `client` may be talks to a Hugging Face endpoint or a server of the
        project's own; dropped when each talks to a provider; else a mention."""
        verdict = self._client_verdict(client)
        usage = verdict if isinstance(verdict, LocationKind) else LocationKind.USE
        context = verdict if isinstance(verdict, ApiContext) else None
        for candidate in self._keyed(arguments, ("model",), RefKind.MODEL, usage):
            judged = judged_in(_without_provider(candidate), context, self.notes)
            if judged is not None:
                yield judged

    def _client_verdict(self, client: str) -> LocationKind | ApiContext:
        constructions = self._openai_constructions(client)
        if not constructions:
            return LocationKind.MENTION
        verdicts: list[LocationKind | ApiContext] = []
        for opening, azure in constructions:
            if azure:
                verdicts.append(ApiContext("azure", "AzureOpenAI"))
                continue
            urls = [
                found.text
                for entry in self.objects_of([(opening + 1, self.close.get(opening, opening))])
                for key, _, value in self.object_entries(entry)
                if key in ("baseURL", "baseUrl", "base_url")
                for found in self.values(*value)
            ]
            verdicts.extend(client_usage(url) for url in urls) if urls else verdicts.append(
                client_usage(None)
            )
        if all(v is LocationKind.USE for v in verdicts):
            return LocationKind.USE
        providers = [v for v in verdicts if isinstance(v, ApiContext)]
        if len(providers) == len(verdicts):
            return providers[0]
        return LocationKind.MENTION

    def _openai_constructions(self, client: str) -> list[tuple[int, bool]]:
        """(the `(` of `new OpenAI(`, whether Azure) for each client `client` may be: the
        ones bound to the name, or for `this.x`, every one in the file."""
        tokens = self.tokens
        everywhere = [
            (index + 2, tokens[index + 1].text == "AzureOpenAI")
            for index in range(len(tokens) - 2)
            if tokens[index].text == "new"
            and tokens[index + 1].text in _OPENAI_CLIENTS
            and tokens[index + 2].text == "("
        ]
        if client == "this":
            return everywhere
        bound = {
            binding.value[0]
            for binding in self.bindings.get(client, ())
            if binding.value is not None
        }
        return [(opening, azure) for opening, azure in everywhere if opening - 2 in bound]

    # -- mentions ----------------------------------------------------------------------

    def _loose_objects(self) -> Iterator[Candidate]:
        """Object literals with model or dataset keys that no loader call reads: mentions
        (a request sent to a provider that names its own models gives nothing)."""
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if token.text != "{" or token.kind != PUNCT or index in self.consumed:
                continue
            entries = self.object_entries(index)
            keyed = [(k, v) for k, _, v in entries if is_model_key(k) or is_dataset_key(k)]
            if not keyed:
                continue
            context = self._object_context(entries)
            for key, value in keyed:
                kind = RefKind.MODEL if is_model_key(key) else RefKind.DATASET
                for found in self.values(*value):
                    if "/" not in found.text:
                        continue
                    candidate = self._candidate(
                        found.text, found.token, kind, False, None, LocationKind.MENTION
                    )
                    judged = judged_in(candidate, context, self.notes)
                    if judged is not None:
                        yield judged

    def _object_context(self, entries: list[tuple[str, int, tuple[int, int]]]) -> ApiContext | None:
        fields: dict[str, object] = {}
        for key, _, value in entries:
            found = self.values(*value)
            fields[key] = found[0].text if len(found) == 1 else []
        return api_context(fields)

    def _model_named_bindings(self) -> Iterator[Candidate]:
        """`const EMBEDDING_MODEL = "org/x"`, `const MODELS = ["org/a", ...]`: a mention
        where the file writes it (a loader that reads it makes it a use there)."""
        for name, bindings in self.bindings.items():
            model = is_model_key(name)
            if not model and not is_dataset_key(name):
                continue
            kind = RefKind.MODEL if model else RefKind.DATASET
            for binding in bindings:
                if binding.value is None or binding.each:
                    continue
                start, end = binding.value
                found = self.values(start, end) or self.elements(start, end, 0)
                for value in found:
                    if "/" in value.text:
                        yield self._candidate(
                            value.text, value.token, kind, False, None, LocationKind.MENTION
                        )
