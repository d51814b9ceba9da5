"""The frozen records that flow between pipeline stages.

Every span is a pair of code-point offsets into its source's ``text`` (the decoded article text after
newline normalisation), so ``source.text[start:end]`` reproduces the span's text exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """Raw article text handed to :func:`xref.compare` directly instead of a path or URL."""

    text: str
    label: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class RemovedLine:
    """A line of page furniture taken out of the text before segmentation, and the rule that took it."""

    text: str
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class Source:
    """One article. ``id`` derives from its text alone, so it does not depend on argument order."""

    id: str
    label: str
    text: str
    sha256: str
    origin: str
    origin_kind: str  # "path", "url", "stdin" or "text"
    removed_lines: tuple[RemovedLine, ...] = ()
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SkippedSource:
    """An input that could not be used, and why."""

    input: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    source: str
    index: int
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.source}:{self.index}"


@dataclass(frozen=True)
class ClaimUnit:
    """A span that can carry a claim of its own: a whole sentence or one of its clauses."""

    sentence: Sentence
    start: int
    end: int
    text: str

    @property
    def is_whole_sentence(self) -> bool:
        return self.start == self.sentence.start and self.end == self.sentence.end


@dataclass(frozen=True)
class Member:
    """A sentence in a claim cluster; ``unit_start``/``unit_end`` mark the part that matched."""

    source: str
    sentence: str
    text: str
    start: int
    end: int
    similarity: float
    unit_start: int
    unit_end: int


@dataclass(frozen=True)
class Evidence:
    """The exact words of one source that a flag is about: ``source.text[start:end] == text``."""

    source: str
    sentence: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Flag:
    """A divergence between sources. ``id`` hashes the type, the sources and the evidence texts, so it is stable
    across re-runs and changes when the evidence does. ``missing_source`` is set on omission flags only."""

    id: str
    type: str
    severity: str  # "high", "medium" or "low"
    reason: str
    evidence: tuple[Evidence, ...]
    cluster: str | None = None
    missing_source: str | None = None


@dataclass(frozen=True)
class Cluster:
    id: str
    story: str
    members: tuple[Member, ...]
    sources: tuple[str, ...]
    flags: tuple[Flag, ...] = ()

    @property
    def is_shared(self) -> bool:
        return len(self.sources) > 1


@dataclass(frozen=True)
class Story:
    id: str
    sources: tuple[str, ...]
    clusters: tuple[str, ...]


@dataclass(frozen=True)
class SourceOverlap:
    """How many sentences two sources share verbatim or nearly so (wire copy, shared agency text)."""

    a: str
    b: str
    shared_sentences: int
    a_sentences: int
    b_sentences: int
    examples: tuple[tuple[str, str], ...] = field(default=())
