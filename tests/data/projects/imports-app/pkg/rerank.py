from sentence_transformers import CrossEncoder

from .defaults import RERANK_MODEL

reranker = CrossEncoder(RERANK_MODEL)
