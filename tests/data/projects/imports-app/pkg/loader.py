from transformers import AutoModel, AutoTokenizer


def load(model_id):
    # a parameter: whatever other files call MODEL_ID or model_id, nothing is known here
    return AutoModel.from_pretrained(model_id)


class Wrapper:
    def __init__(self, name):
        self.MODEL_ID = name

    def tokenizer(self):
        return AutoTokenizer.from_pretrained(self.MODEL_ID)
