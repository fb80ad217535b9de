"""record_codec: every field type of FileResult survives JSON, and bad values never decode."""

from __future__ import annotations

import dataclasses
import json

import pytest

from llmaudit.discover.file_scan import FileResult
from llmaudit.discover.imports import AttributeSink, Helper, ImportedName
from llmaudit.discover.record_codec import UndecodableError, decoder_for, encode
from llmaudit.models import Location, LocationKind, ModelRef, Note, PackageRef, RefKind


def _location(**changes) -> Location:
    values = dict(
        path="nb/explore.ipynb",
        line=3,
        column=7,
        cell=2,
        snippet="from_pretrained('org/x')  # ünïcode",
        kind=LocationKind.MENTION,
        suppressed_rules=("license-restricted", "unresolved"),
        file_line=41,
    )
    return Location(**{**values, **changes})


def _full_result() -> FileResult:
    """A FileResult with every field filled, each optional both set and unset."""
    ref = ModelRef(
        id="Org/Name",
        revision="0e9e39f",
        kind=RefKind.DATASET,
        local_path="/abs/models/x",
        locations=(_location(), Location(path="a.py")),
    )
    return FileResult(
        refs=[ref, ModelRef(id="gpt2")],
        packages=[
            PackageRef(
                name="torch",
                version="2.4.0",
                specifier="==2.4.0",
                ecosystem="pypi",
                locations=(Location(path="requirements.txt", line=4),),
            )
        ],
        notes=[Note(message="skipped binary file", path="x.bin"), Note(message="m", line=2)],
        exports=[("BASE_MODEL", ref)],
        wanted=[(ImportedName(module="..config", name="BASE", line=1, column=0), _location())],
        helpers=[("pkg/loader.py", Helper("load", "name", ("name", "revision"), RefKind.MODEL))],
        deferred_helpers=[("pkg/util.py", "build")],
        attribute_sinks=[("tasks/base.py", AttributeSink("", "DATASET_PATH", RefKind.DATASET))],
        disk_answers=[
            ("exists", "/abs/data", False),
            ("is_dir", "/abs/models/x", True),
            ("realpath", "/abs/link", "/abs/target"),
            ("stat", "/abs/requirements/base.txt", (120, 1_700_000_000_123_456_789, 42, 1)),
            ("stat", "/abs/gone.txt", None),
        ],
    )


def test_every_field_type_round_trips_through_json():
    original = _full_result()
    text = json.dumps(encode(original))
    decoded = decoder_for(FileResult)(json.loads(text))
    assert decoded == original
    # fields left out of equality (snippet, kind, suppressed rules, file line) too
    assert encode(decoded) == encode(original)
    assert decoded.refs[0].locations[0].kind is LocationKind.MENTION
    assert isinstance(decoded.refs[0].locations, tuple)
    assert isinstance(decoded.disk_answers[3][2], tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.refs[0].id = "x"  # type: ignore[misc]


def test_decoded_records_hash_like_the_originals():
    original = _full_result().refs[0]
    decoded = decoder_for(ModelRef)(json.loads(json.dumps(encode(original))))
    assert hash(decoded) == hash(original)
    assert {decoded, original} == {original}


def test_an_empty_result_round_trips():
    assert decoder_for(FileResult)(encode(FileResult())) == FileResult()


@pytest.mark.parametrize(
    ("hint", "value"),
    [
        (int, True),  # a boolean is no line number
        (int, "3"),
        (int, 2**70),  # hostile: huge
        (int, -(2**64)),
        (int, 1.5),
        (str, 3),
        (bool, 0),
        (type(None), 0),
        (RefKind, "space"),  # unknown enum value
        (RefKind, ["model"]),
        (Location, ["a.py"]),  # too few fields
        (Location, {"path": "a.py"}),  # not a list
        (tuple[str, ...], "abc"),
        (tuple[str, int], ["a"]),
        (list[str], [1]),
        (int | None, "x"),
    ],
)
def test_values_of_the_wrong_shape_do_not_decode(hint, value):
    with pytest.raises(UndecodableError):
        decoder_for(hint)(value)


def test_a_damaged_nested_field_rejects_the_whole_result():
    encoded = encode(_full_result())
    encoded[0][0][4][0][1] = "12"  # the first location's line as a string
    with pytest.raises(UndecodableError):
        decoder_for(FileResult)(encoded)


def test_unsupported_values_are_not_encoded():
    with pytest.raises(TypeError):
        encode({"a": 1})
    with pytest.raises(TypeError):
        encode(1.5)
