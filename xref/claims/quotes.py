"""Quotation spans in a sentence: straight and curly marks, mismatched pairs, quotes left open by the sentence.

Pairing follows the marks themselves rather than a parser: news text mixes “curly” and "straight" marks, closes a
curly opening with a straight mark, and runs one quotation over several sentences, so a sentence may hold only the
start or only the end of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_DOUBLE_EITHER = '"'
# A single mark opens a quote only at a word start and closes only at a word end, so apostrophes
# ("Keir's", "Hamas’s", "’70s") never pair up.
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))['‘](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])['’](?=[\s.,;:!?)\]—–-]|$)")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True)
class Quotation:
    """Quoted words: ``start``/``end`` include the marks, ``inner_start``/``inner_end`` only the words."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    text: str  # the words inside the marks
    words: int

    @property
    def is_scare_quote(self) -> bool:
        # One or two quoted words are usually a label the outlet distances itself from, not a statement.
        return self.words <= 2


def find_quotations(text: str) -> list[Quotation]:
    """Quotations in ``text``, offsets relative to it, in order; nested single quotes inside double ones are kept
    only as part of the outer quotation."""
    spans = _double_quoted(text)
    inside = [(s, e) for s, e, _, _ in spans]
    for start, end, inner_start, inner_end in _single_quoted(text):
        if not any(s <= start and end <= e for s, e in inside):
            spans.append((start, end, inner_start, inner_end))
    quotations = []
    for start, end, inner_start, inner_end in sorted(spans):
        inner = text[inner_start:inner_end]
        stripped_start = inner_start + (len(inner) - len(inner.lstrip()))
        stripped_end = inner_end - (len(inner) - len(inner.rstrip()))
        if stripped_end <= stripped_start:
            continue
        words = len(_WORD.findall(text[stripped_start:stripped_end]))
        if words:
            quotations.append(
                Quotation(start, end, stripped_start, stripped_end, text[stripped_start:stripped_end], words)
            )
    return quotations


def _double_quoted(text: str) -> list[tuple[int, int, int, int]]:
    spans = []
    open_at: int | None = None
    first_mark = True
    for i, char in enumerate(text):
        if char in _DOUBLE_OPEN:
            role = "open"
        elif char in _DOUBLE_CLOSE:
            role = "close"
        elif char == _DOUBLE_EITHER:
            role = "close" if open_at is not None else "open"
        else:
            continue
        if role == "open" and open_at is None:
            open_at = i
        elif role == "close" and open_at is not None:
            spans.append((open_at, i + 1, open_at + 1, i))
            open_at = None
        elif role == "close" and first_mark:
            # The sentence continues a quotation opened in an earlier sentence.
            spans.append((0, i + 1, 0, i))
        first_mark = False
    if open_at is not None:  # the quotation runs on into the next sentence
        spans.append((open_at, len(text), open_at + 1, len(text)))
    return spans


def _single_quoted(text: str) -> list[tuple[int, int, int, int]]:
    spans = []
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    position = 0
    for opening in _SINGLE_OPEN.finditer(text):
        if opening.start() < position:
            continue
        close = next((c for c in closes if c > opening.start() + 1), None)
        if close is None:
            break
        spans.append((opening.start(), close + 1, opening.start() + 1, close))
        position = close + 1
    return spans
