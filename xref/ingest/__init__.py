"""Ingest: turn paths, URLs, stdin and raw text into :class:`~xref.types.Source` records.

Plain text, HTML (main text extracted by trafilatura), JSON/JSONL (one article per line) and http(s)
URLs. Each source is decoded, its page furniture found (see :mod:`xref.ingest.furniture`) and given a
content-derived id. A source that cannot be used raises :class:`~xref.errors.SourceError` (or
:class:`~xref.errors.FetchError`), which :func:`load_sources` collects so that callers can skip it.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from xref.errors import FetchError, SourceError, UsageError
from xref.ingest.furniture import FurnitureRules
from xref.types import Article, SkippedSource, Source

SourceInput = str | Path | Article

ID_LENGTH = 12
# Above this many sources with the same warning, one line gives their number instead.
MAX_LISTED_WARNINGS = 10
_JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"[a-z]+")
# Very frequent English function words: a cheap, dependency-free language check.
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "he",
        "she",
        "it",
        "as",
        "by",
        "at",
        "said",
        "be",
        "are",
        "his",
        "her",
        "have",
        "has",
        "from",
        "not",
        "this",
        "but",
        "they",
        "an",
        "were",
        "had",
        "who",
        "will",
        "their",
        "which",
        "would",
        "been",
        "its",
        "after",
        "more",
        "about",
    ]
)


@dataclass(frozen=True)
class _Raw:
    """A decoded article before furniture removal and id assignment."""

    text: str
    origin: str
    origin_kind: str
    default_label: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    notes: tuple[str, ...] = ()


@dataclass
class LoadResult:
    sources: list[Source] = field(default_factory=list)
    skipped: list[SkippedSource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)


def load_sources(
    inputs: Sequence[SourceInput],
    *,
    labels: Sequence[str] | None = None,
    furniture: FurnitureRules | None = None,
    stdin: BinaryIO | None = None,
) -> LoadResult:
    """Read every input; collect the usable sources and, separately, the ones that failed and why."""
    if labels and len(labels) != len(inputs):
        raise UsageError(f"got {len(labels)} --label values for {len(inputs)} inputs; give one per input")
    rules = furniture or FurnitureRules.default()
    result = LoadResult()
    seen: dict[str, int] = {}
    not_english: list[str] = []
    for position, item in enumerate(inputs):
        label = labels[position] if labels else None
        try:
            raws = list(_read_input(item, stdin))
        except (SourceError, FetchError) as exc:
            result.errors.append(exc)
            result.skipped.append(SkippedSource(_describe(item), exc.reason))
            continue
        for raw in raws:
            if isinstance(raw, SourceError):  # one bad line of a JSONL file
                result.errors.append(raw)
                result.skipped.append(SkippedSource(raw.source, raw.reason))
                continue
            if label:
                raw_label = label if len(raws) == 1 else f"{label} {raw.default_label.rsplit(':', 1)[-1]}"
            else:
                raw_label = None
            source = _to_source(raw, raw_label, rules)
            copies = seen.get(source.sha256, 0)
            seen[source.sha256] = copies + 1
            if copies:
                result.warnings.append(f"{source.origin}: identical to an earlier source; its id gets a suffix")
                source = _with_id(source, f"{source.id}-{copies + 1}")
            if not _looks_english(source.text):
                not_english.append(source.origin)
            result.sources.append(source)
    if len(not_english) > MAX_LISTED_WARNINGS:
        result.warnings.append(f"{len(not_english)} sources do not look like English; results may be poor")
    else:
        result.warnings.extend(f"{origin}: does not look like English; results may be poor" for origin in not_english)
    return result


def source_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ID_LENGTH]


def _with_id(source: Source, new_id: str) -> Source:
    from dataclasses import replace

    return replace(source, id=new_id)


def _to_source(raw: _Raw, label: str | None, rules: FurnitureRules) -> Source:
    digest = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
    furniture = rules.apply(raw.text)
    return Source(
        id=digest[:ID_LENGTH],
        label=label or raw.outlet or furniture.outlet or raw.default_label,
        text=raw.text,
        sha256=digest,
        origin=raw.origin,
        origin_kind=raw.origin_kind,
        removed_lines=furniture.removed,
        title=raw.title,
        outlet=raw.outlet or furniture.outlet,
        published=raw.published,
        notes=raw.notes,
    )


def _describe(item: SourceInput) -> str:
    if isinstance(item, Article):
        return item.label or "<text>"
    return str(item)


def _read_input(item: SourceInput, stdin: BinaryIO | None) -> Iterator[_Raw | SourceError]:
    if isinstance(item, Article):
        yield from _from_article(item)
        return
    name = str(item)
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
        yield from _from_bytes(data, origin="<stdin>", kind="stdin", stem="stdin", suffix="")
        return
    if re.match(r"^https?://", name, re.IGNORECASE):
        yield _from_url(name)
        return
    path = Path(name)
    if not path.exists():
        raise SourceError(name, "no such file")
    if path.is_dir():
        raise SourceError(name, "is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(name, f"cannot read ({exc.strerror or exc})") from exc
    yield from _from_bytes(data, origin=name, kind="path", stem=path.stem, suffix=path.suffix.lower())


def _from_article(article: Article) -> Iterator[_Raw]:
    name = article.label or article.url or "<text>"
    text = _normalise_newlines(article.text)
    if not text.strip():
        raise SourceError(name, "empty text")
    yield _Raw(
        text,
        origin=article.url or name,
        origin_kind="url" if article.url else "text",
        default_label=article.label or "text",
        title=article.title,
        outlet=article.outlet,
        published=article.published,
    )


def _from_bytes(data: bytes, *, origin: str, kind: str, stem: str, suffix: str) -> Iterator[_Raw | SourceError]:
    text, note = decode_bytes(data, origin)
    notes = (note,) if note else ()
    if suffix in _JSON_SUFFIXES or (not suffix and text.lstrip().startswith("{")):
        yield from _from_json_text(text, origin=origin, kind=kind, stem=stem, whole_json=suffix == ".json")
    elif suffix in _HTML_SUFFIXES or _HTML_START.match(data[:2048]):
        yield _from_html(text, origin=origin, kind=kind, stem=stem, notes=notes)
    else:
        yield _Raw(text, origin=origin, origin_kind=kind, default_label=stem, notes=notes)


def decode_bytes(data: bytes, origin: str) -> tuple[str, str | None]:
    """Decode a file's bytes: UTF-8 first, then charset detection. Returns the text and a note if guessed."""
    if not data.strip():
        raise SourceError(origin, "empty file" if not data else "contains only whitespace")
    note = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise SourceError(origin, "looks like a binary file, not text") from None
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise SourceError(origin, "looks like a binary file, not text") from None
        encoding = best.encoding
        if _is_western_single_byte(encoding):
            # Detection cannot tell Latin code pages apart on short texts; Windows-1252 is by far the
            # most common for English news, so prefer it when it decodes the bytes.
            try:
                data.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                pass
        text = data.decode(encoding)
        note = f"not UTF-8; decoded as {encoding}"
    text = _normalise_newlines(text)
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\t\f\v")
    if "\x00" in text or controls > 0.01 * min(len(text), 65536):
        raise SourceError(origin, "looks like a binary file, not text")
    if not text.strip():
        raise SourceError(origin, "contains only whitespace")
    return text, note


