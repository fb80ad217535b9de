"""Home countries of well-known Hub publishers; a policy's `publishers.countries` overrides them."""

from __future__ import annotations

# Country of the legal entity behind each Hub organization (its published terms / imprint).
KNOWN_PUBLISHER_COUNTRIES: dict[str, str] = {
    "meta-llama": "US",
    "facebook": "US",
    "google": "US",
    "google-bert": "US",
    "microsoft": "US",
    "nvidia": "US",
    "openai": "US",
    "ibm-granite": "US",
    "apple": "US",
    "databricks": "US",
    "allenai": "US",
    "bigcode": "US",
    "huggingfacetb": "US",
    "stabilityai": "GB",
    "mistralai": "FR",
    "bigscience": "FR",
    "coherelabs": "CA",
    "cohereforai": "CA",
    "tiiuae": "AE",
    "qwen": "CN",
    "deepseek-ai": "CN",
    "01-ai": "CN",
    "thudm": "CN",
    "zai-org": "CN",
    "moonshotai": "CN",
    "tencent": "CN",
    "baidu": "CN",
    "internlm": "CN",
    "baai": "CN",
    "minimaxai": "CN",
    "openbmb": "CN",
    "lgai-exaone": "KR",
    "upstage": "KR",
    "naver-hyperclovax": "KR",
    "sakanaai": "JP",
    "utter-project": "PT",
    "openllm-france": "FR",
    "aleph-alpha": "DE",
    "swiss-ai": "CH",
    "openai-community": "US",
    "google-t5": "US",
    "facebookai": "US",
    "ibm": "US",
    "ibm-research": "US",
    "amazon": "US",
    "salesforce": "US",
    "snowflake": "US",
    "xai-org": "US",
    "eleutherai": "US",
    "mosaicml": "US",
    "togethercomputer": "US",
    "nousresearch": "US",
    "cerebras": "US",
    "runwayml": "US",
    "nomic-ai": "US",
    "black-forest-labs": "DE",
    "compvis": "DE",
    "jinaai": "DE",
    "mixedbread-ai": "DE",
    "lightonai": "FR",
    "ai21labs": "IL",
    "alibaba-nlp": "CN",
    "alibaba-pai": "CN",
    "tencent-hunyuan": "CN",
    "bytedance": "CN",
    "bytedance-seed": "CN",
    "baichuan-inc": "CN",
    "stepfun-ai": "CN",
    "kwai-kolors": "CN",
    "ai-forever": "RU",
    "yandex": "RU",
    "sarvamai": "IN",
    "inceptionai": "AE",
    "mbzuai": "AE",
    "aisingapore": "SG",
}


def publisher_of(model_id: str, declared: str | None = None) -> str:
    """The publishing organization: the declared author, else the id's `org/` part."""
    if declared:
        return declared
    return model_id.split("/", 1)[0] if "/" in model_id else ""


def country_of(publisher: str, overrides: tuple[tuple[str, str], ...] = ()) -> str | None:
    """The publisher's country from the policy's table, else the built-in one."""
    folded = publisher.casefold()
    for name, country in overrides:
        if name.casefold() == folded:
            return country
    return KNOWN_PUBLISHER_COUNTRIES.get(folded)
