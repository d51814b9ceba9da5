"""Framing word lists (hedges, qualifiers, attribution verbs, loaded labels) and lemma matching over tokens.

The lists ship in ``xref/data/lexicons`` with their licences; ``xref/data/lexicons/README.md`` says where each came
from and what it measured on BASIL. Which list feeds which category, and which entries are left out, is decided here
so the files stay verbatim copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# High-frequency modals, approximators and non-epistemic words of the Hyland list: on BASIL they carry no signal as
# hedges (they hit 5-13% of sentences each), and approximators belong to the number detector.
_HYLAND_DROPPED = frozenset(
    """about almost approximately around could couldn't may might would should ought often frequently generally
    usually typically typical mainly mostly largely sometimes relatively fairly quite rather feel felt feels claim
    claimed claims argue argues argued estimate estimated likely unlikely possible probable doubt broadly roughly
    certain essentially""".split()
) | frozenset(
    ["certain amount", "certain extent", "certain level", "in general", "on the whole", "in most cases",
     "in most instances", "tend to", "tends to", "tended to"]
)
# Hearsay markers that are routine neutral attribution rather than distance ("according to": 1.8% of sentences).
_HEARSAY_DROPPED = frozenset(["according to"])
# Qualifiers that distance the reporter from the claim are hedges; the rest recast the claim.
_QUALIFIERS_THAT_HEDGE = frozenset(["seemingly", "apparently", "ostensibly", "arguably"])
# Reporting verbs that present a claim as a possibility rather than a statement ("appeared to say", "suggesting").
HEDGED_REPORTING = frozenset(["appear", "seem", "suggest", "imply", "hint", "indicate", "insinuate"])

CATEGORIES = (
    "hedge",
    "qualifier",
    "booster",
    "attribution_evaluative",
    "attribution_neutral",
    "reporting",
    "loaded",
)


def read_list(name: str) -> tuple[str, ...]:
    """One lexicon file's entries, lower case, comments skipped."""
    text = resources.files("xref.data").joinpath("lexicons").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.strip().lower().replace("’", "'") for line in text.splitlines())
    return tuple(dict.fromkeys(e for e in entries if e and not e.startswith("#")))


@lru_cache(maxsize=1)
def lexicons() -> dict[str, frozenset[str]]:
    """Category name → entries (single words or space-separated sequences)."""
    qualifiers = set(read_list("qualifiers_framing"))
    hedges = (
        {e for e in read_list("hedges_hyland2005") if e not in _HYLAND_DROPPED}
        | {e for e in read_list("evidentials_hearsay") if e not in _HEARSAY_DROPPED}
        | (qualifiers & _QUALIFIERS_THAT_HEDGE)
        | HEDGED_REPORTING
    )
    excluded = set(read_list("loaded_exclusions"))
    loaded = (
        set(read_list("loaded_vader_neg2"))
        | set(read_list("subjective_adjectives_pattern_0.9"))
        | set(read_list("loaded_labels_news"))
    ) - excluded
    neutral = set(read_list("attribution_verbs_neutral"))
    evaluative = set(read_list("attribution_verbs_evaluative")) - neutral
    return {
        "hedge": frozenset(hedges),
        "qualifier": frozenset((qualifiers - _QUALIFIERS_THAT_HEDGE) | set(read_list("downtoners_vader"))),
        "booster": frozenset(read_list("boosters_certainty")),
        "attribution_evaluative": frozenset(evaluative),
        "attribution_neutral": frozenset(neutral),
        "reporting": frozenset(set(read_list("report_verbs_recasens2013")) | neutral | evaluative),
        "loaded": frozenset(loaded),
        "loaded_excluded": frozenset(excluded),
    }


@dataclass(frozen=True)
class LexiconHit:
    category: str
    entry: str
    first: int  # token indices, inclusive first, exclusive last
    last: int


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """First word → [(category, entry, entry words)], longest entries first so "in effect" wins over "in"."""
    index: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for category, entries in lexicons().items():
        if category not in CATEGORIES:
            continue
        for entry in entries:
            # Entry words in inflected form ("is said to") match any form of the same verb ("was said to").
            words = tuple(_ENTRY_LEMMAS.get(word, word) for word in entry.split())
            index.setdefault(words[0], []).append((category, entry, words))
    for options in index.values():
        options.sort(key=lambda option: (-len(option[2]), option[1]))
    return index


def match(forms: Sequence[frozenset[str]]) -> list[LexiconHit]:
    """Lexicon hits over a token sequence, each token given as its set of forms (lower-cased surface and lemma).

    A token matches an entry word when the entry word is one of its forms, so "claimed" matches "claim" and
    "was said to" matches "is said to" (the lemma of "was" is "be", as is the lemma of "is").
    """
    index = _index()
    hits = []
    for i, token_forms in enumerate(forms):
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for form in sorted(token_forms):
            for category, entry, words in index.get(form, ()):
                last = i + len(words)
                if last > len(forms) or (category, words) in seen:
                    continue
                if all(words[k] in forms[i + k] for k in range(1, len(words))):
                    seen.add((category, words))
                    hits.append(LexiconHit(category, entry, i, last))
    return hits


_ENTRY_LEMMAS = {"is": "be", "are": "be", "was": "be", "were": "be", "has": "have", "said": "say", "says": "say"}
