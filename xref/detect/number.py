"""``number``: values for the same counted thing that cannot both be true ("1,400 people" / "1,300 people"), or
vague magnitudes of clearly different size ("a handful of" / "scores of")."""

from __future__ import annotations

from xref.claims.numbers import compatible
from xref.detect.base import AlignedPair, evidence, make_flag

# Numbers are compared only between sentences that clearly tell the same thing: counts of councillors in two
# different councils are both "councillors".
MIN_SIMILARITY = 0.6
SAME_SENTENCE_SHAPE = 0.75


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
            elif not (len(qa_all) == len(qb_all) == 1 and pair.similarity >= SAME_SENTENCE_SHAPE and not
                      (qa.unit and qb.unit)):
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
