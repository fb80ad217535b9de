"""Answer customer questions with an instruction-tuned chat model."""

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

CHAT_MODEL = "meta-llama/Llama-3.1-8B-Instruct"


def load_chat_model():
    tokenizer = AutoTokenizer.from_pretrained(CHAT_MODEL)
    model = AutoModelForCausalLM.from_pretrained(
        CHAT_MODEL, torch_dtype=torch.bfloat16, device_map="auto"
    )
    return tokenizer, model


def answer(question: str, context: str) -> str:
    tokenizer, model = load_chat_model()
    messages = [
        {"role": "system", "content": f"Answer using this context:\n{context}"},
        {"role": "user", "content": question},
    ]
    inputs = tokenizer.apply_chat_template(messages, return_tensors="pt")
    output = model.generate(inputs, max_new_tokens=256)
    return tokenizer.decode(output[0], skip_special_tokens=True)
