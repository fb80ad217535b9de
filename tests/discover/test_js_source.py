"""Model and dataset ids in JavaScript / TypeScript (issue #13): the lexer, the loaders read
as uses, what stays a mention, and real excerpts (tests/data/projects/real-js/PROVENANCE)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from llmaudit.discover import discover
from llmaudit.discover.js_source import has_hint, read_js, read_js_in_markup
from llmaudit.discover.js_tokens import REGEX, STRING, TEMPLATE, tokenize
from llmaudit.discover.readers import readers_for
from llmaudit.models import LocationKind
from llmaudit.settings import Settings

REAL_JS = Path(__file__).resolve().parents[1] / "data" / "projects" / "real-js"


def _found(text: str) -> set[tuple[str, int, str]]:
    return {(c.value, c.line or 0, c.usage.value) for c in read_js(text).candidates}


def _places(refs: tuple) -> dict[str, list[tuple[str, int | None, str]]]:
    return {ref.id: [(loc.path, loc.line, loc.kind.value) for loc in ref.locations] for ref in refs}


# -- the lexer ---------------------------------------------------------------------------


def test_a_slash_after_a_value_divides_and_after_an_operator_starts_a_regex():
    tokens = tokenize("const r = a / b / c; const s = x.replace(/'\\//g, \"'\");").tokens
    assert [t.kind for t in tokens].count(REGEX) == 1
    assert [t.value for t in tokens if t.kind == STRING] == ["'"]


def test_template_literals_nest_and_only_plain_ones_have_a_value():
    tokens = tokenize("f(`org/a`, `${b ? `x${`in`}` : {k: 1}.k}/c`, 'd')").tokens
    templates = [t for t in tokens if t.kind == TEMPLATE]
    assert [t.value for t in templates] == ["org/a", None, None, "in"]
    assert [t.value for t in tokens if t.kind == STRING] == ["d"]


def test_a_lone_quote_in_markup_stays_on_its_line():
    text = "const a = <p>Don't panic</p>;\nconst MODEL = 'org/x';\npipeline('fill-mask', MODEL);"
    assert ("org/x", 2, "use") in _found(text)


def test_comments_hide_code_and_strings_hide_comments():
    lexed = tokenize("const u = 'http://x'; // pipeline('a', 'b/c')\n/* 'not' */ x")
    assert [t.value for t in lexed.tokens if t.kind == STRING] == ["http://x"]
    assert [body[:2] for _, body in lexed.comments] == ["//", "/*"]


JS_FRAGMENTS = st.sampled_from(
    ["`", "${", "}", "{", "'", '"', "/", "//", "/*", "*/", "\\", "\n", "(", ")", "[", "]", "=",
     "const ", "x", "org/name", "pipeline(", ".from_pretrained(", "??", "?", ":", ",", "<p>",
     "new OpenAI({baseURL: ", "model: ", "class A {", "static m = ", "=>", "for (const m of "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(JS_FRAGMENTS, st.text(max_size=5)), max_size=50).map("".join))
def test_the_reader_takes_any_text_without_raising(text):
    read_js(text)
    read_js_in_markup(f"<script>{text}</script>")


# -- loaders -----------------------------------------------------------------------------


def test_transformers_js_pipeline_and_from_pretrained_are_uses():
    text = """import { pipeline, AutoTokenizer } from "@huggingface/transformers";
const MODEL_ID = process.env.MODEL_ID ?? "Xenova/distilbert-base-uncased";
const classifier = await pipeline("sentiment-analysis", MODEL_ID);
const tokenizer = await AutoTokenizer.from_pretrained("Xenova/t5-small", { revision: "v1" });
const generator = await pipeline("text-generation");
"""
    found = _found(text)
    assert ("Xenova/distilbert-base-uncased", 2, "use") in found  # where it is written
    assert ("Xenova/distilbert-base-uncased", 3, "use") in found  # and where it is loaded
    assert ("Xenova/t5-small", 4, "use") in found
    (revised,) = [c for c in read_js(text).candidates if c.value == "Xenova/t5-small"]
    assert revised.revision == "v1" and revised.explicit


def test_pipeline_of_another_library_is_not_read():
    text = "import { pipeline } from 'stream';\nawait pipeline(source, 'org/not-a-model');"
    assert _found(text) == set()


def test_a_name_is_read_in_its_own_scope_only():
    text = """const model = "org/outer";
