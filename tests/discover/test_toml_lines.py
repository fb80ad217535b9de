"""toml_lines.quoted_line: the line `line_of(text, quoted(value), start)` finds, without a
pattern per value."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from llmaudit.discover.manifests.toml_lines import line_of, quoted, quoted_line

_PIECES = st.sampled_from(["torch", "torch>=2", '"', "'", "\n", " ", "=", "[", "]", ",", "a.b*"])


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(_PIECES, max_size=30).map("".join),
    st.sampled_from(["torch", "torch>=2", "a.b*", ""]),
    st.integers(min_value=0, max_value=40),
)
def test_quoted_line_finds_what_the_quoted_pattern_finds(text, value, start):
    assert quoted_line(text, value, start) == line_of(text, quoted(value), start)[0]


def test_either_quote_opens_and_either_closes():
    text = "[project]\ndependencies = [\n  \"torch'\n  'numpy>=1',\n]\n"
    assert quoted_line(text, "torch") == 3
    assert quoted_line(text, "numpy>=1") == 4
    assert quoted_line(text, "numpy>=1", start=text.index("numpy")) is None
    assert quoted_line(text, "numpy") is None
