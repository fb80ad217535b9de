"""The plain-pin fast path (`name==1.2.3` read without packaging) and PEP 503 names agree with
packaging on every string, so the pre-commit hook skips loading packaging without changing
what a requirements file says."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from llmaudit.discover.manifests import entries
from llmaudit.discover.manifests.entries import package_from_parsed, package_from_requirement
from llmaudit.models import Location
from llmaudit.package_names import canonical_name

HERE = Location(path="requirements.txt", line=1)
NAME = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,12}[A-Za-z0-9])?", fullmatch=True)
RELEASE = st.from_regex(
    r"[0-9]{1,4}(?:\.[0-9]{1,4}){0,3}(?:(?:a|b|rc)[0-9]{1,3})?(?:\.post[0-9]{1,2})?"
    r"(?:\.dev[0-9]{1,2})?",
    fullmatch=True,
)
SPACE = st.sampled_from(["", " ", "\t", "  "])
# Near misses the fast path must leave to packaging: ranges, extras, markers, epochs, locals,
# wildcards, arbitrary equality, odd spellings, trailing junk.
NEAR_MISS = st.sampled_from(
    [
        "",
        ">=1",
        "===1.0",
        "==1.0.*",
        "==1!2.0",
        "==1.0+local",
        "==v1.0",
        "==1.0-1",
        "==1.0.post",
        "==1.0RC1",
        "[extra]==1.0",
        "==1.0; python_version<'3.12'",
        "==1.0,<2",
        "== 1.0 ",
        "-==1.0",
        "==1.0 @ x",
    ]
)


def _by_packaging(text: str):
    try:
        return package_from_parsed(Requirement(text), HERE)
    except InvalidRequirement:
        return None


@settings(max_examples=400, deadline=None)
@given(NAME, SPACE, SPACE, RELEASE)
def test_a_plain_pin_reads_as_packaging_reads_it(name, before, after, release):
    text = f"{name}{before}=={after}{release}"
    assert entries._PLAIN_PIN.fullmatch(text), text
    assert package_from_requirement(text, HERE) == _by_packaging(text)


@settings(max_examples=400, deadline=None)
@given(NAME, SPACE, st.one_of(RELEASE, st.just("")), NEAR_MISS)
def test_anything_the_fast_path_takes_packaging_reads_the_same(name, space, release, tail):
    text = f"{name}{space}{release}{tail}"
    if entries._PLAIN_PIN.fullmatch(text):
        assert package_from_requirement(text, HERE) == _by_packaging(text)


@given(NAME, NEAR_MISS.filter(bool))
def test_near_misses_go_to_packaging(name, tail):
    assert not entries._PLAIN_PIN.fullmatch(f"{name}{tail}")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ09-_.Ωİ ", max_size=20))
def test_canonical_name_is_packagings(name):
    assert canonical_name(name) == canonicalize_name(name)


def test_the_fast_path_keeps_what_pip_freeze_writes():
    ref = package_from_requirement("Jinja2==3.1.4", HERE)
    assert ref is not None
    assert (ref.name, ref.version, ref.specifier) == ("jinja2", "3.1.4", "==3.1.4")
    assert ref == _by_packaging("Jinja2==3.1.4")
