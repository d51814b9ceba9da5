"""Quantities in one English news sentence, as intervals of the values their wording allows.

Two outlets reporting one event often count the same thing in different words ("2.2 million" / "more than two
million", "a string of" / "a series of"); sometimes they disagree ("1,400 people" / "1,300 people", "a handful of" /
"scores of"). Reading every quantity as an inclusive interval lets ``compatible`` tell the two cases apart by overlap
alone; callers decide whether two quantities count the same thing (``unit``).

Choices a caller should know:

* Implied precision only where the wording shows it: "2.2 million" is [2.15M, 2.25M], but "1,400", "two million"
  and "27 per cent" are exact. Fractions of a group ("a third of", "half the") and ratios ("one in five") are read
  as percentages (unit "percent", so they compare with "33 per cent") within 5% of their value either way, since
  nobody writes "a third" for exactly 33.33%. A fraction of a scale word ("half a million") is an exact number.
* Hedges: "about"/"around"/"some"/"roughly" widen by 10% both ways; "nearly"/"almost"/"just under" allow
  [0.9X, X]; "just over" allows [X, 1.1X] with bound "more_than".
* Open bounds are compared as closed. "more than two million" is stored as low=2,000,000, high=inf, bound
  "more_than", and ``compatible`` accepts it against "two million": an outlet's "two million" is itself usually a
  rounded figure, and flagging it against "more than two million" would be a false alarm far more often than a
  real disagreement. "more than two million" against "1.9 million" is still incompatible. A bound starts from the
  stated number's own precision ("more than 2.2 million" from 2.15M).
* ``unit`` is the counted noun only when it follows the number (within three modifier words): in "22 councillors
  in Burnley and nine in Pendle" the "nine" gets unit "" rather than one inherited across the coordination, which
  would need a parse to do safely. Callers treat "" as "unknown".
* Vague words ("a number of", "scores of") count only before a noun (or "them"/"those"); the plural magnitudes
  ("hundreds", "tens of thousands") also stand alone ("thousands marched"), with unit "".
* Not quantities: years ("since 2019"), dates ("11 October", "October 11"), times ("10pm", "at 10.30"), ordinals,
  phone numbers, numbers inside words or names ("MP3", "G7", "COVID-19", "Channel 4", "Formula One"), either end
  of a range or score ("10-15", "18 to 24", "between 10 and 15", "3-1"), fixed compounds ("a two-state
  solution"), and "one" as a pronoun or idiom ("one of the", "the one who", "no one", "at one point").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from numerizer import numerize

__all__ = ["BOUNDS", "VAGUE_QUANTITIES", "Quantity", "compatible", "find_quantities"]

BOUNDS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "vague")


@dataclass(frozen=True)
class Quantity:
    start: int  # code-point offsets into the text passed to find_quantities; text[start:end] == self.text
    end: int
    text: str  # the whole quantity phrase with its bound words: "more than two million", "a string of"
    low: float  # inclusive interval of values the wording allows (math.inf for open bounds)
    high: float
    value: float | None  # the stated number; None for vague words
    bound: str  # one of BOUNDS
    unit: str  # normalised counted noun or unit ("councillor", "people", "percent", "pound"); "" if none
    vague: bool


# Vague quantity words and the counts they allow, roughly by magnitude; the matching pattern is built from this
# table, so a new entry needs nothing else. Keys are lower case, words separated by single spaces; a key ending in
# "of" needs that "of" in the text.
VAGUE_QUANTITIES: dict[str, tuple[float, float]] = {
    "a couple of": (2, 3),
    "a few": (2, 9),
    "a handful of": (2, 9),
    "a small number of": (2, 20),
    "several": (3, 12),
    "quite a few": (5, 30),
    "a number of": (2, 60),
    "a string of": (2, 60),
    "a series of": (2, 60),
    "a swathe of": (2, 60),
    "a swath of": (2, 60),
    "a wave of": (2, 60),
    "a spate of": (2, 60),
    "a raft of": (2, 60),
    "a slew of": (2, 60),
    "a flurry of": (2, 60),
    "a host of": (2, 60),
    "a succession of": (2, 60),
    "numerous": (5, math.inf),
    "a large number of": (20, math.inf),
    "dozens of": (24, 199),
    "scores of": (40, 199),
    "hundreds of": (200, 1999),
    "thousands of": (2000, 19999),
    "tens of thousands of": (20000, 199999),
    "hundreds of thousands of": (200000, 1999999),
    "millions of": (2e6, 2e9),
    "tens of millions of": (2e7, 199999999),
    "hundreds of millions of": (2e8, 1999999999),
    "billions of": (2e9, 2e12),
}
# Plural magnitudes are numbers in their own right: "thousands marched", "tens of thousands".
_STANDS_ALONE = frozenset(
    [
        "dozens of",
        "hundreds of",
        "thousands of",
        "tens of thousands of",
        "hundreds of thousands of",
        "millions of",
        "tens of millions of",
        "hundreds of millions of",
        "billions of",
    ]
)

_SMALL = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_MAGNITUDES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_DENOMINATORS = {
    "half": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
_SUFFIX_SCALES = {"p": 1, "k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "tn": 10**12, "trn": 10**12}
_WORD_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "bn": 10**9,
    "mn": 10**6,
    "tn": 10**12,
}
_CURRENCIES = {
    "£": "pound",
    "$": "dollar",
    "US$": "dollar",
    "€": "euro",
    "¥": "yen",
    "A$": "australian dollar",
    "AU$": "australian dollar",
    "C$": "canadian dollar",
    "NZ$": "new zealand dollar",
    "HK$": "hong kong dollar",
}


def _alternation(words) -> str:
    # Longest first, so that "seventeen" is not read as "seven" and "no more than" not as "more than".
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


# --- hedges: the words that turn a number into a bound -------------------------------------------------------------
# Each maps to how the interval is built from the stated number; see _interval.
_HEDGES = {
    "about": "approx",
    "around": "approx",
    "some": "approx",
    "roughly": "approx",
    "approximately": "approx",
    "approx.": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "circa": "approx",
    "close to": "approx",
    "nearly": "below",
    "almost": "below",
    "just under": "below",
    "just shy of": "below",
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "well over": "more_than",
    "well above": "more_than",
    "far more than": "more_than",
    "greater than": "more_than",
    "in excess of": "more_than",
    "upwards of": "more_than",
    "exceeding": "more_than",
    "just over": "just_over",
    "just above": "just_over",
    "slightly more than": "just_over",
    "a little over": "just_over",
    "a little more than": "just_over",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
    "a minimum of": "at_least",
    "fewer than": "less_than",
    "less than": "less_than",
    "under": "less_than",
    "below": "less_than",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "not more than": "at_most",
    "a maximum of": "at_most",
    "as many as": "at_most",
    "as much as": "at_most",
    "exactly": "exact",
    "precisely": "exact",
}
_HEDGE_BEFORE = re.compile(rf"(?i)(?<![\w-])(?:{_alternation(_HEDGES)})\s+$")
_HEDGE_WINDOW = 40
_HEDGE_AFTER = re.compile(
    r"(?i)(?P<at_least>\s+or\s+(?:more|over)\b)|(?P<at_most>\s+or\s+(?:fewer|less|under)\b)"
    r"|(?P<approx>\s+or\s+so\b)|(?P<more_than>\+|-plus\b)"
)

# --- the number itself ---------------------------------------------------------------------------------------------
_CURRENCY = _alternation(_CURRENCIES)
_DIGITS = re.compile(
    # Not inside a word, a code, a date or a range: "MP3", "COVID-19", "7/10", "10:30", "+44".
    r"(?<![\w.,/:+\-#@£$€¥])"
    rf"(?:(?P<cur>{_CURRENCY})[ \t]?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<sfx>bn|mn|trn|tn|m|k|pc|p)|[ \t]?(?P<scale>(?i:thousand|million|billion|trillion)|bn|mn|tn))?"
    r"(?![\w£$€¥]|[.,]\d|[-–/:]\d)"
)
_SMALL_RE = _alternation(_SMALL)
_TENS_RE = _alternation(_TENS)
_MAG_RE = _alternation(_MAGNITUDES)
# A loose run of number words; _word_value finds the longest prefix that reads as one number.
_NUMBER_WORDS = re.compile(
    rf"(?i)(?=(\b(?:{_SMALL_RE}|{_TENS_RE}|an?(?=[\s-]+(?:{_MAG_RE}|dozen)\b))\b"
    rf"(?:[\s-]+(?:{_SMALL_RE}|{_TENS_RE}|{_MAG_RE}|dozen|and|an?|half)\b)*))"
)
_FRACTION = re.compile(
    rf"(?i)\b(?:(?P<num>an?|{_SMALL_RE})[\s-]+(?P<den>{_alternation(_DENOMINATORS)})|(?P<half>half))\b"
    rf"(?:\s+(?:of\s+)?(?:an?\s+)?(?P<mag>{_MAG_RE}|dozen)\b)?"
)
_PROPORTION_FOLLOWS = re.compile(r"(?i)\s+(?:of|the|all|his|her|their|its|our|those|these)\b")
_RATIO = re.compile(
    rf"(?i)(?<![\w.,/:+\-])(?P<num>{_SMALL_RE}|{_TENS_RE}|\d{{1,3}})\s+in\s+"
    rf"(?P<den>{_SMALL_RE}|{_TENS_RE}|(?:a\s+)?(?:hundred|thousand)|\d{{1,4}})\b(?![.,/:\-]\d)"
)
_PERCENT = re.compile(r"(?i)[ \t]?%|\s*per[ \t]?cent\b|[ \t]?percent\b")
_PERCENT_POINTS = re.compile(r"(?i)\s+percentage[\s-]points?\b")


def _vague_pattern() -> re.Pattern[str]:
    phrases = []
    for key in sorted(VAGUE_QUANTITIES, key=len, reverse=True):
        if key in _STANDS_ALONE:
            phrases.append(_alternation([key.removesuffix(" of")]) + r"(?:\s+of)?")
        else:
            phrases.append(_alternation([key]))
    return re.compile(rf"(?i)\b(?:{'|'.join(phrases)})\b")


_VAGUE = _vague_pattern()

# --- what makes a number something else ---------------------------------------------------------------------------
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
# Month names capitalised only: lower-case "may" and "march" are a modal and a verb.
_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?{_MONTH}")
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}\s+$")
_TIME_AFTER = re.compile(r"(?i)[ \t]?(?:am|pm|a\.m\.|p\.m\.|o['’]clock|gmt|bst)(?!\w)")
_NUMBER_TERM = rf"(?:[£$€]?\d|\b(?i:{_SMALL_RE}|{_TENS_RE})\b)"
_RANGE_AFTER = re.compile(rf"\s*(?:[-–—]|\bto\b)\s*{_NUMBER_TERM}")
_RANGE_BEFORE = re.compile(rf"(?:{_NUMBER_TERM}[\w,.%]*\s*(?:[-–—]|\bto\b)|\b(?i:between)(?:\s+\S+\s+and)?)\s*$")
# Fixed compounds in which the number names a kind of thing rather than counting: "a two-state solution".
_IDIOM_HYPHEN = re.compile(r"(?i)-(?:state|party|tier|way|sided|off|time|faced|horse|nil|all)\b")
_ORDINAL_TAIL = re.compile(r"(?i)-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b")
_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])\.[0-5]\d")
_PHONE = re.compile(r"(?<![\w.,])\+?\(?\d[\d() .\-]{6,}\d(?!\w)")
_PREVIOUS_WORD = re.compile(r"([A-Za-z][A-Za-z'’.]*)[ \t]+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“‘(\[—–])\s*$")
# A number after these names something ("Article 50", "page 3", "No 10", "no one") rather than counting it.
_NAMING_WORDS = frozenset(
    """no no. nos number article section chapter page pages room flight route level category grade clause part stage
    phase tier platform channel question figure table resolution rule item episode season version paragraph schedule
    amendment act vol volume issue gate block ward division exhibit appendix""".split()
)
# Words before a four-digit number that make it a year: "in 2019", "the 2019 election".
_YEAR_WORDS = frozenset(
    """in since by until till from during before after between to through throughout the early late mid spring
    summer autumn winter fiscal financial year""".split()
)
# "the second half", "a half": halves of something named, not shares of a group.
_NOT_A_SHARE_BEFORE = frozenset("the a first second other latter former final last next this that".split())
# Words before "one" that make it a pronoun or an idiom: "the one who", "no one", "any one of", "at one point".
_NOT_COUNTING_ONE_AFTER = frozenset("the no any every each this that which another same at".split())

# --- the counted noun ----------------------------------------------------------------------------------------------
_STOP = frozenset(
    """a an the of in on at to for with by from as than and or but nor so yet if that which who whom whose what this
    these those there here is are was were be been being am has have had do does did will would shall should can could
    may might must not no it its he she they them we us you i his her their our my your me him said says say told tells
    came come comes went go goes got get gets took take takes made make makes gave give gives met left won lost per
    each every while when where after before during since until into onto over under about against between among
    through across also still just only now then already even ago later earlier another all both either neither some
    any such own including according versus vs up down out off back away again too very well others together alone
    apiece most less least""".split()
)
# Verbs that often follow a counted noun ("one county councillor quit"); without them the head of a singular noun
# phrase, read as its last word, would be the verb. Forms that are also common nouns ("shot", "cut") are left out.
_VERBS = frozenset(
    """quit left won lost said told met went came ran fled put let got made took gave saw knew thought felt kept held
    stood sat wrote spoke broke chose led paid sent spent built fought caught brought bought sought began became found
    heard sold struck stole threw drove flew grew drew wore swore resign remain say tell think believe""".split()
)
_DETERMINER = re.compile(r"(?i)\s+(?:the|these|those|his|her|their|its|our|my|your|whose)\b")
_PRONOUN = re.compile(r"(?i)\s+(?:them|us|you|those|these)\b")
_OF = re.compile(r"(?i)\s+of\b")
_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
_HYPHEN_WORD = re.compile(r"[-–]([A-Za-z]+)")
_IRREGULAR = {
    "people": "people",
    "persons": "people",
    "person": "people",
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "halves": "half",
    "leaves": "leaf",
    "thieves": "thief",
    "wolves": "wolf",
    "shelves": "shelf",
    "calves": "calf",
    "crises": "crisis",
    "analyses": "analysis",
    "indices": "index",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "pence": "penny",
    "movies": "movie",
    "cookies": "cookie",
    "zombies": "zombie",
    "calories": "calorie",
    "rookies": "rookie",
    "bookies": "bookie",
    "selfies": "selfie",
    "quid": "pound",
}
# Counted nouns without a plural "-s".
_INVARIANT = frozenset("staff police personnel cattle sheep deer fish aircraft livestock crew troops".split())
_NOT_PLURAL = frozenset(
    """news series species means politics physics economics always perhaps sometimes towards afterwards various
    previous famous serious gas bus thus plus minus bonus virus census status campus focus chaos analysis crisis basis
    thesis axis diagnosis emphasis hypothesis oasis tennis this his is was has as us yes less unless across whereas
    overseas nevertheless mrs ms its""".split()
)
_ED_NOUNS = frozenset("bed beds shed seed need speed feed breed hundred red steed creed deed greed weed".split())
_ADJECTIVE_AFTER_HYPHEN = frozenset("strong odd fold plus".split())


class _Core(NamedTuple):
    start: int
    end: int
    value: float
    low: float  # implied precision of the stated number
    high: float
    unit: str  # fixed by the number itself (currency, percent); "" otherwise
    kind: str  # "digits", "words", "fraction" or "ratio"
    marked: bool  # carries a currency, a scale or a percent sign, so it cannot be a year, date or name


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, none overlapping."""
    phones = [m.span() for m in _PHONE.finditer(text) if _looks_like_phone(m.group())]
    candidates: list[Quantity] = []
    for core in _cores(text):
        if any(s <= core.start < e for s, e in phones):
            continue
        quantity = _quantity(text, core)
        if quantity is not None:
            candidates.append(quantity)
    candidates.extend(_vague(text))
    # Earliest first, then longest: "half a million" beats "a million", "two-thirds" beats "two".
    candidates.sort(key=lambda q: (q.start, -(q.end - q.start)))
    found: list[Quantity] = []
    for quantity in candidates:
        if not found or quantity.start >= found[-1].end:
            found.append(quantity)
    return found


