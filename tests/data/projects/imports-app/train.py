from transformers import AutoModelForCausalLM

from config import BASE_MODEL


def train():
    return AutoModelForCausalLM.from_pretrained(BASE_MODEL)
