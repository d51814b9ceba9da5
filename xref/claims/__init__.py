"""Claim anatomy: the parts of a sentence that divergence detectors compare, each with offsets into the source text.

``analyse`` runs the language pipeline (tokens, lemmas, parts of speech, dependencies, named entities) once over the
sentences it is given and adds what rules find better: quotations, quantities, time expressions, lexicon markers
(hedges, qualifiers, attribution verbs, loaded labels), titles and parenthetical expansions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from xref.types import Sentence

if TYPE_CHECKING:  # submodules import lazily, so each can be imported (and tested) on its own
    from xref.claims.numbers import Quantity
    from xref.claims.times import TimeExpression

# Professional and official titles: a difference in them says something about the person. Courtesy titles
# ("Mr", "Sir", "Ms") are left out: outlets differ in them by house style ("Sir Keir" / "Mr Starmer").
TITLES = frozenset(
    """dr doctor prof professor lord lady baroness baron dame rev reverend judge justice gen general col colonel
    capt captain sheikh rabbi imam bishop archbishop cardinal councillor cllr""".split()
)
ENTITY_LABELS = frozenset(["PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT"])
_EXPANSION = re.compile(r"\b([A-Z][A-Za-z]*[A-Z])\s*\(([^()]{3,80})\)")
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    dep: str
    head: int  # index of the syntactic head within the sentence's words
    in_quote: bool

    @property
    def forms(self) -> frozenset[str]:
        return frozenset([self.text.lower().replace("’", "'"), self.lemma.lower()])


@dataclass(frozen=True)
class Marker:
    """A lexicon hit; ``first``/``last`` are word indices (last exclusive)."""

    category: str
    entry: str
    start: int
    end: int
    text: str
    first: int
    last: int
    in_quote: bool


@dataclass(frozen=True)
class Quote:
    start: int  # the quoted words, without the marks
    end: int
    text: str
    words: int
    speaker: str | None  # the subject of the reporting verb that introduces the quotation
    speaker_start: int | None
    speaker_end: int | None
    speaker_named: bool = False  # the speaker is a name ("Sue Gray"), not a description or a pronoun
    # A quotation split by its attribution (“We will,” he said, “fight on.”) is also given whole: its parts.
    parts: tuple[tuple[int, int], ...] = ()

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return self.parts or ((self.start, self.end),)

    @property
    def is_scare_quote(self) -> bool:
        return self.words <= 2


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str  # without a leading title
    label: str
    title: str | None
    title_start: int | None
    title_end: int | None
    in_subject: bool  # part of the subject of the sentence's main verbs (who does the thing)
    in_quote: bool
    # A short role given with the name: "shadow foreign secretary David Lammy", "David Lammy, the foreign
    # secretary"; lemmas of its words without determiners, and its span.
    role: tuple[str, ...] = ()
    role_start: int | None = None
    role_end: int | None = None


@dataclass(frozen=True)
class Expansion:
    """An acronym and the parenthetical that spells it out: "BAME (black, Asian and minority ethnic)"."""

    acronym: str
    start: int  # the words inside the brackets
    end: int
    text: str


@dataclass(frozen=True)
class Anatomy:
    sentence: Sentence
    words: tuple[Word, ...]
    quotes: tuple[Quote, ...]
    quantities: tuple[Quantity, ...]
    times: tuple[TimeExpression, ...]
    markers: tuple[Marker, ...]
    entities: tuple[Entity, ...]
    expansions: tuple[Expansion, ...]

    @property
    def source(self) -> str:
        return self.sentence.source

    def content_lemmas(self, *, outside_quotes: bool = False) -> set[str]:
        return {
            w.lemma.lower()
            for w in self.words
            if w.pos in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and not (outside_quotes and w.in_quote)
        }

    def markers_of(self, *categories: str, outside_quotes: bool = True) -> list[Marker]:
        return [m for m in self.markers if m.category in categories and not (outside_quotes and m.in_quote)]


def analyse(sentences: Iterable[Sentence], published: Mapping[str, date | None] | None = None) -> dict[str, Anatomy]:
    """Anatomy of each sentence, keyed by sentence id; ``published`` maps source ids to publication dates."""
    from xref.claims.nlp import load_pipeline

    sentences = list(sentences)
    published = published or {}
    nlp = load_pipeline()
    docs = nlp.pipe((s.text for s in sentences), batch_size=64)
    return {s.id: _anatomy(s, doc, published.get(s.source)) for s, doc in zip(sentences, docs, strict=True)}


def _anatomy(sentence: Sentence, doc, published: date | None) -> Anatomy:
    from xref.claims.numbers import find_quantities
    from xref.claims.quotes import find_quotations
    from xref.claims.times import find_times

    base = sentence.start
    text = sentence.text
    quotations = find_quotations(text)

    def quoted(position: int) -> bool:
        return any(q.inner_start <= position < q.inner_end for q in quotations)

    words = tuple(
        Word(
            base + t.idx,
            base + t.idx + len(t.text),
            t.text,
            t.lemma_,
            t.pos_,
            t.dep_,
            t.head.i,
            quoted(t.idx),
        )
        for t in doc
    )
    markers = _markers(words, doc, base)
    subject_tokens = _subject_tokens(doc)
    entities = tuple(_entities(doc, base, subject_tokens, quoted))
    quotes = _with_rejoined(tuple(_attributed(q, doc, base, quoted) for q in quotations), sentence)
    quantities = tuple(
        _shifted(q, base) for q in find_quantities(text) if not _inside_entity(q.start, q.end, doc)
    )
    times = tuple(_shifted(t, base) for t in find_times(text, published))
    expansions = tuple(
        Expansion(m.group(1), base + m.start(2), base + m.end(2), m.group(2)) for m in _EXPANSION.finditer(text)
    )
    return Anatomy(sentence, words, quotes, quantities, times, markers, entities, expansions)


def _shifted(item, base: int):
    return replace(item, start=item.start + base, end=item.end + base)


def _inside_entity(start: int, end: int, doc) -> bool:
    # Numbers that are part of a name ("G7 summit", "Route 66") are not quantities.
    return any(e.start_char <= start and end <= e.end_char and e.label_ in ENTITY_LABELS for e in doc.ents)


def _markers(words: tuple[Word, ...], doc, base: int) -> tuple[Marker, ...]:
    from xref.claims.lexicon import HEDGED_REPORTING, lexicons, match

    excluded = lexicons()["loaded_excluded"]
    markers = []
    for hit in match([w.forms for w in words]):
        first, last = hit.first, hit.last
        head_word = words[first]
        if hit.category.startswith("attribution") and head_word.pos not in ("VERB", "AUX"):
            continue  # "claim" the noun, "report" the noun: not an attribution
        if hit.category == "loaded" and (head_word.pos in ("PROPN", "NUM", "PUNCT") or head_word.forms & excluded):
            continue  # a loaded word inside a name ("Crisis Action") is the name; event words are no label
        if hit.category == "hedge" and head_word.lemma.lower() in HEDGED_REPORTING:
            if head_word.pos != "VERB":
                continue
            # "appeared to say": the hedge spans up to the verb it governs.
            for child in doc[first].children:
                if child.dep_ == "xcomp" and child.i > first:
                    last = max(last, child.i + 1)
        start, end = words[first].start, words[last - 1].end
        text = doc.text[start - base : end - base]
        markers.append(Marker(hit.category, hit.entry, start, end, text, first, last, words[first].in_quote))
    # "crisis" inside "crisis talks" is one label, not two.
    return tuple(
        m
        for m in markers
        if not any(
            o is not m and o.category == m.category and o.start <= m.start and m.end <= o.end and o.end - o.start >
            m.end - m.start
            for o in markers
        )
    )


def _subject_tokens(doc) -> set[int]:
    """Tokens that head the subject of the main verb(s) or of verbs conjoined to them, with their conjuncts and
    appositions ("Sue Gray, and ... David Lammy held talks"): who does the thing, not whose chief of staff it is."""
    heads: set[int] = set()
    for root in (t for t in doc if t.dep_ == "ROOT"):
        verbs = [root, *[c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]]
        for verb in verbs:
            stack = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
            while stack:
                token = stack.pop()
                heads.add(token.i)
                stack.extend(c for c in token.children if c.dep_ in ("conj", "appos", "compound"))
    return heads


def _entities(doc, base: int, subject_tokens: set[int], quoted) -> list[Entity]:
    entities = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        tokens = list(ent)
        title_token = None
        if tokens and tokens[0].text.lower().rstrip(".") in TITLES and len(tokens) > 1:
            title_token, tokens = tokens[0], tokens[1:]
        elif ent.start > 0 and doc[ent.start - 1].text.lower().rstrip(".") in TITLES and ent.label_ == "PERSON":
            title_token = doc[ent.start - 1]
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        role = _role(doc, ent, title_token) if ent.label_ == "PERSON" else []
        entities.append(
            Entity(
                base + start,
                base + end,
                doc.text[start:end],
                ent.label_,
                title_token.text if title_token is not None else None,
                base + title_token.idx if title_token is not None else None,
                base + title_token.idx + len(title_token.text) if title_token is not None else None,
                ent.root.i in subject_tokens,
                quoted(start),
                tuple(t.lemma_.lower() for t in role),
                base + role[0].idx if role else None,
                base + role[-1].idx + len(role[-1].text) if role else None,
            )
        )
    return entities


_ROLE_WORDS = frozenset(["NOUN", "ADJ", "PROPN"])
# Modifiers that change an office itself: a "shadow foreign secretary" is not the foreign secretary.
OFFICE_MODIFIERS = frozenset(
    "shadow former ex deputy acting interim vice assistant junior outgoing incoming caretaker".split()
)
# Offices: the tagger often reads them as proper nouns in title case ("Prime Minister Rishi Sunak"), and two
# different ones for one person are a real difference where two descriptions are not.
OFFICES = frozenset(
    """minister president secretary chancellor leader mayor governor senator chief spokesman spokesperson
    premier chairman chairwoman chair director commissioner ambassador general judge councillor mp""".split()
)
MAX_ROLE_WORDS = 4


def _role(doc, ent, title_token) -> list:
    """The role words right before the name ("shadow foreign secretary"), or of a short noun phrase the name is
    in apposition with ("the foreign secretary, David Lammy" / "David Lammy, the foreign secretary")."""
    inside = set(range(ent.start, ent.end))
    first = title_token.i if title_token is not None else ent.start
    role = []
    i = first - 1
    while i >= 0 and doc[i].ent_type_ in ("", "NORP", "ORG", "GPE"):
        # "shadow" and "former" are kept however the tagger reads them (it reads "shadow" as a verb at times).
        modifier = role and doc[i].text.lower() in OFFICE_MODIFIERS
        if not modifier and (
            doc[i].pos_ not in _ROLE_WORDS or (doc[i].head.i not in inside and doc[i].head.i not in {t.i for t in role})
        ):
            break
        role.insert(0, doc[i])
        i -= 1
    if not role:
        head = ent.root.head if ent.root.dep_ == "appos" else None
        phrases = [head] if head is not None and head.i not in inside else []
        phrases += [c for c in ent.root.children if c.dep_ == "appos"]
        for phrase in phrases:
            words = [t for t in phrase.subtree if t.i not in inside and t.pos_ in _ROLE_WORDS and t.i <= phrase.i]
            rest = [t for t in phrase.subtree if t.i not in inside and t.pos_ not in ("PUNCT", "DET")]
            if phrase.pos_ == "NOUN" and words and len(rest) <= MAX_ROLE_WORDS:
                role = words
                break
    if len(role) > MAX_ROLE_WORDS or not any(t.pos_ == "NOUN" or t.lemma_.lower() in OFFICES for t in role):
        return []
    return role


# What may stand between the two halves of a quotation split by its attribution: ", he said, " / ", she added. "
_SPLIT_ATTRIBUTION = re.compile(r"^[\s,.:;—–-]*[\w’'.\- ]{1,40}?\b(said|says|added|adds|told|tells|insisted|continued|"
                                r"went on|wrote|writes|argued|claimed)\b[\w ]{0,20}[\s,.:;—–-]*$")


def _with_rejoined(quotes: tuple[Quote, ...], sentence: Sentence) -> tuple[Quote, ...]:
    """The quotations, plus each pair split only by its attribution, given whole."""
    joined = []
    for first, second in pairwise(quotes):
        between = sentence.text[first.end - sentence.start : second.start - sentence.start]
        between = between.strip("\"“”‘’'")
        if not _SPLIT_ATTRIBUTION.match(between):
            continue
        joined.append(
            replace(
                first,
                end=second.end,
                text=f"{first.text} {second.text}",
                words=first.words + second.words,
                parts=((first.start, first.end), (second.start, second.end)),
            )
        )
    return quotes + tuple(joined)


def _attributed(quotation, doc, base: int, quoted) -> Quote:
    """The quotation with its speaker: the subject of the nearest reporting verb outside quotation marks."""
    speaker = None
    from xref.claims.lexicon import lexicons

    reporting = lexicons()["reporting"]
    candidates = [
        t
        for t in doc
        if t.pos_ == "VERB"
        and t.lemma_.lower() in reporting
        and not quoted(t.idx)
        and not (quotation.start <= t.idx < quotation.end)
    ]
    candidates.sort(key=lambda t: min(abs(t.idx - quotation.start), abs(t.idx - quotation.end)))
    for verb in candidates[:1]:
        # The active subject speaks; a passive one ("he has been accused of ...") is spoken about.
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            subject = subjects[0]
            span = doc[subject.left_edge.i : subject.right_edge.i + 1]
            speaker = (span.text, base + span.start_char, base + span.end_char, subject.pos_ == "PROPN")
            break
    return Quote(
        base + quotation.inner_start,
        base + quotation.inner_end,
        quotation.text,
        quotation.words,
        speaker[0] if speaker else None,
        speaker[1] if speaker else None,
        speaker[2] if speaker else None,
        speaker[3] if speaker else False,
    )