def compatible(a: Quantity, b: Quantity) -> bool:
    """True when the two intervals overlap, so that both wordings can describe the same amount.

    Open bounds count as closed ("more than 2 million" is compatible with "2 million"); see the module notes.
    Units are not compared here.
    """
    finite = [abs(x) for x in (a.low, a.high, b.low, b.high) if math.isfinite(x)]
    # Float noise in scaled values (2.2 * 10**6) must not make touching intervals disjoint.
    tolerance = 1e-9 * max([1.0, *finite])
    return a.low <= b.high + tolerance and b.low <= a.high + tolerance


# --- finding numbers -----------------------------------------------------------------------------------------------


def _cores(text: str):
    yield from _digit_cores(text)
    yield from _word_cores(text)
    yield from _fraction_cores(text)
    yield from _ratio_cores(text)


def _digit_cores(text: str):
    for m in _DIGITS.finditer(text):
        num = m.group("num")
        if len(num) > 1 and num[0] == "0" and not num.startswith("0."):
            continue  # "0161", "007": codes and phone numbers
        digits = Decimal(num.replace(",", ""))
        sfx, scale = m.group("sfx"), m.group("scale")
        unit = _CURRENCIES[m.group("cur")] if m.group("cur") else ""
        if sfx == "pc":
            multiplier, unit = 1, "percent"
        elif sfx == "p":
            if unit:
                continue  # "£5p" is no amount
            multiplier, unit = 1, "penny"  # "50p"
        else:
            multiplier = _SUFFIX_SCALES.get(sfx or "") or _WORD_SCALES.get((scale or "").lower(), 1)
        value = digits * multiplier
        if multiplier > 1 and "." in num:
            # "2.2 million" is a rounded figure: anything that rounds to it.
            half = Decimal(5) * Decimal(10) ** (digits.as_tuple().exponent - 1) * multiplier
            low, high = value - half, value + half
        else:
            low = high = value
        marked = bool(m.group("cur") or sfx or scale)
        yield _Core(m.start(), m.end(), float(value), float(low), float(high), unit, "digits", marked)


