"""Segment: split each source into sentences with character offsets, and sentences into claim units.

Sentence boundaries come from pysbd (rule-based, handles abbreviations such as Sir, Mr, Dr, U.S. and
quotes), run one paragraph at a time so that a headline line without a full stop stays a sentence of
its own. Furniture lines are skipped. Offsets are found by locating each sentence in the paragraph,
so ``source.text[s.start:s.end] == s.text`` holds whatever pysbd does with whitespace.

Claim units are the sentence itself plus its clauses: a sentence such as "Starmer wrote to
councillors after a string of resignations" carries two claims, and each clause may match another
outlet's sentence that reports only one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from xref.types import ClaimUnit, Sentence, Source

# A clause must be this long (in words) to stand as a claim of its own.
MIN_CLAUSE_WORDS = 4
# A clause covering most of its sentence adds nothing the sentence does not already say.
MAX_CLAUSE_SHARE = 0.8
# Boundaries between clauses: semicolons, dashes, ", and", ", with", and conjunctions that open a
# subordinate event. Bare commas are not boundaries: they mostly mark appositions and lists.
_CLAUSE_BREAK = re.compile(
    r"(?:;\s+|\s+[-–—]\s+"
    r"|,\s+(?=(?:and|with|but|as|while|when|saying|adding|prompting|accusing)\s)"
    r"|,?\s+(?=(?:after|following|amid|because|alongside)\s))",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")
# Terminal punctuation (optionally closed by quotes or brackets) followed by more text.
_INNER_BOUNDARY = re.compile(r"[.!?…][\"'”’)\]]*\s+\S")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def paragraphs(source: Source) -> Iterator[tuple[int, int]]:
    """Offsets of the non-empty lines of ``source`` that are not furniture."""
    removed = {line.start for line in source.removed_lines}
    start = 0
    for raw in source.text.split("\n"):
        end = start + len(raw)
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            if start + lead not in removed:
                yield start + lead, start + lead + len(stripped)
        start = end + 1


def split_sentences(source: Source) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for para_start, para_end in paragraphs(source):
        paragraph = source.text[para_start:para_end]
        cursor = 0
        # pysbd is slow (it compiles patterns per call); a paragraph with no possible inner boundary
        # is one sentence whatever it says.
        pieces = _segmenter().segment(paragraph) if _INNER_BOUNDARY.search(paragraph) else [paragraph]
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            found = paragraph.find(piece, cursor)
            if found < 0:  # pysbd altered the text; fall back to the rest of the paragraph
                found, piece = cursor, paragraph[cursor:].strip()
            start = para_start + found
            end = start + len(piece)
            cursor = found + len(piece)
            if _WORDS.search(piece):
                sentences.append(Sentence(source.id, len(sentences), start, end, source.text[start:end]))
    return tuple(sentences)


def claim_units(sentence: Sentence) -> tuple[ClaimUnit, ...]:
    """The sentence as a whole, then each clause long enough to carry a claim of its own."""
    units = [ClaimUnit(sentence, sentence.start, sentence.end, sentence.text)]
    pieces = []
    cursor = 0
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        if _inside_quotation(sentence.text, match.start()):
            continue
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, len(sentence.text)))
    if len(pieces) < 2:
        return tuple(units)
    # Merge short pieces into their neighbour so that every unit has enough words to mean something.
    merged: list[list[int]] = []
    for start, end in pieces:
        if merged and len(_WORDS.findall(sentence.text[merged[-1][0] : merged[-1][1]])) < MIN_CLAUSE_WORDS:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    if len(merged) > 1 and len(_WORDS.findall(sentence.text[merged[-1][0] : merged[-1][1]])) < MIN_CLAUSE_WORDS:
        merged[-2][1] = merged[-1][1]
        merged.pop()
    if len(merged) < 2:
        return tuple(units)
    for start, end in merged:
        text = sentence.text[start:end]
        stripped = text.strip(" \t.,;:")
        if len(stripped) > MAX_CLAUSE_SHARE * len(sentence.text):
            continue
        offset = start + text.find(stripped)
        units.append(ClaimUnit(sentence, sentence.start + offset, sentence.start + offset + len(stripped), stripped))
    return tuple(units)


def _inside_quotation(text: str, position: int) -> bool:
    """Whether ``position`` lies inside a quotation (clauses of a quote stay together)."""
    before = text[:position]
    straight = before.count('"')
    curly = sum(before.count(q) for q in "“") - sum(before.count(q) for q in "”")
    return straight % 2 == 1 or curly > 0