function load(model) { return AutoModel.from_pretrained(model); }
function other() { const model = "org/inner"; return AutoModel.from_pretrained(model); }
"""
    found = {(value, line) for value, line, usage in _found(text) if usage == "use"}
    assert found == {("org/inner", 3)}  # a parameter without default holds nothing known


def test_parameter_defaults_loops_ternaries_and_fallbacks_are_followed():
    text = """async function load(name = "org/default", big = false) {
  const id = big ? "org/large" : name || "org/fallback";
  return AutoModel.from_pretrained(id);
}
for (const m of ["org/a1", "org/b2"]) { await AutoModel.from_pretrained(m); }
"""
    uses = {value for value, _, usage in _found(text) if usage == "use"}
    assert uses == {"org/default", "org/large", "org/fallback", "org/a1", "org/b2"}


def test_a_field_the_constructor_sets_is_read_where_a_method_loads_it():
    text = """const DEFAULT = "org/default-asr";
class Transcriber {
  constructor(options) { this.model = options?.preferred ?? DEFAULT; this.size = 1; }
  async run() { return pipeline("automatic-speech-recognition", this.model); }
}
"""
    assert _found(text) == {("org/default-asr", 1, "use"), ("org/default-asr", 4, "use")}


def test_inference_client_task_methods_and_hub_functions_are_uses():
    text = """import { InferenceClient } from "@huggingface/inference";
import { downloadFile, listFiles } from "@huggingface/hub";
const hf = new InferenceClient(process.env.HF_TOKEN);
const options = { model: "mistralai/Mistral-7B-Instruct-v0.2", inputs: "hi" };
await hf.textGeneration(options);
await downloadFile({ repo: "datasets/org/data", path: "x.csv" });
await listFiles({ repo: { type: "dataset", name: "org/other" } });
"""
    candidates = read_js(text).candidates
    assert ("mistralai/Mistral-7B-Instruct-v0.2", 4, "use") in _found(text)
    datasets = {(c.value, c.usage.value) for c in candidates if c.kind.value == "dataset"}
    # a download uses the repository; a listing only reads what the Hub says about it
    assert datasets == {("org/data", "use"), ("org/other", "mention")}


def test_an_openai_client_counts_by_its_base_url():
    text = """import OpenAI from "openai";
const hf = new OpenAI({ baseURL: "https://router.huggingface.co/v1" });
const local = new OpenAI({ baseURL: "http://localhost:8000/v1" });
const router = new OpenAI({ baseURL: "https://openrouter.ai/api/v1" });
const unknown = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });
await hf.chat.completions.create({ model: "Qwen/Qwen2.5-7B-Instruct:fastest", messages });
await local.chat.completions.create({ model: "org/served", messages });
await router.chat.completions.create({ model: "google/gemma-2-9b-it", messages });
await unknown.chat.completions.create({ model: "org/somewhere", messages });
"""
    scan = read_js(text)
    found = {(c.value, c.usage.value) for c in scan.candidates}
    assert ("Qwen/Qwen2.5-7B-Instruct", "use") in found  # the router's `:policy` is no part
    assert ("org/served", "use") in found
    assert ("org/somewhere", "mention") in found
    assert not any(c.value == "google/gemma-2-9b-it" for c in scan.candidates)
    assert any("openrouter.ai" in message for message, _ in scan.line_notes)


def test_comments_jsdoc_examples_and_loose_objects_are_mentions():
    text = """/**
 * @example
 * ```javascript
 * const pipe = await pipeline('text-generation', 'Xenova/gpt2');
 * ```
 */