def _word_cores(text: str):
    for m in _NUMBER_WORDS.finditer(text):
        start = m.start(1)
        parsed = _word_value(m.group(1))
        if parsed is None:
            continue
        length, value = parsed
        yield _Core(start, start + length, value, value, value, "", "words", False)


def _word_value(span: str) -> tuple[int, float] | None:
    """(length, value) of the longest prefix of ``span`` that reads as one number, or None."""
    tokens = list(re.finditer(r"[A-Za-z]+", span))
    words = [t.group().lower() for t in tokens]
    for k in range(len(tokens), 0, -1):
        if words[k - 1] in ("and", "a", "an") or "dozen" in words[: k - 1]:
            continue
        end = tokens[k - 1].end()
        if words[k - 1] == "dozen":
            if k == 1:
                continue
            count = 1.0 if k == 2 and words[0] in ("a", "an") else _cardinal(span[: tokens[k - 2].end()])
            if count is not None:
                return end, count * 12
            continue
        value = _cardinal(span[:end])
        if value is not None:
            return end, value
    return None


@lru_cache(maxsize=4096)
def _cardinal(words: str) -> float | None:
    # numerizer turns a run it cannot read as one number into several ("two and three" -> "2 and 3") or into odd
    # forms ("half a million" -> "1/2 1000000"); only a single plain number is trusted.
    out = numerize(re.sub(r"\s+", " ", words)).strip()
    return float(out) if re.fullmatch(r"\d+(?:\.\d+)?", out) else None


