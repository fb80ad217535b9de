#!/usr/bin/env bash
set -euo pipefail
# Pre-fetch weights into the image cache.
huggingface-cli download google/flan-t5-large --include "*.safetensors"
hf download --repo-type dataset allenai/c4 --include "en/*"
export LLM_MODEL="${LLM_MODEL:-microsoft/Phi-3-mini-4k-instruct}"
python train.py --model_name_or_path google-t5/t5-small --output_dir ./out
vllm serve deepseek-ai/DeepSeek-R1-Distill-Qwen-7B --port 8000
