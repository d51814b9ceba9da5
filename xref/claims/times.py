"""Time expressions in one English news sentence, resolved against the article's publication date.

Two outlets reporting one event may date it differently ("on Monday" / "on Wednesday", "October 11" / "October 12"),
or word the same time differently ("last week" / "October 11" in an article published on 2023-10-18). Resolving each
expression to an inclusive interval of days lets a detector tell the two cases apart.

Every rule leans towards silence, because a missed disagreement costs less than an invented one:

* ranges and lists ("Monday and Tuesday", "9-11 October") and boundaries ("since Monday", "by October 11") are
  dropped, since a single day read out of them would be wrong;
* in a sentence that looks ahead ("will", "is due to") a bare weekday is left unresolved, since it may be the coming
  one rather than the last one;
* ambiguous words are resolved to every reading they allow ("last Friday" written on a Wednesday covers both the
  Friday five days earlier and the one before), and ``conflict`` allows a day's slack for events around midnight
  ("Monday night" / "early Tuesday"), which time zones also shift.

Not recognised: numeric dates ("7/10/2023": day and month order differ between outlets), years alone ("since 2019"),
weekday abbreviations ("Sun" is a newspaper), and "N days ago".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

__all__ = ["TimeExpression", "conflict", "find_times"]


@dataclass(frozen=True)
class TimeExpression:
    start: int  # code-point offsets into the text passed in; text[start:end] == self.text
    end: int
    text: str
    earliest: date | None  # resolved inclusive interval; None when it cannot be resolved
    latest: date | None
    weekday: int | None  # 0=Monday..6=Sunday when the expression names a weekday
    month_day: tuple[int, int] | None  # (month, day) when it names a calendar day, with or without year


_DAY = timedelta(days=1)
# A calendar day without a year is the one in the publication year unless that lies further ahead than this, then the
# year before: reports look back far more often than ahead, but "the vote on November 30" in October is common.
_LOOKAHEAD = timedelta(days=62)

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS = {name: number for number, name in enumerate(_FULL_MONTHS, start=1)} | {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}
# Longest first so that "Sept" is not cut to "Sep" and "September" not to either.
_ANY_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"

# Month names are matched capitalised only: lower-case "may" and "march" are a modal and a verb.
# The range guards keep "October 9-11", "9-11 October", "9 and 11 October" from reading as one day.
_DATE_MONTH_FIRST = re.compile(
    rf"(?<!Theresa )\b(?P<month>{_ANY_MONTH})\b(?:\.(?=\s))?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:[-–—/&]|and\b|or\b|to\b)\s*\d)"
    # "In May 10 people died": the number counts something.
    r"(?!\s*(?:%|(?:per\s*cent|percent|million|billion|thousand|hundred|people|men|women|children|years|months"
    r"|weeks|days|hours|minutes)\b))"
    rf"(?:,?\s+{_YEAR})?"
)
_DATE_DAY_FIRST = re.compile(
    r"(?<![\w.,:/\-–—£$€%])(?<!and )(?<!or )(?<!to )(?<!& )"
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{_ANY_MONTH})\b(?!['’]s\b)"
    rf"(?:,?\s+{_YEAR})?"
)
# A month alone counts only with a preposition or part ("in October", "late October") or a year: a bare capitalised
# month name is too often something else ("May" the surname). Abbreviations need a day to be trusted.
# Days of the month each part covers; the end is cut to the month's length.
_MONTH_PARTS = {
    "early": (1, 10),
    "beginning of": (1, 10),
    "start of": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
    "end of": (21, 31),
}
_MONTH_ALONE = re.compile(
    r"(?:\b(?P<lead>[Ii]n|[Dd]uring)\s+)?"
    r"(?:\b(?P<part>(?:the\s+)?(?:beginning|start|end)\s+of|[Ee]arly|[Ll]ate|[Mm]id)(?:-|\s+))?"
    rf"\b(?P<month>{'|'.join(_FULL_MONTHS)})\b(?!['’]s\b)(?:\s+{_YEAR})?(?!\s*\d)"
)

# Capitalised phrases in which a weekday is a name or a holiday, not the day of the event.
_NOT_A_DAY_BEFORE = (
    "Good",
    "Black",
    "Bloody",
    "Super",
    "Cyber",
    "Easter",
    "Ash",
    "Palm",
    "Maundy",
    "Holy",
    "Shrove",
    "Giving",
    "Whit",
    "Fat",
    "Manic",
    "Girl",
    "Man",
    "Mail on",
    "Sun on",
    "Star on",
    "Independent on",
    "Mirror on",
    "Express on",
)
_NOT_A_DAY_AFTER = (
    "Times",
    "Telegraph",
    "Mirror",
    "Express",
    "People",
    "Post",
    "Herald",
    "Independent",
    "World",
    "Mail",
    "Sport",
    "Star",
    "Sun",
    "Tribune",
    "Observer",
    "Record",
    "Agreement",
    "Night",
    "Morning",
    "Politics",
    "Briefing",
    "Club",
    "Show",
    "Review",
    "Edition",
    "Magazine",
    "Addams",
    "with Laura",
)
_WEEKDAY = re.compile(
    r"(?:\b(?P<lead>[Ii]n\s+the\s+early\s+hours\s+of|[Ee]arly\s+on|[Ll]ate\s+on|[Ee]arly|[Ll]ate|[Oo]n|[Ll]ast"
    r"|[Tt]his|[Nn]ext)\s+)?"
    + "".join(f"(?<!{words} )" for words in _NOT_A_DAY_BEFORE)
    + rf"\b(?P<weekday>{'|'.join(_WEEKDAYS)})\b"  # "Mondays" (habitual) fails the \b
    + rf"(?!\s+(?:{'|'.join(_NOT_A_DAY_AFTER)})\b)"
    + r"(?:\s+(?P<part>morning|afternoon|evening|night|lunchtime))?"
)

# Words that, placed before a time, make it a boundary or a habit rather than the time of the event.
_BOUNDARY_WORDS = frozenset("since until till before after from by through throughout to between every each".split())
_PRECEDING_WORD = re.compile(r"([A-Za-z]+)[ \t]*$")
# Two times joined by these form a range or a list; no single one of them is the time of the event.
_JOINED = re.compile(r"[\s,]*(?:(?:and|or|to|through|till|until|into|then|&|-|–|—|/)[\s,]*)?")
_WEEK_PHRASE = re.compile(r"(?i:earlier\s+this|this|last|next)\s+week")
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|(?:is|are|was|were)\s+(?:due|set|expected|scheduled|planned|poised)\s+to"
    r"|scheduled\s+for|plans?\s+to|planning\s+to|going\s+to|upcoming|ahead\s+of)\b|['’]ll\b",
    re.IGNORECASE,
)
# Parts of a day that run into the next day, or come out of the previous one.
_LATE_PART = re.compile(r"\b(?:night|evening|overnight|tonight)\b|\b(?i:late)\s+(?:on\s+)?[A-Z]\w*day\b")
_EARLY_PART = re.compile(r"\b(?:morning|dawn|overnight|early\s+hours)\b|\b(?i:early)\s+(?:on\s+)?[A-Z]\w*day\b")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_span(year: int, month: int) -> tuple[date, date]:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1), following - _DAY


def _previous_month(p: date) -> tuple[date, date]:
    return _month_span(p.year - 1, 12) if p.month == 1 else _month_span(p.year, p.month - 1)


def _next_month(p: date) -> tuple[date, date]:
    return _month_span(p.year + 1, 1) if p.month == 12 else _month_span(p.year, p.month + 1)


def _over_the_weekend(p: date, future: bool) -> tuple[date, date] | None:
    if future:
        return None
    if p.weekday() >= 5:
        return _monday(p) + 5 * _DAY, p
    return _monday(p) - 2 * _DAY, _monday(p) - _DAY


_Resolver = Callable[[date, bool], tuple[date, date] | None]
# Relative phrases. The ones open towards the future ("this week") cover the rest of the period only when the sentence
# looks ahead; otherwise they end at publication, as a report of something that happened.
_RELATIVE: tuple[tuple[re.Pattern[str], _Resolver], ...] = (
    (re.compile(r"\b[Yy]esterday(?:\s+(?:morning|afternoon|evening|lunchtime))?\b"), lambda p, f: (p - _DAY,) * 2),
    (
        re.compile(r"\b(?:[Ee]arlier\s+today|[Tt]oday|[Tt]onight|[Tt]his\s+(?:morning|afternoon|evening))\b"),
        lambda p, f: (p, p),
    ),
    (re.compile(r"\b[Ll]ast\s+night\b"), lambda p, f: (p - _DAY,) * 2),
    # "an overnight success" is not a time.
    (
        re.compile(r"\b[Oo]vernight\b(?!\s+(?:success|sensation|star|stay|stays|bag|oats|hit|fame)\b)"),
        lambda p, f: (p - _DAY, p),
    ),
    (re.compile(r"\b[Ee]arlier\s+this\s+week\b"), lambda p, f: (_monday(p), p)),
    (re.compile(r"\b[Tt]his\s+week\b"), lambda p, f: (_monday(p), _monday(p) + 6 * _DAY if f else p)),
    (re.compile(r"\b[Ll]ater\s+this\s+week\b"), lambda p, f: (p, _monday(p) + 6 * _DAY)),
    (re.compile(r"\b[Ll]ast\s+week\b"), lambda p, f: (_monday(p) - 7 * _DAY, _monday(p) - _DAY)),
    (re.compile(r"\b[Nn]ext\s+week\b"), lambda p, f: (_monday(p) + 7 * _DAY, _monday(p) + 13 * _DAY)),
    (re.compile(r"\b[Ll]ast\s+weekend\b"), lambda p, f: (_monday(p) - 2 * _DAY, _monday(p) - _DAY)),
    (re.compile(r"\b[Oo]ver\s+the\s+weekend\b"), _over_the_weekend),
    (re.compile(r"\b[Ll]ast\s+month\b"), lambda p, f: _previous_month(p)),
    (re.compile(r"\b[Ee]arlier\s+this\s+month\b"), lambda p, f: (p.replace(day=1), p)),
    (re.compile(r"\b[Tt]his\s+month\b"), lambda p, f: (p.replace(day=1), _month_span(p.year, p.month)[1] if f else p)),
    (re.compile(r"\b[Ll]ater\s+this\s+month\b"), lambda p, f: (p, _month_span(p.year, p.month)[1])),
    (re.compile(r"\b[Nn]ext\s+month\b"), lambda p, f: _next_month(p)),
    (re.compile(r"\b[Ll]ast\s+year\b"), lambda p, f: (date(p.year - 1, 1, 1), date(p.year - 1, 12, 31))),
    (re.compile(r"\b[Ee]arlier\s+this\s+year\b"), lambda p, f: (date(p.year, 1, 1), p)),
    (re.compile(r"\b[Tt]his\s+year\b"), lambda p, f: (date(p.year, 1, 1), date(p.year, 12, 31) if f else p)),
    (re.compile(r"\b[Ll]ater\s+this\s+year\b"), lambda p, f: (p, date(p.year, 12, 31))),
    (re.compile(r"\b[Nn]ext\s+year\b"), lambda p, f: (date(p.year + 1, 1, 1), date(p.year + 1, 12, 31))),
)


def find_times(text: str, published: date | None = None) -> list[TimeExpression]:
    """Time expressions in ``text`` (one sentence), in order, offsets relative to it.

    ``published`` is the article's publication date; without it only expressions that carry their own year resolve.
    """
    if isinstance(published, datetime):  # a datetime compares unequal to every date
        published = published.date()
    future = bool(_FUTURE.search(text))
    candidates = [
        *_weekdays(text, published, future),
        *_calendar_days(text, published, future),
        *_months(text, published, future),
        *_relatives(text, published, future),
    ]
    # Longest first, then leftmost: "on Monday night" wins over "Monday", "October 11, 2023" over "October 11".
    chosen: list[TimeExpression] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(candidate.end <= c.start or c.end <= candidate.start for c in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    merged = _merge_refinements(text, chosen)
    return [
        expression
        for index, expression in enumerate(merged)
        if not _joined_to_neighbour(text, merged, index) and not _bounded(text, expression.start)
    ]


def conflict(a: TimeExpression, b: TimeExpression) -> bool:
    """True only when ``a`` and ``b`` cannot be the time of one event; anything unknown is no conflict."""
    if a.earliest is not None and a.latest is not None and b.earliest is not None and b.latest is not None:
        if a.latest < b.earliest and ((b.earliest - a.latest).days > 1 or not _across_midnight(a, b)):
            return True
        if b.latest < a.earliest and ((a.earliest - b.latest).days > 1 or not _across_midnight(b, a)):
            return True
    if (
        a.weekday is not None
        and b.weekday is not None
        and a.weekday != b.weekday
        and not _adjacent_with_slack(a, b, (b.weekday - a.weekday) % 7, (a.weekday - b.weekday) % 7)
    ):
        return True
    if a.month_day is not None and b.month_day is not None and a.month_day != b.month_day:
        # A leap year stands in for the unknown one, so that "February 29" is a valid day; % 366 wraps New Year's Eve.
        forward = (date(2000, *b.month_day) - date(2000, *a.month_day)).days % 366
        backward = (date(2000, *a.month_day) - date(2000, *b.month_day)).days % 366
        if not _adjacent_with_slack(a, b, forward, backward):
            return True
    return False


def _adjacent_with_slack(a: TimeExpression, b: TimeExpression, forward: int, backward: int) -> bool:
    return (forward == 1 and _across_midnight(a, b)) or (backward == 1 and _across_midnight(b, a))


def _across_midnight(first: TimeExpression, second: TimeExpression) -> bool:
    """Whether ``first`` (a day) and ``second`` (the day after) may both name an event around midnight."""
    return bool(_LATE_PART.search(first.text) or _EARLY_PART.search(second.text))


def _weekdays(text: str, published: date | None, future: bool) -> list[TimeExpression]:
    found = []
    for match in _WEEKDAY.finditer(text):
        lead = " ".join((match["lead"] or "").lower().split())
        if lead in ("last", "next") and _preceding_word(text, match.start()) == "the":
            continue  # "the last Monday of the month" is not a week-relative day
        weekday = _WEEKDAYS.index(match["weekday"])
        earliest = latest = None
        if published is not None:
            span = _resolve_weekday(weekday, lead, published, future)
            if span is not None:
                earliest, latest = span
        found.append(TimeExpression(match.start(), match.end(), match[0], earliest, latest, weekday, None))
    return found


def _resolve_weekday(weekday: int, lead: str, p: date, future: bool) -> tuple[date, date] | None:
    monday = _monday(p)
    recent = p - timedelta(days=(p.weekday() - weekday) % 7)  # on or before publication
    if lead == "last":
        # On the same weekday "last Monday" is a week ago; on other days it means the most recent one to some writers
        # and the one in the week before to others, so it covers both.
        return (p - 7 * _DAY,) * 2 if recent == p else (recent - 7 * _DAY, recent)
    if lead == "this":
        return (monday + weekday * _DAY,) * 2
    if lead == "next":
        following_week = monday + (weekday + 7) * _DAY
        # "next Friday" on a Wednesday may be two days or nine days away.
        return (following_week,) * 2 if weekday <= p.weekday() else (following_week - 7 * _DAY, following_week)
    return None if future else (recent, recent)


def _calendar_days(text: str, published: date | None, future: bool) -> list[TimeExpression]:
    found = []
    for pattern in (_DATE_MONTH_FIRST, _DATE_DAY_FIRST):
        for match in pattern.finditer(text):
            month, day = _MONTHS[match["month"]], int(match["day"])
            if not _valid_day(month, day):
                continue
            resolved: date | None = None
            if match["year"]:
                try:
                    resolved = date(int(match["year"]), month, day)
                except ValueError:  # February 29 of a common year
                    continue
            elif published is not None:
                resolved = _in_likely_year(month, day, published, future)
            found.append(TimeExpression(match.start(), match.end(), match[0], resolved, resolved, None, (month, day)))
    return found


def _valid_day(month: int, day: int) -> bool:
    try:
        date(2000, month, day)  # a leap year, so February 29 stays possible
    except ValueError:
        return False
    return True


def _in_likely_year(month: int, day: int, p: date, future: bool) -> date | None:
    try:
        candidate = date(p.year, month, day)
        if candidate > p + _LOOKAHEAD:
            candidate = date(p.year - 1, month, day)
    except ValueError:  # February 29 of a common year
        return None
    if future and candidate < p - _LOOKAHEAD:
        return None  # a forward-looking sentence may mean next year's
    return candidate


def _months(text: str, published: date | None, future: bool) -> list[TimeExpression]:
    found = []
    for match in _MONTH_ALONE.finditer(text):
        if not (match["lead"] or match["part"] or match["year"]):
            continue
        part = " ".join((match["part"] or "").lower().split()).removeprefix("the ")
        first_day, last_day = _MONTH_PARTS.get(part, (1, 31))
        month = _MONTHS[match["month"]]
        earliest = latest = None
        year = int(match["year"]) if match["year"] else None
        if year is None and published is not None:
            year = published.year
            if date(year, month, first_day) > published + _LOOKAHEAD:
                year -= 1
            if future and _month_span(year, month)[1] < published - _LOOKAHEAD:
                year = None
        if year is not None:
            month_end = _month_span(year, month)[1]
            earliest, latest = date(year, month, first_day), date(year, month, min(last_day, month_end.day))
        found.append(TimeExpression(match.start(), match.end(), match[0], earliest, latest, None, None))
    return found


def _relatives(text: str, published: date | None, future: bool) -> list[TimeExpression]:
    found = []
    for pattern, resolve in _RELATIVE:
        for match in pattern.finditer(text):
            if match[0][0].isupper() and not _sentence_start(text, match.start()):
                continue  # "the Today programme", "Last Week Tonight", "USA Today"
            if match[0].lower().startswith("last") and _preceding_word(text, match.start()) == "the":
                continue  # "over the last week" means the past seven days, not the calendar week before
            span = resolve(published, future) if published is not None else None
            earliest, latest = span if span is not None else (None, None)
            found.append(TimeExpression(match.start(), match.end(), match[0], earliest, latest, None, None))
    return found


def _merge_refinements(text: str, expressions: list[TimeExpression]) -> list[TimeExpression]:
    """Joins a weekday to the date or week that pins it down: "Monday, October 16", "on Monday last week"."""
    merged: list[TimeExpression] = []
    for expression in expressions:
        previous = merged[-1] if merged else None
        if previous is not None and previous.weekday is not None and previous.month_day is None:
            gap = text[previous.end : expression.start]
            joined = replace(expression, start=previous.start, text=text[previous.start : expression.end])
            if expression.month_day is not None and expression.weekday is None and re.fullmatch(r",?\s+|,", gap):
                merged[-1] = replace(joined, weekday=previous.weekday)
                continue
            leadless = not re.match(r"(?i:last|this|next)\b", previous.text)
            if leadless and re.fullmatch(r"\s+", gap) and _WEEK_PHRASE.fullmatch(expression.text):
                day = expression.earliest + previous.weekday * _DAY if expression.earliest is not None else None
                merged[-1] = replace(joined, earliest=day, latest=day, weekday=previous.weekday)
                continue
        merged.append(expression)
    return merged


def _joined_to_neighbour(text: str, expressions: list[TimeExpression], index: int) -> bool:
    before = expressions[index - 1] if index > 0 else None
    after = expressions[index + 1] if index + 1 < len(expressions) else None
    current = expressions[index]
    return (before is not None and _JOINED.fullmatch(text[before.end : current.start]) is not None) or (
        after is not None and _JOINED.fullmatch(text[current.end : after.start]) is not None
    )


def _preceding_word(text: str, position: int) -> str | None:
    match = _PRECEDING_WORD.search(text, 0, position)
    return match[1].lower() if match else None


def _bounded(text: str, position: int) -> bool:
    return _preceding_word(text, position) in _BOUNDARY_WORDS


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t\n\"'“‘([")
    return not before or before[-1] in ".!?:;—–-…"
