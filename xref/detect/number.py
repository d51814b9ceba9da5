"""``number``: values for the same counted thing that cannot both be true ("1,400 people" / "1,300 people"), or
vague magnitudes of clearly different size ("a handful of" / "scores of")."""

from __future__ import annotations

from xref.claims import Anatomy
from xref.claims.numbers import Quantity, compatible
from xref.detect.base import AlignedPair, evidence, make_flag

# Numbers are compared only between sentences that clearly tell the same thing: counts of councillors in two
# different councils are both "councillors".
MIN_SIMILARITY = 0.6
SAME_SENTENCE_SHAPE = 0.75


def _context(anatomy: Anatomy, quantity: Quantity) -> set[str]:
    """The content words on either side of a bare number ("12 *killed*", "*kills* 14"): two bare numbers
    count the same thing only when they share one; "Lohan, 26," and "after a few days" do not."""
    content = [w for w in anatomy.words if w.pos in ("NOUN", "VERB", "ADJ") and w.lemma.lower() != quantity.unit]
    before = [w for w in content if w.end <= quantity.start]
    after = [w for w in content if w.start >= quantity.end]
    return {w.lemma.lower() for w in before[-1:] + after[:1]}


def detect(pair: AlignedPair):
    if not pair.aligned or pair.similarity < MIN_SIMILARITY:
        return
    qa_all, qb_all = pair.a.quantities, pair.b.quantities
    for qa in qa_all:
        for qb in qb_all:
            if qa.unit and qa.unit == qb.unit:
                # Several counts of one unit on a side ("22 councillors in Burnley and nine in Pendle"): no pairing.
                if sum(q.unit == qa.unit for q in qa_all) > 1 or sum(q.unit == qb.unit for q in qb_all) > 1:
                    continue
                # "needed nine points to ..." / "a record of 2,290 points": one unit, two different counts.
                if pair.similarity < SAME_SENTENCE_SHAPE and not _context(pair.a, qa) & _context(pair.b, qb):
                    continue
            elif not (
                len(qa_all) == len(qb_all) == 1
                and not qa.unit
                and not qb.unit
                and pair.similarity >= SAME_SENTENCE_SHAPE
                and _context(pair.a, qa) & _context(pair.b, qb)
            ):
                continue
            if compatible(qa, qb):
                continue
            ev_a, ev_b = evidence(pair.a, qa.start, qa.end), evidence(pair.b, qb.start, qb.end)
            severity = "medium" if qa.vague or qb.vague else "high"
            reason = (
                f"{pair.label(pair.a)} gives “{ev_a.text}” where {pair.label(pair.b)} gives “{ev_b.text}”; "
                f"the two cannot both be right."
            )
            yield make_flag("number", severity, reason, [ev_a, ev_b], cluster=pair.cluster)
