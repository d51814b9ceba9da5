"""``entity``: a name, title or expansion differs for the same person or body ("Dr Amar Latif" / "Amar Latif";
"BAME (black, Asian and minority ethnic)" / "BAME (black and minority ethnic)")."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from xref.claims import OFFICE_MODIFIERS, OFFICES, Entity
from xref.detect.base import AlignedPair, evidence, make_flag

MIN_SIMILARITY = 0.4
# Courtesy titles are house style, not information ("Sir Keir" / "Mr Starmer").
_COURTESY = frozenset(["mr", "mrs", "ms", "miss", "sir", "mx"])
_NAME_TOKEN = re.compile(r"[\w’'-]+")


def detect(pair: AlignedPair):
    if pair.similarity < MIN_SIMILARITY:
        return
    yield from _titles_and_names(pair)
    yield from _expansions(pair)


def _name_tokens(entity: Entity) -> list[str]:
    return [t for t in (m.group().lower() for m in _NAME_TOKEN.finditer(entity.text)) if t not in _COURTESY]


def _titles_and_names(pair: AlignedPair):
    people_b = [e for e in pair.b.entities if e.label == "PERSON"]
    for ea in (e for e in pair.a.entities if e.label == "PERSON"):
        na = _name_tokens(ea)
        for eb in people_b:
            nb = _name_tokens(eb)
            if not na or not nb or na[-1] != nb[-1]:
                continue  # people are matched on their surname
            if _different_names(ea, eb, na, nb):
                ev_a, ev_b = evidence(pair.a, ea.start, ea.end), evidence(pair.b, eb.start, eb.end)
                reason = f"{pair.label(pair.a)} names “{ev_a.text}”, {pair.label(pair.b)} “{ev_b.text}”."
                yield make_flag("entity", "medium", reason, [ev_a, ev_b], cluster=pair.cluster)
            elif (ea.title or "").lower().rstrip(".") != (eb.title or "").lower().rstrip("."):
                yield _title_flag(pair, ea, eb)
            elif ea.role and eb.role and set(ea.role) != set(eb.role):
                flag = _role_flag(pair, ea, eb)
                if flag is not None:
                    yield flag


def _different_names(ea: Entity, eb: Entity, na: list[str], nb: list[str]) -> bool:
    """Same surname, different given name ("Amna" / "Anna Abdullatif"). One name holding the other ("Comedian
    Ellen DeGeneres") is the same person, and spans with lower-case words are the tagger reading a headline."""
    if not (1 < len(na) <= 3 and 1 < len(nb) <= 3) or set(na) <= set(nb) or set(nb) <= set(na):
        return False
    if not all(word[:1].isupper() for word in (ea.text + " " + eb.text).split()):
        return False
    # "Kathryn" / "Katie", "Frederick" / "Fred": one person; "John" / "Katie Jenkin": two of one family.
    given_a, given_b = na[0], nb[0]
    return given_a[:3] == given_b[:3] or SequenceMatcher(None, given_a, given_b).ratio() >= 0.6


def _title_flag(pair: AlignedPair, ea: Entity, eb: Entity):
    def span(anatomy, entity):
        start = entity.title_start if entity.title_start is not None else entity.start
        return evidence(anatomy, start, entity.end)

    ev_a, ev_b = span(pair.a, ea), span(pair.b, eb)
    if ea.title and eb.title:
        reason = f"{pair.label(pair.a)} gives the title “{ea.title}”, {pair.label(pair.b)} “{eb.title}”."
        severity = "medium"
    else:
        first, second = pair.label(pair.a), pair.label(pair.b)
        titled, bare = (first, second) if ea.title else (second, first)
        title = ea.title or eb.title
        reason = f"{titled} gives the title “{title}”; {bare} does not."
        severity = "low"
    return make_flag("entity", severity, reason, [ev_a, ev_b], cluster=pair.cluster)




def _role_flag(pair: AlignedPair, ea: Entity, eb: Entity):
    """A flag when the two roles name different offices, or one drops a modifier that changes the office;
    "Labour leader" / "leader" is the same office told shorter and stays silent."""
    ra, rb = set(ea.role), set(eb.role)
    changed = (ra ^ rb) & OFFICE_MODIFIERS
    # Descriptions vary freely ("comedian" / "television icon", "family spokesman" / "publicist"): only a
    # different office ("Labour leader" / "Prime Minister") or a changed office modifier is a difference.
    different_office = ea.role[-1] != eb.role[-1] and ea.role[-1] in OFFICES and eb.role[-1] in OFFICES
    if not changed and not different_office:
        return None
    ev_a = evidence(pair.a, ea.role_start, ea.role_end)
    ev_b = evidence(pair.b, eb.role_start, eb.role_end)
    reason = (
        f"{pair.label(pair.a)} calls {ea.text} “{ev_a.text}”, {pair.label(pair.b)} calls {eb.text} “{ev_b.text}”."
    )
    return make_flag("entity", "medium", reason, [ev_a, ev_b], cluster=pair.cluster)


def _normalised(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _expansions(pair: AlignedPair):
    for xa in pair.a.expansions:
        for xb in pair.b.expansions:
            if xa.acronym != xb.acronym or _normalised(xa.text) == _normalised(xb.text):
                continue
            ev_a, ev_b = evidence(pair.a, xa.start, xa.end), evidence(pair.b, xb.start, xb.end)
            reason = (
                f"{pair.label(pair.a)} expands {xa.acronym} as “{ev_a.text}”, "
                f"{pair.label(pair.b)} as “{ev_b.text}”."
            )
            yield make_flag("entity", "medium", reason, [ev_a, ev_b], cluster=pair.cluster)
