"""The anatomy of real-looking sentences with the language pipeline (no embedding model)."""

from datetime import date

from xref.claims import analyse
from xref.claims.lexicon import lexicons, match
from xref.types import Sentence


def _anatomy(text, published=None, start=0):
    padded = "x" * start + text
    sentence = Sentence("s", 0, start, start + len(text), text)
    anatomy = analyse([sentence], {"s": published})["s:0"]
    return anatomy, padded


def test_offsets_are_into_the_source_text():
    anatomy, source = _anatomy('Dr Jane Roe said "the plan failed" on Monday, after 2.2 million votes.', start=40)
    spans = [*anatomy.quotes, *anatomy.quantities, *anatomy.times, *anatomy.markers, *anatomy.entities, *anatomy.words]
    assert spans
    for span in spans:
        assert source[span.start : span.end] == span.text


def test_quotation_speaker_and_named_flag():
    anatomy, _ = _anatomy('Jane Roe said: "We will not accept this deal."')
    (quote,) = anatomy.quotes
    assert quote.speaker == "Jane Roe" and quote.speaker_named
    anatomy, _ = _anatomy('The party leader said: "We will not accept this deal."')
    assert not anatomy.quotes[0].speaker_named


def test_markers_hedges_attribution_qualifiers():
    anatomy, _ = _anatomy("He appeared to say the deal was effectively dead, and critics claimed it was a disaster.")
    found = {(m.category, m.text) for m in anatomy.markers}
    assert ("hedge", "appeared to say") in found
    assert ("qualifier", "effectively") in found
    assert ("attribution_evaluative", "claimed") in found


def test_claim_the_noun_is_no_attribution_and_event_words_no_label():
    anatomy, _ = _anatomy("The claim was rejected after the attack killed nine people.")
    categories = {(m.category, m.text.lower()) for m in anatomy.markers}
    assert ("attribution_evaluative", "claim") not in categories
    assert not {text for category, text in categories if category == "loaded"} & {"attack", "killed"}


def test_titles_expansions_and_subjects():
    anatomy, _ = _anatomy("Sue Gray and Dr Amar Latif, a BAME (black, Asian and minority ethnic) officer, held talks.")
    by_text = {e.text: e for e in anatomy.entities}
    assert by_text["Amar Latif"].title == "Dr"
    assert by_text["Sue Gray"].in_subject
    assert [x.text for x in anatomy.expansions] == ["black, Asian and minority ethnic"]


def test_times_resolve_against_published_date():
    anatomy, _ = _anatomy("The minister resigned on Monday.", published=date(2023, 10, 18))
    (time,) = anatomy.times
    assert time.earliest == date(2023, 10, 16)


def test_lexicon_matches_lemmas_and_inflected_entries():
    forms = [frozenset(["labour"]), frozenset(["was", "be"]), frozenset(["said", "say"]), frozenset(["to"])]
    hits = {(h.category, h.entry) for h in match(forms)}
    assert any(category == "hedge" and entry.endswith("said to") for category, entry in hits)
    assert "according to" not in lexicons()["hedge"]
    assert "say" in lexicons()["attribution_neutral"] and "say" not in lexicons()["attribution_evaluative"]
