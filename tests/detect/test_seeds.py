"""The detectors on the five seed articles, with the real model: what a fact-checker should see, and what must
stay silent."""

from __future__ import annotations

import pytest

from xref.detect import FLAG_TYPES

pytestmark = pytest.mark.model


def _label(comparison, source_id: str) -> str:
    return comparison.source(source_id).origin.rsplit("/", 1)[-1][:3]


def _flags(comparison, flag_type: str | None = None):
    return [f for f in comparison.flags if flag_type is None or f.type == flag_type]


def _evidence(flag):
    return {(e.source, e.text) for e in flag.evidence}


def _by_seed(comparison, flag) -> dict[str, str]:
    return {_label(comparison, e.source): e.text for e in flag.evidence}


def test_hedged_versus_asserted_lbc_remark(seed_comparison):
    hedging = [_by_seed(seed_comparison, f) for f in _flags(seed_comparison, "hedging")]
    assert any(f.get("000") == "appeared to say" and f.get("001") == "said" for f in hedging)
    assert any(f.get("003") == "suggesting" for f in hedging)
    assert any(f.get("002") == "seemingly" for f in hedging)


def test_quotation_wording_differs_had_has(seed_comparison):
    quotes = [_by_seed(seed_comparison, f) for f in _flags(seed_comparison, "quote")]
    assert {"002": "has", "001": "had"} in quotes


def test_dropped_qualifier_effectively(seed_comparison):
    qualifiers = [_by_seed(seed_comparison, f) for f in _flags(seed_comparison, "qualifier")]
    assert {"001": "effectively endorsing", "002": "endorsing"} in qualifiers


def test_title_given_by_one_outlet_only(seed_comparison):
    entity = [_by_seed(seed_comparison, f) for f in _flags(seed_comparison, "entity")]
    assert any(f.get("002") == "Dr Amar Latif" and "Amar Latif" in f.values() for f in entity)


def test_expansion_of_an_acronym_differs(seed_comparison):
    entity = [_by_seed(seed_comparison, f) for f in _flags(seed_comparison, "entity")]
    assert any(f.get("002") == "black and minority ethnic" for f in entity)


def test_compatible_and_unrelated_numbers_stay_silent(seed_comparison):
    # 2.2 million / more than two million are compatible; 150, 22 and nine, and four councillors count different
    # things. None of them may become a number flag.
    for flag in _flags(seed_comparison, "number"):
        texts = " ".join(e.text for e in flag.evidence)
        for number in ("2.2 million", "two million", "150", "22", "nine", "four"):
            assert number not in texts, flag.reason


def test_courtesy_titles_and_same_force_verbs_stay_silent(seed_comparison):
    for flag in _flags(seed_comparison, "entity"):
        assert not any(e.text.startswith(("Sir ", "Mr ")) for e in flag.evidence), flag.reason
    for flag in _flags(seed_comparison, "attribution"):
        assert {e.text.lower() for e in flag.evidence} != {"said", "told"}, flag.reason


def test_one_flag_per_difference(seed_comparison):
    # "appeared to say" against two asserting outlets is one flag holding both, not two flags.
    hedged = [f for f in _flags(seed_comparison, "hedging") if f.evidence[0].text == "appeared to say"]
    assert len(hedged) == 1 and len({e.source for e in hedged[0].evidence}) == 3


def test_precision_budget(seed_comparison):
    # The budget: at most about 15 flags of medium or high severity on the five seeds.
    serious = [f for f in seed_comparison.flags if f.severity != "low"]
    assert 4 <= len(serious) <= 15, [f.reason for f in serious]


def test_omissions_are_low_story_flags_naming_the_missing_source(seed_comparison):
    assert seed_comparison.story_flags
    for flag in seed_comparison.story_flags:
        assert flag.type == "omission" and flag.severity == "low"
        assert flag.missing_source in {s.id for s in seed_comparison.sources}
        assert flag.missing_source not in {e.source for e in flag.evidence}


def test_evidence_offsets_reproduce_the_words(seed_comparison):
    for flag in seed_comparison.flags:
        assert flag.type in FLAG_TYPES
        for item in flag.evidence:
            assert seed_comparison.source(item.source).text[item.start : item.end] == item.text


def test_flag_ids_are_stable_and_unique(seed_comparison, real_embedder, seed_paths):
    import xref

    again = xref.compare(list(reversed(seed_paths)), embedder=real_embedder)
    assert sorted(f.id for f in again.flags) == sorted(f.id for f in seed_comparison.flags)
    ids = [f.id for f in seed_comparison.flags]
    assert len(ids) == len(set(ids))