// const model = await AutoModel.from_pretrained('org/commented');
const settings = { embeddingModel: "BAAI/bge-small-en-v1.5", temperature: 0 };
"""
    found = _found(text)
    assert found == {
        ("Xenova/gpt2", 4, "mention"),
        ("org/commented", 7, "mention"),
        ("BAAI/bge-small-en-v1.5", 8, "mention"),
    }


def test_svelte_script_blocks_are_read_and_markup_is_not():
    text = """<script lang="ts">
  import { pipeline } from "@xenova/transformers";
  const asr = pipeline("automatic-speech-recognition", "Xenova/whisper-tiny.en");
</script>
<p>Try model: "org/in-markup" instead</p>
"""
    found = {(c.value, c.line, c.usage.value) for c in read_js_in_markup(text).candidates}
    assert found == {("Xenova/whisper-tiny.en", 3, "use")}


def test_js_files_get_the_js_reader_and_the_link_reader():
    assert [r.name for r in readers_for("worker.ts")] == ["javascript", "code-links"]
    assert [r.name for r in readers_for("App.svelte")] == ["component", "code-links"]
    assert not has_hint(b"export const add = (a, b) => a + b;\n")


def test_minified_bundles_are_not_read():
    line = "var a=" + "1+" * 20_000 + "1;pipeline('fill-mask','org/bundled');"
    assert read_js(line).candidates == ()


# -- real excerpts -----------------------------------------------------------------------


def test_real_js_projects_uses_and_mentions():
    found = discover(Settings(root=REAL_JS))
    models = _places(found.models)
    worker = "transformers.js-examples/cross-encoder/src/worker.js"
    assert models["mixedbread-ai/mxbai-rerank-xsmall-v1"] == [
        (worker, 7, "use"),  # static model_id = "..."
        (worker, 12, "use"),  # AutoTokenizer.from_pretrained(this.model_id)
        (worker, 15, "use"),  # AutoModelForSequenceClassification.from_pretrained(...)
    ]
    clip = "transformers.js/tests/test_modeling_clip.js"
    assert (clip, 13, "use") in models["hf-internal-testing/tiny-random-CLIPModel"]
    assert _places(found.datasets)["Xenova/transformers.js-docs"] == [(clip, 43, "use")]
    assert models["meta-llama/Llama-3.1-8B-Instruct"] == [
        ("huggingface.js/openai/0.together.js", 9, "use")
    ]
    assert models["meta-llama/Llama-3.2-11B-Vision-Instruct"] == [
        ("huggingface.js/inference/0.auto.js", 6, "use")
    ]
    assert models["zai-org/GLM-5.2"] == [("chat-ui/scripts/artifact-real-eval.ts", 28, "mention")]
    jsdoc = {place[2] for place in models["Xenova/bert-base-uncased"]}
    assert jsdoc == {LocationKind.MENTION.value}
    whisper = "anything-llm/collector/utils/WhisperProviders/localWhisper.js"
    assert models["Xenova/whisper-small"] == [
        (whisper, 4, "use"),  # const defaultWhisper = "Xenova/whisper-small"
        (whisper, 131, "use"),  # pipeline("automatic-speech-recognition", this.model, ...)
    ]
    assert not any(ref.id.startswith(("anthropic/", "google/gemini")) for ref in found.models)
    assert not any(path.startswith("ai-chatbot/") for ref in found.models for path, *_ in
                   models[ref.id])  # fmt: skip


def test_the_js_reader_is_imported_only_when_a_js_file_is_read():
    import subprocess
    import sys

    code = "import sys, llmaudit.discover; print('llmaudit.discover.js_source' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_brackets_nested_thousands_deep_are_read_without_error():
    lines = "\n" * 400  # not a minified bundle: those are skipped before lexing
    for text in (
        "const " + "[" * 3000 + "a" + "]" * 3000 + " = x;",
        "const model = " + "(" * 3000 + "'org/x'" + ")" * 3000 + ";",
        "const model = " + "c ? 'org/a' : " * 1500 + "'org/b'; AutoModel.from_pretrained(model)",
        "f(" * 3000 + ")" * 3000,
        "`${" * 2000 + "}`" * 2000,
    ):
        scan = read_js(text + lines)
        assert all(c.value.startswith("org/") for c in scan.candidates)
