"""Transcribe voice messages left by customers."""

from transformers import pipeline


def transcriber():
    return pipeline("automatic-speech-recognition", model="openai/whisper-large-v3")
