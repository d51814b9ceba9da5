"""``participants``: different people or bodies named as doing the same thing ("Sue Gray and David Lammy held
talks" / "David Lammy and Sir Keir Starmer met council leaders")."""

from __future__ import annotations

import re

from xref.claims import Anatomy, Entity
from xref.detect.base import AlignedPair, evidence, make_flag

MIN_SIMILARITY = 0.5
_COURTESY = frozenset(["mr", "mrs", "ms", "miss", "sir", "mx"])


def _doers(anatomy: Anatomy) -> list[Entity]:
    return [e for e in anatomy.entities if e.in_subject and not e.in_quote and e.label in ("PERSON", "ORG")]


def _tokens(entity: Entity) -> set[str]:
    return {t for t in re.findall(r"\w+", entity.text.lower()) if t not in _COURTESY}


def _same(x: Entity, y: Entity) -> bool:
    return bool(_tokens(x) & _tokens(y))


def detect(pair: AlignedPair):
    if not pair.aligned or pair.similarity < MIN_SIMILARITY:
        return
    da, db = _doers(pair.a), _doers(pair.b)
    if not da or not db:
        return
    only_a = [x for x in da if not any(_same(x, y) for y in db)]
    only_b = [y for y in db if not any(_same(y, x) for x in da)]
    if not only_a and not only_b:
        return
    if not any(_same(x, y) for x in da for y in db):
        return  # no one in common: as likely two different events as one told with other names
    severity = "medium" if only_a and only_b else "low"
    ev = [evidence(pair.a, e.start, e.end) for e in only_a] + [evidence(pair.b, e.start, e.end) for e in only_b]
    names_a = ", ".join(e.text for e in only_a) or "nobody else"
    names_b = ", ".join(e.text for e in only_b) or "nobody else"
    reason = (
        f"Who did it differs: {pair.label(pair.a)} also names {names_a}; {pair.label(pair.b)} also names {names_b}."
    )
    yield make_flag("participants", severity, reason, ev, cluster=pair.cluster)
