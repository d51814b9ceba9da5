"""``qualifier``: a qualifier dropped or added ("effectively endorsing a war crime" vs "endorsing war crimes")."""

from __future__ import annotations

from xref.claims import Anatomy, Marker, Word
from xref.detect.base import AlignedPair, evidence, make_flag

MIN_SIMILARITY = 0.45
# The qualified word follows the qualifier at once, or after one determiner or adverb ("effectively a ban").
MAX_GAP = 1
# "that sort of attack", "this kind of thing": a determiner before it makes the downtoner a noun phrase.
_DETERMINERS = frozenset(["that", "this", "the", "a", "any", "some", "what", "which", "every", "same"])


def _qualified_word(anatomy: Anatomy, marker: Marker) -> Word | None:
    if marker.first > 0 and anatomy.words[marker.first - 1].text.lower() in _DETERMINERS:
        return None
    for offset, word in enumerate(anatomy.words[marker.last : marker.last + MAX_GAP + 1]):
        if word.pos in ("NOUN", "PROPN", "VERB", "ADJ", "NUM"):
            return word
        if word.pos not in ("DET", "ADV") or offset == MAX_GAP:
            return None
    return None


def detect(pair: AlignedPair):
    if pair.similarity < MIN_SIMILARITY:
        return
    for qualified, plain in pair.both_ways():
        plain_entries = {m.entry for m in plain.markers_of("qualifier", "booster", outside_quotes=False)}
        for marker in qualified.markers_of("qualifier", "booster", outside_quotes=False):
            if marker.entry in plain_entries:
                continue
            head = _qualified_word(qualified, marker)
            if head is None:
                continue
            # The qualified word must be in the other sentence too (inside quotation marks if it is quoted here):
            # then it tells the same thing without the qualifier.
            match = next(
                (
                    w
                    for w in plain.words
                    if w.lemma.lower() == head.lemma.lower() and w.pos == head.pos and w.in_quote == head.in_quote
                ),
                None,
            )
            if match is None:
                continue
            ev_q = evidence(qualified, marker.start, head.end)
            ev_p = evidence(plain, match.start, match.end)
            severity = "medium" if marker.category == "qualifier" else "low"
            reason = (
                f"{pair.label(qualified)} qualifies it as “{ev_q.text}”; "
                f"{pair.label(plain)} has “{ev_p.text}” without “{marker.text}”."
            )
            yield make_flag("qualifier", severity, reason, [ev_q, ev_p], cluster=pair.cluster)
