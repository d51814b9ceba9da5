"""``hedging``: one source hedges what another asserts ("appeared to say" / "seemingly suggesting" vs "said")."""

from __future__ import annotations

from xref.claims import Anatomy, Marker
from xref.detect.base import AlignedPair, content_after, evidence, lemmas, make_flag

MIN_SIMILARITY = 0.55
# Content words the hedge's scope and the assertion's scope must share: both report the same statement.
SHARED_SCOPE_WORDS = 3
# Verbs that report speech: the asserted side must report the statement with one of these.
SPEECH_VERBS = frozenset(["say", "tell", "state", "add", "announce", "declare", "explain", "insist", "claim"])


def _reports_content(anatomy: Anatomy, verb: Marker) -> bool:
    """The verb introduces what was said: a clause or a quotation follows it."""
    word = anatomy.words[verb.first]
    governed = [w for w in anatomy.words if w.head == verb.first and w is not word]
    return any(w.dep in ("ccomp", "xcomp", "dobj") for w in governed) or any(
        q.start >= word.end for q in anatomy.quotes
    )


def detect(pair: AlignedPair):
    if pair.similarity < MIN_SIMILARITY:
        return
    for hedged, asserted in pair.both_ways():
        hedges = hedged.markers_of("hedge")
        if not hedges or asserted.markers_of("hedge"):
            continue
        verbs = [
            v
            for v in asserted.markers_of("attribution_neutral", "attribution_evaluative")
            if asserted.words[v.first].lemma.lower() in SPEECH_VERBS and _reports_content(asserted, v)
        ]
        found = _first_match(hedged, asserted, hedges, verbs)
        if found is None:
            continue
        hedge, verb = found
        ev_h = evidence(hedged, hedge.start, hedge.end)
        ev_a = evidence(asserted, verb.start, verb.end)
        reason = (
            f"{pair.label(hedged)} hedges the report (“{ev_h.text}”) "
            f"where {pair.label(asserted)} states it (“{ev_a.text}”)."
        )
        yield make_flag("hedging", "medium", reason, [ev_h, ev_a], cluster=pair.cluster)


def _first_match(hedged: Anatomy, asserted: Anatomy, hedges: list[Marker], verbs: list[Marker]):
    for hedge in hedges:
        scope = lemmas(content_after(hedged, hedge.end, limit=10))
        for verb in verbs:
            if len(scope & lemmas(content_after(asserted, verb.end, limit=10))) >= SHARED_SCOPE_WORDS:
                return hedge, verb
    return None
