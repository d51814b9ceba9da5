"""End-to-end library tests on the seeds with the real model."""

import json
from importlib import resources

import jsonschema
import pytest

import xref
from xref.errors import SourceError, UsageError

from .test_ingest import SEED_FURNITURE

pytestmark = pytest.mark.model


def _cluster_with_all(comparison, fragments):
    """How many of ``fragments`` the best single cluster holds (each in a member sentence)."""
    return max(sum(any(f in m.text for m in c.members) for f in fragments) for c in comparison.clusters)


def test_seeds_are_one_story(seed_comparison):
    assert len(seed_comparison.stories) == 1
    assert len(seed_comparison.stories[0].sources) == 5


def test_lbc_interview_claim_is_one_cluster_across_four_outlets(seed_comparison):
    fragments = [
        "The issue stemmed from the interview Sir Keir did with LBC Radio",
        'The Labour leader said in an interview last week that "Israel had the right"',
        'The controversial interview saw Starmer say that "Israel has the right"',
        "He has also come under heavy criticism for initially suggesting Israel had the right",
    ]
    assert _cluster_with_all(seed_comparison, fragments) == 4


def test_string_of_resignations_is_grouped_across_three_outlets(seed_comparison):
    fragments = [
        "after a string of resignations over his stance",
        "a string of Muslim councillors",
        "a swathe of resignations from his councillors",
        "a series of resignations by labour councillors",
    ]
    assert _cluster_with_all(seed_comparison, fragments) >= 3


def test_lubaba_khalid_resignation_is_one_cluster_across_three_outlets(seed_comparison):
    # Her sentences may also join a broader "resignations" claim through a clause; one cluster must be
    # hers alone, across the three outlets that report it.
    for cluster in seed_comparison.clusters:
        if len(cluster.sources) == 3 and all("Lubaba Khalid" in m.text for m in cluster.members):
            return
    pytest.fail("no cluster holds Lubaba Khalid's resignation, and only it, from three sources")


def test_no_furniture_in_any_cluster_and_offsets_reproduce_text(seed_comparison):
    furniture = {text for lines in SEED_FURNITURE.values() for text, _ in lines}
    texts = {s.id: s.text for s in seed_comparison.sources}
    for cluster in seed_comparison.clusters:
        for member in cluster.members:
            assert member.text not in furniture
            assert texts[member.source][member.start : member.end] == member.text
            assert member.start <= member.unit_start < member.unit_end <= member.end


def test_every_sentence_is_in_some_cluster(seed_comparison):
    covered = {m.sentence for c in seed_comparison.clusters for m in c.members}
    assert covered == {s.id for s in seed_comparison.sentences}


def test_wire_copy_between_000_and_001_is_reported(seed_comparison):
    by_pair = {(o.a, o.b): o.shared_sentences for o in seed_comparison.source_overlap}
    ids = [s.id for s in seed_comparison.sources]
    assert by_pair[(ids[0], ids[1])] >= 2
    assert sum(by_pair.values()) == by_pair[(ids[0], ids[1])]


def test_json_document_validates_against_the_schema(seed_comparison):
    schema = json.loads(resources.files("xref").joinpath("data/xref-result.schema.json").read_text())
    document = json.loads(seed_comparison.to_json())
    jsonschema.validate(document, schema)
    assert document["story_flags"] and any(c["flags"] for c in document["clusters"])
    for source in document["sources"]:
        for line in source["removed_lines"]:
            assert source["text"][line["start"] : line["end"]] == line["text"]


def test_same_input_gives_same_ids_and_order_whatever_the_argument_order(seed_paths, real_embedder, seed_comparison):
    again = xref.compare(seed_paths, embedder=real_embedder)
    assert [c.id for c in again.clusters] == [c.id for c in seed_comparison.clusters]
    shuffled = xref.compare(list(reversed(seed_paths)), embedder=real_embedder)
    assert {c.id for c in shuffled.clusters} == {c.id for c in seed_comparison.clusters}


def test_a_bad_source_among_good_ones_is_skipped(seed_paths, real_embedder, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = xref.compare([*seed_paths[:2], str(empty)], embedder=real_embedder)
    assert [s.input for s in result.skipped_sources] == [str(empty)]
    assert any("skipped" in w for w in result.warnings)
    with pytest.raises(SourceError):
        xref.compare([*seed_paths[:2], str(empty)], embedder=real_embedder, strict=True)


def test_fewer_than_two_usable_sources_is_a_usage_error(seed_paths, real_embedder, tmp_path):
    with pytest.raises(UsageError, match="at least two"):
        xref.compare(seed_paths[:1], embedder=real_embedder)
    missing = tmp_path / "missing.txt"
    with pytest.raises(SourceError, match="no such file"):
        xref.compare([seed_paths[0], str(missing)], embedder=real_embedder)


def test_an_unrelated_source_is_its_own_story_with_a_warning(seed_paths, real_embedder):
    other = xref.Article(
        "The football club confirmed its new stadium will open next season. Fans queued for "
        "tickets as the manager praised the young squad after a victory in the league cup. "
        "The striker scored twice in the second half.",
        label="Sport",
    )
    result = xref.compare([*seed_paths[:2], other], embedder=real_embedder)
    assert len(result.stories) == 2
    assert any("Sport" in w and "different story" in w for w in result.warnings)


@pytest.mark.parametrize("pair_score", ["cosine", "learned"])
def test_other_pair_scores_keep_the_lbc_claim_together(seed_paths, real_embedder, pair_score):
    result = xref.compare(seed_paths, embedder=real_embedder, pair_score=pair_score)
    assert result.params["pair_score"] == pair_score
    fragments = [
        "The issue stemmed from the interview",
        "The Labour leader said in an interview last week",
        "The controversial interview saw Starmer",
        "initially suggesting Israel had the right",
    ]
    assert _cluster_with_all(result, fragments) == 4
