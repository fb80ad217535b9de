"""llmaudit.resolve.dist_info answers what importlib.metadata answers: the same distribution,
version, headers and files for every distribution installed here and for hand-made
.dist-info folders with folded headers, odd names and duplicates; anything unusual is left
to importlib.metadata (NotPlain)."""

from __future__ import annotations

import email
import sys
import zipfile
from importlib import metadata
from importlib.metadata import _adapters
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmaudit.models import PackageRef
from llmaudit.resolve import packages
from llmaudit.resolve.dist_info import Headers, NotPlain, find_distribution, parse_headers

FIELDS = (
    "Name",
    "Version",
    "License",
    "License-Expression",
    "License-File",
    "Classifier",
    "Summary",
    "Requires-Dist",
    "Description",
)


def _same_as_importlib(name: str) -> bool:
    """Compare both readers on `name`; False when the fast reader declines (NotPlain)."""
    try:
        fast = find_distribution(name)
    except NotPlain:
        return False
    try:
        slow = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        assert fast is None, name
        return True
    assert fast is not None, name
    assert fast.folder == slow._path, name  # type: ignore[attr-defined]
    assert fast.version == slow.version, name
    for field in FIELDS:
        if field == "Description":  # importlib adds the body as Description; never read
            continue
        assert fast.metadata.get_all(field) == slow.metadata.get_all(field), (name, field)
    assert [str(p) for p in fast.files] == [str(p) for p in slow.files or []], name
    assert [str(fast.locate_file(p)) for p in fast.files[:5]] == [
        str(slow.locate_file(p)) for p in (slow.files or [])[:5]
    ]
    return True


def test_every_installed_distribution_reads_as_importlib_reads_it():
    names = sorted({d.metadata["Name"] for d in metadata.distributions() if d.metadata["Name"]})
    assert len(names) > 20
    read = [name for name in names if _same_as_importlib(name)]
    assert len(read) >= len(names) * 0.9, sorted(set(names) - set(read))
    for spelling in ("PyYAML", "pyyaml", "py_yaml", "Jinja2", "jinja2", "no-such-package-x"):
        assert _same_as_importlib(spelling)


def test_package_facts_are_the_same_through_either_reader(monkeypatch):
    refs = [PackageRef(name=n) for n in ("click", "PyYAML", "Jinja2", "requests", "packaging")]
    fast = [packages.installed_package_facts(ref) for ref in refs]

    def declined(name: str) -> None:
        raise NotPlain("test")

    monkeypatch.setattr(packages, "find_distribution", declined)
    assert [packages.installed_package_facts(ref) for ref in refs] == fast
    assert all(f is not None and f.license_files for f in fast)


METADATA = """Metadata-Version: 2.1
Name: {name}
Version: 1.0
License: Some License
        with a second line
Classifier: License :: OSI Approved :: MIT License
Classifier: Programming Language :: Python
License-File: LICENSE
Summary:   spaces before and after{pad}
Keywords:
Description-Content-Type: text/markdown

A body: Description
Nothing here is a header.
"""


def _dist(site: Path, folder: str, text: str, record: str | None = "x/__init__.py,,\n") -> Path:
    path = site / folder
    path.mkdir(parents=True)
    (path / "METADATA").write_text(text, encoding="utf-8")
    if record is not None:
        (path / "RECORD").write_text(record + f"{folder}/METADATA,,\n", encoding="utf-8")
    (path / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(site), *sys.path])
    return site


def test_handmade_dist_infos_read_as_importlib_reads_them(site):
    _dist(site, "Odd.Name_pkg-1.0.dist-info", METADATA.format(name="Odd.Name_pkg", pad="   "))
    _dist(site, "folded-2.0.dist-info", METADATA.format(name="folded", pad=" \t").split("\n\n")[0])
    _dist(site, "nonl-1.0.dist-info", "Name: nonl\nVersion: 1.0\nLicense: MIT")
    _dist(site, "crlf-1.0.dist-info", "Name: crlf\r\nVersion: 1.0\r\nLicense: A\r\n  B\r\n")
    for name in ("odd-name-pkg", "Odd_Name.Pkg", "folded", "nonl", "crlf"):
        assert _same_as_importlib(name)
    found = find_distribution("odd.name.pkg")
    assert found is not None
    assert found.metadata.get_all("License") == ["Some License\nwith a second line"]


@pytest.mark.parametrize(
    "text",
    [
        "From someone\nName: x\nVersion: 1\n",
        " Name: x\nVersion: 1\n",
        "Name: x\nVersion: 1\nnot a header\n",
        "Name: x\nVersion: 1\nFrom here on a body\n",
        ":Name: x\nVersion: 1\n",
        "\nName: x\nVersion: 1\n",
        "Name: x\n",
    ],
    ids=[
        "unix-from",
        "continuation-first",
        "no-colon",
        "from-line-last",
        "empty-name",
        "blank-first",
        "no-version",
    ],
)
def test_header_blocks_the_email_parser_treats_specially_are_declined(site, text):
    _dist(site, "x-1.dist-info", text)
    with pytest.raises(NotPlain):
        find_distribution("x")


def test_unusual_installations_are_declined(site, tmp_path, monkeypatch):
    _dist(site, "norecord-1.0.dist-info", METADATA.format(name="norecord", pad=""), record=None)
    (site / "legacy-1.0.egg-info").mkdir()
    with pytest.raises(NotPlain):
        find_distribution("norecord")
    with pytest.raises(NotPlain):
        find_distribution("legacy")
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
    monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
    with pytest.raises(NotPlain):
        find_distribution("zipped")


def test_the_first_match_along_the_path_wins(site, tmp_path, monkeypatch):
    _dist(site, "twice-2.0.dist-info", METADATA.format(name="twice", pad="").replace("1.0", "2.0"))
    earlier = tmp_path / "earlier"
    _dist(earlier, "twice-1.0.dist-info", METADATA.format(name="twice", pad=""))
    monkeypatch.setattr(sys, "path", [str(earlier), *sys.path])
    assert _same_as_importlib("twice")
    found = find_distribution("twice")
    assert found is not None and found.version == "1.0"


HEADER_LINE = st.one_of(
    st.tuples(
        st.sampled_from(["Name", "License", "Classifier", "X-Odd.Name!", "license"]),
        st.text(alphabet=" \tab:é-", max_size=12),
    ).map(lambda kv: f"{kv[0]}:{kv[1]}"),
    st.text(alphabet=" \tabé:", min_size=1, max_size=10).map(lambda s: " " + s),
    st.text(alphabet="\tab", max_size=6).map(lambda s: "\t" + s),
    st.sampled_from(["not a header", "From x", ":x", "", "é: x"]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(HEADER_LINE, max_size=8), st.sampled_from(["", "\n", "\n\nbody\n"]))
def test_headers_are_what_importlib_metadata_gives(lines, ending):
    """Random header blocks: parsed exactly as email + importlib's Message, or declined."""
    text = "\n".join(lines) + ending
    try:
        fast = parse_headers(text)
    except NotPlain:
        return
    slow = _adapters.Message(email.message_from_string(text))
    expected = [(k, v) for k, v in slow._headers if k != "Description" or v != slow.get_payload()]
    assert fast == expected
    for name in ("Name", "License", "Classifier", "license"):
        assert Headers(fast).get_all(name) == slow.get_all(name)
