from transformers import AutoModel

# MODEL_ID is never imported here: a NameError at run time, not a link to config.py
model = AutoModel.from_pretrained(MODEL_ID)
