from transformers import AutoModel
AutoModel.from_pretrained("should-not/appear-excluded")
