"""``hedging``: one source hedges what another asserts ("appeared to say" / "seemingly suggesting" vs "said")."""

from __future__ import annotations

from xref.claims import Anatomy, Marker
from xref.claims.lexicon import read_list
from xref.detect.base import AlignedPair, content_after, evidence, lemmas, make_flag

MIN_SIMILARITY = 0.55
# Content words the hedge's scope and the assertion's scope must share: both report the same statement.
SHARED_SCOPE_WORDS = 3
# Verbs that report speech: the asserted side must report the statement with one of these.
SPEECH_VERBS = frozenset(["say", "tell", "state", "add", "announce", "declare", "explain", "insist", "claim"])
# Hearsay markers put a fact at one remove ("is said to", "reportedly"); the rest of the hedges need a report.
# "alleged" before a charge is standard legal usage, not distance.
HEARSAY = (frozenset(read_list("evidentials_hearsay")) | frozenset(["seemingly", "apparently"])) - {"alleged"}


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
        found = _first_match(hedged, asserted, hedges, verbs) or _hearsay_match(hedged, asserted, hedges)
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


def _hearsay_match(hedged: Anatomy, asserted: Anatomy, hedges: list[Marker]):
    """A fact told as hearsay on one side ("Labour is said to be losing voters", "reportedly") and plainly on
    the other ("Labour is losing voters"): the hedged verb itself and two more scope words recur."""
    for hedge in hedges:
        if hedge.entry not in HEARSAY:
            continue
        scope = content_after(hedged, hedge.end, limit=6)
        verbs = [w for w in scope if w.pos == "VERB"]
        if not verbs:
            continue
        match = next((w for w in asserted.words if w.lemma.lower() == verbs[0].lemma.lower()), None)
        if match is not None and len(lemmas(scope) & asserted.content_lemmas()) >= SHARED_SCOPE_WORDS:
            return hedge, Marker("asserted", match.lemma, match.start, match.end, match.text, 0, 0, False)
    return None


def _first_match(hedged: Anatomy, asserted: Anatomy, hedges: list[Marker], verbs: list[Marker]):
    for hedge in hedges:
        scope = lemmas(content_after(hedged, hedge.end, limit=10))
        for verb in verbs:
            if len(scope & lemmas(content_after(asserted, verb.end, limit=10))) >= SHARED_SCOPE_WORDS:
                return hedge, verb
    return None
