"""Page-furniture removal: a documented, extendable list of whole-line rules kept as a data file."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from xref.errors import UsageError
from xref.types import RemovedLine

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPEATED_LINE = "repeated_line"
# A repeated caption must be long enough that sharing it with another line is not a coincidence.
_MIN_REPEAT_CHARS = 30
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_START = re.compile(r"[.!?][\"'”’)]*\s+")


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    pattern: re.Pattern[str]

    def match(self, line: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(line)


@dataclass(frozen=True)
class FurnitureResult:
    removed: tuple[RemovedLine, ...]
    outlet: str | None


@dataclass(frozen=True)
class FurnitureRules:
    rules: tuple[FurnitureRule, ...]
    remove_repeated_lines: bool = True

    @classmethod
    def default(cls) -> FurnitureRules:
        text = resources.files("xref").joinpath("data/furniture.toml").read_text(encoding="utf-8")
        return cls.from_toml(text, origin="built-in furniture rules")

    @classmethod
    def from_file(cls, path: str | Path) -> FurnitureRules:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{path}: cannot read furniture rules ({exc.strerror or exc})") from exc
        return cls.from_toml(text, origin=str(path))

    @classmethod
    def from_toml(cls, text: str, origin: str) -> FurnitureRules:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{origin}: not valid TOML ({exc})") from exc
        rules = []
        for n, entry in enumerate(data.get("rule", []), start=1):
            name, pattern = entry.get("name"), entry.get("pattern")
            if not isinstance(name, str) or not isinstance(pattern, str):
                raise UsageError(f"{origin}: rule {n} needs a string 'name' and 'pattern'")
            flags = re.IGNORECASE if "i" in entry.get("flags", "") else 0
            try:
                rules.append(FurnitureRule(name, re.compile(pattern, flags)))
            except re.error as exc:
                raise UsageError(f"{origin}: rule {name!r} has a bad pattern ({exc})") from exc
        return cls(tuple(rules), bool(data.get("remove_repeated_lines", True)))

    def apply(self, text: str) -> FurnitureResult:
        """Find the furniture lines of ``text``; the text itself is left untouched."""
        lines = list(_lines_with_offsets(text))
        removed: dict[int, RemovedLine] = {}
        outlets: dict[int, str] = {}  # rule position -> outlet it named; the earliest rule wins
        for start, _end, raw in lines:
            line = raw.strip()
            if not line:
                continue
            for position, rule in enumerate(self.rules):
                found = rule.match(line)
                if found:
                    lead = len(raw) - len(raw.lstrip())
                    removed[start] = RemovedLine(line, start + lead, start + lead + len(line), rule.name)
                    if "outlet" in rule.pattern.groupindex and found.group("outlet"):
                        outlets.setdefault(position, found.group("outlet").strip())
                    break
        if self.remove_repeated_lines:
            for line in _repeated_lines(lines, skip=removed.keys()):
                removed[line.start] = line
        outlet = outlets[min(outlets)] if outlets else None
        return FurnitureResult(tuple(sorted(removed.values(), key=lambda r: r.start)), outlet)


def _lines_with_offsets(text: str):
    start = 0
    for raw in text.split("\n"):
        yield start, start + len(raw), raw
        start += len(raw) + 1


def _normalise(line: str) -> str:
    return _WHITESPACE.sub(" ", line.strip().replace("’", "'").replace("‘", "'")).casefold()


def _repeated_lines(lines, skip) -> list[RemovedLine]:
    """Lines whose text recurs inside another line: captions that repeat or cut off a body sentence.

    A line counts as repeated when another line contains it from its start or from a sentence start.
    Of two identical lines the earlier goes (captions precede the paragraph they quote). Lines are
    indexed by their first characters, so this stays linear in the text's size.
    """
    candidates = [(start, raw) for start, _end, raw in lines if raw.strip() and start not in skip]
    normalised = [_normalise(raw) for _, raw in candidates]
    index: dict[str, list[tuple[int, int]]] = {}
    for j, text in enumerate(normalised):
        for offset in [0, *(m.end() for m in _SENTENCE_START.finditer(text))]:
            if len(text) - offset >= _MIN_REPEAT_CHARS:
                index.setdefault(text[offset : offset + _MIN_REPEAT_CHARS], []).append((j, offset))
    found = []
    for i, (start, raw) in enumerate(candidates):
        needle = normalised[i]
        if len(needle) < _MIN_REPEAT_CHARS:
            continue
        for j, offset in index.get(needle[:_MIN_REPEAT_CHARS], ()):
            other = normalised[j]
            if i == j or not other.startswith(needle, offset):
                continue
            if len(other) == len(needle) and j < i:
                continue  # identical lines: keep the later copy, drop the earlier one
            line = raw.strip()
            lead = len(raw) - len(raw.lstrip())
            found.append(RemovedLine(line, start + lead, start + lead + len(line), REPEATED_LINE))
            break
    return found
