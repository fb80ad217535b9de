"""Semantic search over help-centre articles."""

from sentence_transformers import SentenceTransformer

EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
CONTENT_TYPE = "text/plain"  # not a model: a MIME type


class ArticleIndex:
    def __init__(self) -> None:
        self.encoder = SentenceTransformer(EMBEDDING_MODEL)
        self.vectors = []

    def add(self, articles: list[str]) -> None:
        self.vectors.extend(self.encoder.encode(articles))
