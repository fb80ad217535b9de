RERANK_MODEL = "acme-ai/reranker-base"
