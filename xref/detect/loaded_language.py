"""``loaded_language``: one source uses an evaluative label that the aligned sentence of another lacks.

Presence alone is never flagged, only the difference; words inside quotation marks belong to the speaker, not the
outlet, and a label the other outlet uses elsewhere in its article is not a difference of framing.
"""

from __future__ import annotations

from xref.detect.base import AlignedPair, evidence, make_flag

MIN_SIMILARITY = 0.6


def _used_in(article: str, words: list[str]) -> bool:
    """Whether the article uses the label or a word of its family ("terror" / "terrorist")."""
    stem = words[0][: max(5, len(words[0]) - 3)]
    return " ".join(words) in article or stem in article


def detect(pair: AlignedPair):
    if not pair.aligned or pair.similarity < MIN_SIMILARITY:
        return
    for labelled, plain in pair.both_ways():
        if plain.markers_of("loaded"):
            continue  # both use evaluative words ("ill" / "sick", "deadly" / "violent"): a choice of synonyms
        plain_forms = {form for word in plain.words for form in word.forms}
        plain_article = pair.source_texts.get(plain.source, "")
        for marker in labelled.markers_of("loaded"):
            word = labelled.words[marker.first]
            if marker.first > 0 and word.text[:1].isupper():
                continue  # capitalised inside a sentence: a name or a headline's title case, not a label
            words = marker.entry.split()
            if all(w in plain_forms for w in words) or _used_in(plain_article, words):
                continue
            ev_l = evidence(labelled, marker.start, marker.end)
            reason = (
                f"{pair.label(labelled)} uses the label “{ev_l.text}”; "
                f"{pair.label(plain)} tells the same claim without it."
            )
            # The other side has no words to point at: the label is what differs, and the reason names the source.
            yield make_flag("loaded_language", "low", reason, [ev_l], cluster=pair.cluster)
