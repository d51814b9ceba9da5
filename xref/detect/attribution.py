"""``attribution``: a different speaker for the same quotation, or an evaluative reporting verb ("claimed",
"admitted") against a neutral one ("said") for the same statement."""

from __future__ import annotations

from xref.claims import Anatomy, Quote
from xref.detect.base import AlignedPair, content_after, evidence, lemmas, make_flag
from xref.detect.quote import quote_words, same_quotation

SHARED_SCOPE_WORDS = 3
# Short quotations ("horrifying comments") are phrases several people use; a misattribution needs a statement.
MIN_QUOTE_WORDS = 5
# Evaluative verbs that news uses neutrally often enough ("urged", "warned") to be no signal against "said".
_OFTEN_NEUTRAL = frozenset(["urge", "warn", "demand", "plead", "beg", "threaten", "acknowledge", "argue", "describe"])
# A speaker named only by a pronoun could be anyone the article named before.
_PRONOUNS = frozenset("he she they it we i you who this that".split())
_FUNCTION_WORDS = frozenset("a an the of its his her their and".split())


def detect(pair: AlignedPair):
    yield from _different_speakers(pair)
    if pair.similarity >= 0.5:
        yield from _evaluative_verbs(pair)


def _speaker_words(anatomy: Anatomy, quote: Quote) -> set[str]:
    """The speaker's words, when the speaker is named (a person or organisation), else nothing: descriptions
    ("the Labour leader") and pronouns may well be the same person under another name."""
    if quote.speaker is None:
        return set()
    if not quote.speaker_named:
        return set()
    words = {w.lemma.lower() for w in anatomy.words if quote.speaker_start <= w.start < quote.speaker_end}
    return words - _FUNCTION_WORDS


def _different_speakers(pair: AlignedPair):
    for qa in pair.a.quotes:
        for qb in pair.b.quotes:
            if min(qa.words, qb.words) < MIN_QUOTE_WORDS:
                continue
            if same_quotation(quote_words(pair.a, qa), quote_words(pair.b, qb)) is None:
                continue
            sa, sb = _speaker_words(pair.a, qa), _speaker_words(pair.b, qb)
            if not sa or not sb or sa & _PRONOUNS or sb & _PRONOUNS or sa & sb:
                continue
            ev_a = evidence(pair.a, qa.speaker_start, qa.speaker_end)
            ev_b = evidence(pair.b, qb.speaker_start, qb.speaker_end)
            reason = (
                f"The same quotation is attributed to “{ev_a.text}” by {pair.label(pair.a)} "
                f"and to “{ev_b.text}” by {pair.label(pair.b)}."
            )
            yield make_flag("attribution", "high", reason, [ev_a, ev_b], cluster=pair.cluster)


def _reporting(anatomy: Anatomy, category: str) -> list:
    """Attribution verbs in active voice that introduce a clause or quotation, with their subject's words."""
    found = []
    for marker in anatomy.markers_of(category):
        verb = anatomy.words[marker.first]
        if verb.lemma.lower() in _OFTEN_NEUTRAL:
            continue
        children = [w for i, w in enumerate(anatomy.words) if w.head == marker.first and i != marker.first]
        subjects = [w for w in children if w.dep == "nsubj"]
        if not subjects or not any(w.dep in ("ccomp", "xcomp") for w in children):
            continue
        found.append((marker, {w.lemma.lower() for w in subjects}))
    return found


def _evaluative_verbs(pair: AlignedPair):
    for loaded, neutral in pair.both_ways():
        if neutral.markers_of("attribution_evaluative"):
            continue
        for verb, speaker in _reporting(loaded, "attribution_evaluative"):
            scope = lemmas(content_after(loaded, verb.end))
            for plain, plain_speaker in _reporting(neutral, "attribution_neutral"):
                same_speaker = speaker & plain_speaker or (speaker | plain_speaker) & _PRONOUNS
                if not same_speaker or len(scope & lemmas(content_after(neutral, plain.end))) < SHARED_SCOPE_WORDS:
                    continue
                ev_l = evidence(loaded, verb.start, verb.end)
                ev_n = evidence(neutral, plain.start, plain.end)
                reason = (
                    f"{pair.label(loaded)} reports it with “{ev_l.text}”, "
                    f"{pair.label(neutral)} with the neutral “{ev_n.text}”."
                )
                yield make_flag("attribution", "medium", reason, [ev_l, ev_n], cluster=pair.cluster)
                return