def _fraction_cores(text: str):
    for m in _FRACTION.finditer(text):
        if m.group("half"):
            numerator, denominator = 1, 2
        else:
            word = m.group("num").lower()
            numerator = 1 if word in ("a", "an") else _SMALL[word]
            denominator = _DENOMINATORS[m.group("den").lower()]
            if numerator == 0:
                continue
        fraction = Decimal(numerator) / Decimal(denominator)
        if m.group("mag"):
            # "half a million", "a quarter of a million", "half a dozen": a number like any other.
            magnitude = 12 if m.group("mag").lower() == "dozen" else _MAGNITUDES[m.group("mag").lower()]
            value = float(fraction * magnitude)
            yield _Core(m.start(), m.end(), value, value, value, "", "fraction", True)
            continue
        end = m.end("den") if m.group("den") else m.end("half")
        if not _PROPORTION_FOLLOWS.match(text, end):
            continue  # "a third party", "the second half": not a share of anything
        if m.group("half") and _previous_word(text, m.start())[0].lower() in _NOT_A_SHARE_BEFORE:
            continue
        percent = float(fraction * 100)
        yield _Core(m.start(), end, percent, percent * 19 / 20, percent * 21 / 20, "percent", "fraction", True)


def _ratio_cores(text: str):
    for m in _RATIO.finditer(text):
        numerator, denominator = _ratio_term(m.group("num")), _ratio_term(m.group("den"))
        if not 0 < numerator < denominator <= 1000:
            continue
        percent = 100 * numerator / denominator
        yield _Core(m.start(), m.end(), percent, percent * 19 / 20, percent * 21 / 20, "percent", "ratio", True)


