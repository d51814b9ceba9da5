"""What every detector shares: the aligned pair it looks at, flag construction with stable ids, and evidence."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from xref.claims import Anatomy, Word
from xref.types import Evidence, Flag, Sentence

SEVERITIES = ("low", "medium", "high")
# Sentence cosine above which two members of one claim cluster are read as telling the same thing. Detectors add
# their own anchor (shared quotation, shared counted noun, the words a hedge governs) on top of it.
ALIGNED_COSINE = 0.5
# Content words the two sentences must share besides that: the cosine alone lets through sentences that merely
# sound alike ("the meeting is said to ..." / "she said she had attended ...").
ALIGNED_SHARED_WORDS = 3
# Words too common in reporting to count as shared content.
_REPORTING_LEMMAS = frozenset(["say", "tell", "add", "be", "have", "do", "make", "take", "come", "go", "get"])


@dataclass(frozen=True)
class AlignedPair:
    """Two members of one claim cluster from different sources, ordered by source id so each pair is seen once."""

    a: Anatomy
    b: Anatomy
    similarity: float  # cosine of the two sentences' embeddings
    cluster: str
    labels: dict[str, str]  # source id → label, for reasons a reviewer can read
    source_texts: dict[str, str]  # source id → its whole text, lower-cased (is a word used anywhere in it?)

    def label(self, anatomy: Anatomy) -> str:
        return self.labels.get(anatomy.source, anatomy.source)

    def shared_content(self, *, outside_quotes: bool = False) -> set[str]:
        return (
            self.a.content_lemmas(outside_quotes=outside_quotes) & self.b.content_lemmas(outside_quotes=outside_quotes)
        ) - _REPORTING_LEMMAS

    @property
    def aligned(self) -> bool:
        return self.similarity >= ALIGNED_COSINE and len(self.shared_content()) >= ALIGNED_SHARED_WORDS

    def both_ways(self) -> tuple[tuple[Anatomy, Anatomy], tuple[Anatomy, Anatomy]]:
        return (self.a, self.b), (self.b, self.a)


def evidence(anatomy: Anatomy, start: int, end: int) -> Evidence:
    """Evidence for the span [start, end) of the anatomy's source text."""
    return sentence_span(anatomy.sentence, start, end)


def sentence_span(sentence: Sentence, start: int, end: int) -> Evidence:
    """Evidence for the span [start, end) of the source text, which lies inside ``sentence``."""
    text = sentence.text[start - sentence.start : end - sentence.start]
    return Evidence(sentence.source, sentence.id, start, end, text)




def make_flag(
    flag_type: str,
    severity: str,
    reason: str,
    items: list[Evidence] | tuple[Evidence, ...],
    *,
    cluster: str | None = None,
    missing_source: str | None = None,
) -> Flag:
    """A flag whose id hashes type, sources and evidence texts (not offsets: a re-run on the same text with one
    more sentence elsewhere keeps the id)."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    items = tuple(items)
    parts = [flag_type, *sorted({e.source for e in items}), *(sorted(f"{e.source}\x1e{e.text}" for e in items))]
    if missing_source is not None:
        parts.append(f"missing\x1e{missing_source}")
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
    return Flag(f"f{digest}", flag_type, severity, reason, items, cluster, missing_source)



def content_after(anatomy: Anatomy, position: int, *, limit: int = 12) -> list[Word]:
    """Content words after ``position`` (the scope a hedge, qualifier or reporting verb governs), up to ``limit``."""
    found = [
        w
        for w in anatomy.words
        if w.start >= position and w.pos in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and w.lemma.lower() not in
        _REPORTING_LEMMAS
    ]
    return found[:limit]


def lemmas(words: list[Word]) -> set[str]:
    return {w.lemma.lower() for w in words}
