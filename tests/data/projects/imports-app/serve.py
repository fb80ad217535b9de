import config as settings
from sentence_transformers import SentenceTransformer

encoder = SentenceTransformer(settings.EMBEDDING_MODEL)