def _ratio_term(term: str) -> float:
    word = re.sub(r"(?i)^a\s+", "", term).lower()
    if word.isdigit():
        return float(word)
    return float(_SMALL.get(word) or _TENS.get(word) or _MAGNITUDES.get(word, 0))


def _vague(text: str):
    for m in _VAGUE.finditer(text):
        phrase = " ".join(m.group().lower().split())
        key = phrase if phrase in VAGUE_QUANTITIES else phrase + " of"
        low, high = VAGUE_QUANTITIES[key]
        has_of = phrase.endswith(" of")
        unit, pronoun = _counted_noun(text, m.end(), counting=True, after_of=has_of, may_skip_of=not has_of)
        if not unit and not pronoun and not (key in _STANDS_ALONE and not has_of):
            continue  # "a number" alone, "a wave of anger": no countable thing
        yield Quantity(m.start(), m.end(), m.group(), float(low), float(high), None, "vague", unit, True)


# --- from a number to a quantity -----------------------------------------------------------------------------------


def _quantity(text: str, core: _Core) -> Quantity | None:
    end, unit = core.end, core.unit
    marked = core.marked
    if core.kind in ("digits", "words") and not unit:  # a currency is not a percentage
        points = _PERCENT_POINTS.match(text, end)
        percent = None if points else _PERCENT.match(text, end)
        if points:
            end, unit, marked = points.end(), "percentage point", True
        elif percent:
            end, unit, marked = percent.end(), "percent", True
    if core.kind in ("digits", "words") and _in_range(text, core):
        return None
    if not marked and _names_something_else(text, core):
        return None

    hedge = None
    before = _HEDGE_BEFORE.search(text, max(0, core.start - _HEDGE_WINDOW), core.start)
    start = core.start
    if before:
        hedge = _HEDGES[" ".join(before.group().lower().split())]
        start = before.start()
    after = _HEDGE_AFTER.match(text, end)
    if after and hedge is None:
        hedge = after.lastgroup
        end = after.end()

    if not unit:
        plural = core.value != 1
        unit, _ = _counted_noun(text, end, counting=plural, after_of=False, may_skip_of=core.value != 1)
    if not marked and not _counts_something(text, core, unit, hedge):
        return None

    low, high, bound = _interval(core.low, core.high, hedge)
    return Quantity(start, end, text[start:end], low, high, core.value, bound, unit, False)


