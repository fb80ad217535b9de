"""A small RAG service: generator, embedder, reranker and a LoRA adapter."""

import argparse
import os

from datasets import load_dataset
from huggingface_hub import InferenceClient, hf_hub_download, snapshot_download
from peft import PeftModel
from sentence_transformers import CrossEncoder, SentenceTransformer
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

BASE_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
ORG = "BAAI"
RERANKER = f"{ORG}/bge-reranker-base"
EMBEDDER = os.environ.get("EMBEDDING_MODEL", "sentence-transformers/all-MiniLM-L6-v2")
SUMMARY_MODEL = "facebook/" + "bart-large-cnn"


def load_generator(revision: str = "main"):
    tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
    model = AutoModelForCausalLM.from_pretrained(BASE_MODEL, revision="0e9e39f")
    return PeftModel.from_pretrained(model, "acme-ai/llama-support-lora"), tokenizer


def load_retrieval():
    embedder = SentenceTransformer(EMBEDDER)
    reranker = CrossEncoder(RERANKER)
    return embedder, reranker


def load_tools():
    summarizer = pipeline("summarization", model=SUMMARY_MODEL)
    classifier = pipeline("text-classification", "distilbert/distilbert-base-uncased-finetuned-sst-2-english")
    sentiment = pipeline("sentiment-analysis")
    local = AutoModelForCausalLM.from_pretrained("./models/my-bert")
    gguf = hf_hub_download(repo_id="TheBloke/Mistral-7B-Instruct-v0.2-GGUF", filename="m.gguf")
    snapshot_download("openai/whisper-large-v3", revision="v1.0")
    client = InferenceClient(model="HuggingFaceH4/zephyr-7b-beta")
    legacy = AutoTokenizer.from_pretrained("gpt2")
    return summarizer, classifier, sentiment, local, gguf, client, legacy


def load_data():
    corpus = load_dataset("rajpurkar/squad")
    local_files = load_dataset("json", data_files="data/train.jsonl")
    return corpus, local_files


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge-model", default="Qwen/Qwen2.5-7B-Instruct")
    args = parser.parse_args()
    judge = AutoModelForCausalLM.from_pretrained(args.judge_model)
    # A vendored eval harness we do not ship:
    # llmaudit: ignore
    scratch = AutoModelForCausalLM.from_pretrained("EleutherAI/gpt-neox-20b")
    pinned = AutoModelForCausalLM.from_pretrained("google/gemma-2-2b-it")  # llmaudit: ignore[license-restricted]
    print(judge, scratch, pinned)