def _is_western_single_byte(encoding: str) -> bool:
    return encoding.startswith(("cp125", "iso8859", "latin", "windows-125", "mac_"))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _from_json_text(text: str, *, origin: str, kind: str, stem: str, whole_json: bool) -> Iterator[_Raw | SourceError]:
    if whole_json:
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            document = None  # not one JSON document: read it as JSON Lines below
        if document is not None:
            records = document if isinstance(document, list) else [document]
            for n, record in enumerate(records, start=1):
                yield _from_record(record, origin=f"{origin}:{n}", kind=kind, default_label=f"{stem}:{n}")
            return
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{origin} line {n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _from_record(record, origin=f"{origin}:{n}", kind=kind, default_label=f"{stem}:{n}", where=where)


def _from_record(
    record: object, *, origin: str, kind: str, default_label: str, where: str | None = None
) -> _Raw | SourceError:
    where = where or origin
    if not isinstance(record, dict):
        return SourceError(where, "expected a JSON object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        return SourceError(where, "missing the required string field 'text'")
    text = _normalise_newlines(text)
    if not text.strip():
        return SourceError(where, "'text' is empty")
    optional = {}
    for key in ("title", "outlet", "url", "published"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return SourceError(where, f"field '{key}' must be a string")
        optional[key] = value
    return _Raw(
        text,
        origin=optional["url"] or origin,
        origin_kind="url" if optional["url"] else kind,
        default_label=default_label,
        title=optional["title"],
        outlet=optional["outlet"],
        published=optional["published"],
    )


def _from_html(html: str, *, origin: str, kind: str, stem: str, notes: tuple[str, ...] = ()) -> _Raw:
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=origin if kind == "url" else None, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise SourceError(origin, "no article text found in the HTML")
    return _Raw(
        _normalise_newlines(text),
        origin=origin,
        origin_kind=kind,
        default_label=stem,
        title=getattr(document, "title", None),
        outlet=getattr(document, "sitename", None),
        published=getattr(document, "date", None),
        notes=notes,
    )


FETCH_TIMEOUT_S = 20
MAX_PAGE_BYTES = 50 * 1024 * 1024


def _from_url(url: str) -> _Raw:
    # The standard library fetches (trafilatura's own fetcher refuses private and loopback addresses,
    # which newsroom intranets and local tests use); trafilatura extracts the main text.
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": f"xref/{_version()} (+claim comparison)"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            data = response.read(MAX_PAGE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"could not fetch the page (HTTP {exc.code})") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(url, f"could not fetch the page ({reason})") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise FetchError(url, "page is larger than 50 MB")
    try:
        html, note = decode_bytes(data, url)
    except SourceError as exc:
        raise FetchError(url, exc.reason) from exc
    stem = url.rstrip("/").rsplit("/", 1)[-1] or url
    return _from_html(html, origin=url, kind="url", stem=stem, notes=(note,) if note else ())


def _version() -> str:
    from xref._version import __version__

    return __version__


def _looks_english(text: str) -> bool:
    words = _WORD.findall(text[:20000].lower())
    if len(words) < 20:
        return True  # too short to judge
    return sum(word in _ENGLISH_WORDS for word in words) / len(words) >= 0.08