def _interval(low: float, high: float, hedge: str | None) -> tuple[float, float, str]:
    if hedge is None or hedge == "exact":
        return low, high, "exact"
    if hedge == "approx":
        # Integer factors keep round figures round: 1400 * 11 / 10 is 1540.0, 1400 * 1.1 is not.
        return low * 9 / 10, high * 11 / 10, "approx"
    if hedge == "below":
        return low * 9 / 10, high, "approx"
    if hedge == "just_over":
        return low, high * 11 / 10, "more_than"
    if hedge in ("more_than", "at_least"):
        return low, math.inf, hedge
    return 0.0, high, hedge  # less_than, at_most


def _names_something_else(text: str, core: _Core) -> bool:
    """Dates, times, ordinals-as-names and numbers that are part of a name ("Channel 4", "Formula One")."""
    if core.kind not in ("digits", "words"):
        return False
    before = text[max(0, core.start - 40) : core.start]
    if _MONTH_AFTER.match(text, core.end):
        return True
    if _MONTH_BEFORE.search(before):
        # "October 11" is a date, but in "In May 10 people died" the number counts something.
        following = _WORD.match(text, core.end)
        return not (following and following.group(1)[0].islower() and _is_plural(following.group(1)))
    if _TIME_AFTER.match(text, core.end) or _ORDINAL_TAIL.match(text, core.end):
        return True  # "10pm", "twenty-first"
    previous, previous_start = _previous_word(text, core.start)
    if previous.lower() in ("at", "by", "from", "until", "till") and _CLOCK.fullmatch(text[core.start : core.end]):
        return True  # "at 10.30"
    if previous.lower() in _NAMING_WORDS:
        return True
    if text[core.start : core.start + 1].isupper() and not _at_sentence_start(text, core.start):
        return True  # "Formula One", "Two Sisters"
    return (
        core.kind == "digits"
        and previous[:1].isupper()
        and not previous.endswith(("'s", "’s", "."))
        and not _at_sentence_start(text, previous_start)
    )  # "Boeing 737", "Apollo 11", "Windows 10"


