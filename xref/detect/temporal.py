"""``temporal``: incompatible times for the same event ("on Monday" / "on Wednesday")."""

from __future__ import annotations

from xref.claims.times import conflict
from xref.detect.base import AlignedPair, evidence, make_flag

MIN_SIMILARITY = 0.55


def detect(pair: AlignedPair):
    # One time expression a side: with two, which event each dates is a parsing question this does not answer.
    if not pair.aligned or pair.similarity < MIN_SIMILARITY or len(pair.a.times) != 1 or len(pair.b.times) != 1:
        return
    ta, tb = pair.a.times[0], pair.b.times[0]
    if conflict(ta, tb):
        ev_a, ev_b = evidence(pair.a, ta.start, ta.end), evidence(pair.b, tb.start, tb.end)
        reason = f"{pair.label(pair.a)} dates it “{ev_a.text}”, {pair.label(pair.b)} “{ev_b.text}”."
        yield make_flag("temporal", "medium", reason, [ev_a, ev_b], cluster=pair.cluster)
