"""Project settings: the models this app loads."""

BASE_MODEL = "acme-ai/base-7b"
EMBEDDING_MODEL = "acme-ai/embedder-small"
MODEL_ID = "acme-ai/defined-but-never-imported"