def _in_range(text: str, core: _Core) -> bool:
    """Either end of a range ("18 to 24", "between 10 and 15"): neither number is the amount."""
    before = text[max(0, core.start - 60) : core.start]
    return bool(
        _RANGE_AFTER.match(text, core.end)
        or _RANGE_BEFORE.search(before)
        or _IDIOM_HYPHEN.match(text, core.end)  # not a range, but as plainly not a count
    )


def _counts_something(text: str, core: _Core, unit: str, hedge: str | None) -> bool:
    """Years and the pronoun "one" are numbers that count nothing."""
    number = text[core.start : core.end]
    previous = _previous_word(text, core.start)[0].lower()
    if core.kind == "digits" and re.fullmatch(r"\d{4}", number) and 1900 <= core.value <= 2100:
        # A year, unless it plainly counts something: "2000 adults", not "in 2019 councillors said".
        following = _WORD.match(text, core.end)
        return bool(unit) and previous not in _YEAR_WORDS and bool(following) and following.group(1)[0].islower()
    if core.kind == "words" and number.lower() == "one" and hedge is None:
        if previous in _NOT_COUNTING_ONE_AFTER or text[core.end : core.end + 1] in ("-", "'", "’"):
            return False
        return bool(unit)  # "one of the", "the one who": no counted noun straight after
    return True


