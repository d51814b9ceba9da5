"""``quote``: the words inside quotation marks differ for what is the same quotation (any word, tense included)."""

from __future__ import annotations

from difflib import SequenceMatcher

from xref.claims import Anatomy, Quote, Word
from xref.detect.base import AlignedPair, evidence, make_flag

# Share of the shorter quotation's words that must match (by lemma) for two quotations to be the same one.
SAME_QUOTATION = 0.7
# A short quotation ("Israel has the right") recurs in different statements; below this many words the two
# sentences must also be close.
SHORT_QUOTATION = 6
SHORT_QUOTATION_SIMILARITY = 0.55
_NEGATIONS = frozenset(["not", "no", "never", "n't", "nothing", "none", "nobody", "without"])


def quote_words(anatomy: Anatomy, quote: Quote) -> list[Word]:
    """The quotation's words without punctuation or editorial insertions in square brackets ("[Sir Keir]")."""
    words, bracket = [], 0
    for word in anatomy.words:
        if not any(start <= word.start and word.end <= end for start, end in quote.spans):
            continue
        bracket += word.text.count("[") - word.text.count("]")
        if word.pos == "PUNCT" or word.text in "[]" or bracket > 0 or word.text.startswith("["):
            continue
        words.append(word)
    return words


def _lemma(word: Word) -> str:
    return word.lemma.lower().replace("’", "'")


def _surface(word: Word) -> str:
    return word.text.lower().replace("’", "'")


def same_quotation(a: list[Word], b: list[Word]) -> SequenceMatcher | None:
    """The word alignment of two quotations when they are the same one (matched by lemma), else None."""
    if min(len(a), len(b)) < 2:
        return None
    matcher = SequenceMatcher(None, [_lemma(w) for w in a], [_lemma(w) for w in b], autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if matched < 2 or matched < SAME_QUOTATION * min(len(a), len(b)):
        return None
    return matcher


def detect(pair: AlignedPair):
    for qa in pair.a.quotes:
        wa = quote_words(pair.a, qa)
        for qb in pair.b.quotes:
            wb = quote_words(pair.b, qb)
            matcher = same_quotation(wa, wb)
            if matcher is None:
                continue
            if min(len(wa), len(wb)) < SHORT_QUOTATION and pair.similarity < SHORT_QUOTATION_SIMILARITY:
                continue
            flag = _difference(pair, wa, wb, matcher)
            if flag is not None:
                yield flag


def _difference(pair: AlignedPair, wa: list[Word], wb: list[Word], matcher: SequenceMatcher):
    # Compare surface forms inside the lemma alignment: "had" / "has" share a lemma but are a different word.
    ops = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.extend(("equal", i, i + 1, j, j + 1) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                       if _surface(wa[i]) == _surface(wb[j]))
            ops.extend(("replace", i, i + 1, j, j + 1) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                       if _surface(wa[i]) != _surface(wb[j]))
        else:
            ops.append((tag, i1, i2, j1, j2))
    ops.sort(key=lambda op: (op[1], op[3]))
    # A quotation that starts or ends earlier than the other is a shorter excerpt, not a different wording.
    while ops and ops[0][0] in ("insert", "delete"):
        ops.pop(0)
    while ops and ops[-1][0] in ("insert", "delete"):
        ops.pop()
    differing = [op for op in ops if op[0] != "equal"]
    if not differing:
        return None
    # Only names added or dropped ("Putin" / "Vladimir Putin"): an editor's expansion, not a different wording.
    if all(tag in ("insert", "delete") for tag, *_ in differing) and all(
        w.pos == "PROPN" for _, i1, i2, j1, j2 in differing for w in wa[i1:i2] + wb[j1:j2]
    ):
        return None
    i1, i2 = min(op[1] for op in differing), max(op[2] for op in differing)
    j1, j2 = min(op[3] for op in differing), max(op[4] for op in differing)
    # An inserted word has nothing on the other side; show the neighbouring words there instead.
    span_a = wa[i1:i2] if i2 > i1 else wa[max(i1 - 1, 0) : i1 + 1]
    span_b = wb[j1:j2] if j2 > j1 else wb[max(j1 - 1, 0) : j1 + 1]
    ev_a = evidence(pair.a, span_a[0].start, span_a[-1].end)
    ev_b = evidence(pair.b, span_b[0].start, span_b[-1].end)
    changed = {_surface(w) for w in wa[i1:i2]} ^ {_surface(w) for w in wb[j1:j2]}
    severity = "high" if changed & _NEGATIONS or any(w.pos == "NUM" for w in wa[i1:i2] + wb[j1:j2]) else "medium"
    reason = (
        f"The same quotation reads “{ev_a.text}” in {pair.label(pair.a)} "
        f"but “{ev_b.text}” in {pair.label(pair.b)}."
    )
    return make_flag("quote", severity, reason, [ev_a, ev_b], cluster=pair.cluster)
