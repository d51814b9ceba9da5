from xref.ingest import load_sources
from xref.segment import claim_units, split_sentences
from xref.types import Article

from .conftest import SEEDS


def _source(text):
    return load_sources([Article(text, label="t")]).sources[0]


def test_offsets_reproduce_every_sentence_of_the_seeds():
    for source in load_sources([str(p) for p in SEEDS]).sources:
        sentences = split_sentences(source)
        assert sentences
        for sentence in sentences:
            assert source.text[sentence.start : sentence.end] == sentence.text
            for unit in claim_units(sentence):
                assert source.text[unit.start : unit.end] == unit.text
                assert sentence.start <= unit.start < unit.end <= sentence.end


def test_abbreviations_do_not_split():
    source = _source("Sir Keir Starmer met Dr Amar Latif and Mr Anwar in the U.S. capital on Monday. They talked.")
    assert [s.text for s in split_sentences(source)] == [
        "Sir Keir Starmer met Dr Amar Latif and Mr Anwar in the U.S. capital on Monday.",
        "They talked.",
    ]


def test_headline_without_full_stop_is_its_own_sentence():
    source = _source("Labour calls MORE crisis talks\nSir Keir Starmer is in further talks. He met MPs.")
    assert split_sentences(source)[0].text == "Labour calls MORE crisis talks"


def test_quotes_stay_with_their_sentence():
    source = _source('Mr Anwar said Sir Keir had "not stood up for Labour values." He added: “We are livid.”')
    texts = [s.text for s in split_sentences(source)]
    assert texts == ['Mr Anwar said Sir Keir had "not stood up for Labour values."', "He added: “We are livid.”"]


def test_furniture_lines_are_not_segmented():
    source = _source("ARTICLE AD BOX\nThe council met on Monday.\nMost Read\n")
    assert [s.text for s in split_sentences(source)] == ["The council met on Monday."]


def test_clauses_split_at_subordinate_events_not_inside_quotes():
    source = _source(
        "Sir Keir Starmer has written to Labour councillors setting out his position "
        "after a string of resignations over his stance."
    )
    units = claim_units(split_sentences(source)[0])
    assert [u.text for u in units[1:]] == [
        "Sir Keir Starmer has written to Labour councillors setting out his position",
        "after a string of resignations over his stance",
    ]
    quoted = _source('He said "we acted after a long delay, and after much debate" on Monday.')
    assert len(claim_units(split_sentences(quoted)[0])) == 1