def _looks_like_phone(candidate: str) -> bool:
    return sum(c.isdigit() for c in candidate) >= 9 and bool(re.search(r"[ ()\-.]", candidate))


def _previous_word(text: str, position: int) -> tuple[str, int]:
    """The word just before ``position`` (with only spaces between) and where it starts; ("", position) if none."""
    m = _PREVIOUS_WORD.search(text, max(0, position - 40), position)
    return (m.group(1), m.start(1)) if m else ("", position)


def _at_sentence_start(text: str, position: int) -> bool:
    return bool(_SENTENCE_START.search(text, max(0, position - 10), max(0, position)))


# --- the counted noun ----------------------------------------------------------------------------------------------


def _counted_noun(text: str, position: int, *, counting: bool, after_of: bool, may_skip_of: bool) -> tuple[str, bool]:
    """(unit, pronoun) for the noun after ``position``: "150 Muslim Labour councillors" -> "councillor".

    ``counting`` is whether the number is more than one, so the noun is plural; ``pronoun`` is True when the
    quantity counts "them"/"those" rather than a noun.
    """
    hyphen = _HYPHEN_WORD.match(text, position)
    if hyphen:
        # "27-year-old", "a two-day strike"
        word = hyphen.group(1).lower()
        return ("" if word in _ADJECTIVE_AFTER_HYPHEN else _singular(word)), False
    if may_skip_of and not after_of:
        of = _OF.match(text, position)
        if of:
            position, after_of = of.end(), True
    if after_of:
        if _PRONOUN.match(text, position):
            return "", True
        determiner = _DETERMINER.match(text, position)
        if determiner:
            position = determiner.end()
    words: list[str] = []
    for _ in range(4):  # up to three modifiers and the head
        m = _WORD.match(text, position)
        if not m:
            break
        word = m.group(1)
        lower = _bare(word).lower()
        if lower in _STOP or lower in _VERBS:
            break
        if (
            not counting
            and words
            and (_is_plural(word) or lower.endswith("ing") or (word[0].isupper() and not words[-1][0].isupper()))
        ):
            # After a singular noun an "-s" or "-ing" word is its verb ("one councillor says", "one MP telling") and
            # a capitalised word starts a name ("one councillor Ali").
            break
        if lower.endswith("ed") and len(lower) > 3 and lower not in _ED_NOUNS:
            # A participle is a modifier only before a plural noun ("elected councillors"); otherwise it is the verb.
            following = _WORD.match(text, m.end())
            if not (following and _is_plural(following.group(1))):
                break
        words.append(word)
        position = m.end()
    if not words:
        return "", False
    if counting:
        for word in words:
            if _is_plural(word):
                return _singular(_bare(word).lower()), False
        for word in words:
            if _bare(word).lower() in _INVARIANT:
                return _bare(word).lower(), False
        return "", False
    head = _bare(words[-1]).lower()
    return ("people" if head in ("person", "persons") else head), False


def _bare(word: str) -> str:
    return re.sub(r"['’]s?$", "", word)


def _is_plural(word: str) -> bool:
    bare = _bare(word)
    lower = bare.lower()
    if lower in _IRREGULAR or lower in _INVARIANT:
        return lower not in ("person", "quid")
    if len(lower) > 5 and lower.endswith("men") and lower not in ("specimen", "abdomen", "regimen", "acumen"):
        return True
    # A capital S ("US", "NHS") ends an acronym, not a plural; "MPs" is a plural.
    return (
        len(bare) > 2
        and bare.endswith("s")
        and not lower.endswith(("ss", "us", "ous"))
        and lower not in _NOT_PLURAL
        and lower not in _STOP
    )


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _INVARIANT:
        return word
    if word.endswith("men") and len(word) > 5:
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
