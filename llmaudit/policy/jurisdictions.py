"""Countries and the regions that group them (EU, EEA), for geography and governing law."""

from __future__ import annotations

EU = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    }
)
EEA = EU | {"IS", "LI", "NO"}
REGIONS: dict[str, frozenset[str]] = {"EU": EU, "EEA": EEA}

# Free-text names knowledge-base entries and cards use for a country.
_COUNTRY_NAMES = {
    "EL": "GR",  # the EU's own code for Greece
    "UK": "GB",
    "USA": "US",
    "UNITED STATES": "US",
    "CALIFORNIA": "US",
    "PRC": "CN",
    "CHINA": "CN",
    "PEOPLE'S REPUBLIC OF CHINA": "CN",
    "UAE": "AE",
    "UNITED ARAB EMIRATES": "AE",
    "UNITED KINGDOM": "GB",
    "ENGLAND": "GB",
    "FRANCE": "FR",
    "GERMANY": "DE",
    "SOUTH KOREA": "KR",
    "KOREA": "KR",
    "EUROPEAN UNION": "EU",
    "SWITZERLAND": "CH",
    "JAPAN": "JP",
    "SINGAPORE": "SG",
    "CANADA": "CA",
}


def normalize_region(value: str | None) -> str | None:
    """An ISO country code, "EU" or "EEA" for a code or common name; None when unknown."""
    if not value:
        return None
    text = value.strip().upper()
    text = _COUNTRY_NAMES.get(text, text)
    if text in REGIONS or (len(text) == 2 and text.isalpha()):
        return text
    return None


def covers(region: str, country: str | None) -> bool:
    """True when `region` (a code, EU or EEA) includes `country`."""
    region_code = normalize_region(region)
    country_code = normalize_region(country)
    if region_code is None or country_code is None:
        return False
    if region_code == country_code:
        return True
    members = REGIONS.get(region_code)
    if members is None:
        return False
    inner = REGIONS.get(country_code)
    return country_code in members or (inner is not None and inner <= members)


def covered_by_any(regions: tuple[str, ...], country: str | None) -> bool:
    """True when any of `regions` includes `country`."""
    return any(covers(region, country) for region in regions)
