"""What every detector must satisfy: flag shape, evidence offsets, stable ids, must-flag and must-not-flag cases."""

from __future__ import annotations

import re

import pytest

from tests.detect.cases import MUST_FLAG, MUST_NOT_FLAG
from tests.detect.conftest import make_pair
from xref.detect import FLAG_TYPES, PAIR_DETECTORS, SEVERITIES

CASES = [(name, case) for name, cases in MUST_FLAG.items() for case in cases]
SILENT = [(name, case) for name, cases in MUST_NOT_FLAG.items() for case in cases]


def test_every_pair_detector_has_cases():
    assert set(MUST_FLAG) == set(PAIR_DETECTORS) == set(MUST_NOT_FLAG)
    assert "omission" in FLAG_TYPES


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_detector_flags_with_well_formed_evidence(name, case):
    text_a, text_b, similarity = case
    pair = make_pair(text_a, text_b, similarity=similarity)
    flags = list(PAIR_DETECTORS[name](pair))
    assert flags, f"{name} missed: {text_a!r} / {text_b!r}"
    texts = {"a": text_a, "b": text_b}
    for flag in flags:
        assert flag.type == name
        assert flag.severity in SEVERITIES
        assert re.fullmatch(r"f[0-9a-f]{12}", flag.id)
        assert flag.reason and "\n" not in flag.reason
        assert flag.evidence
        for item in flag.evidence:
            assert texts[item.source][item.start : item.end] == item.text
            assert item.sentence == f"{item.source}:0"
        # Evidence points at words, not whole sentences, on the side that carries the difference.
        assert len(flag.evidence[0].text) < len(texts[flag.evidence[0].source])
    # Stable: the same input gives the same ids.
    again = [f.id for f in PAIR_DETECTORS[name](make_pair(text_a, text_b, similarity=similarity))]
    assert again == [f.id for f in flags]


@pytest.mark.parametrize(("name", "case"), SILENT, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SILENT)])
def test_detector_stays_silent(name, case):
    text_a, text_b, similarity = case
    flags = list(PAIR_DETECTORS[name](make_pair(text_a, text_b, similarity=similarity)))
    assert not flags, f"{name} flagged: {[f.reason for f in flags]}"


def test_flag_id_changes_with_evidence():
    first = list(PAIR_DETECTORS["quote"](make_pair(*MUST_FLAG["quote"][0][:2])))
    other = list(PAIR_DETECTORS["quote"](make_pair(*MUST_FLAG["quote"][1][:2])))
    assert first and other and first[0].id != other[0].id
