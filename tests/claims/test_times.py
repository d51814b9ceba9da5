from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from xref.claims.times import TimeExpression, conflict, find_times

PUBLISHED = date(2023, 10, 18)  # a Wednesday


def texts(sentence: str, published: date | None = None) -> list[str]:
    return [t.text for t in find_times(sentence, published)]


def only(sentence: str, published: date | None = PUBLISHED) -> TimeExpression:
    found = find_times(sentence, published)
    assert len(found) == 1, found
    return found[0]


def span(sentence: str, published: date | None = PUBLISHED) -> tuple[date | None, date | None]:
    expression = only(sentence, published)
    return expression.earliest, expression.latest


def clash(a: str, b: str, published: date | None = PUBLISHED) -> bool:
    return conflict(only(a, published), only(b, published))


REAL_SENTENCES = [
    "The issue stemmed from the interview Sir Keir did with LBC Radio on October 11 in which he appeared to say",
    "Israel began its operation in Gaza after Hamas killed more than 1,400 people in Israel and kidnapped more than "
    "200 others on 7 October.",
    "Sir Keir's chief of staff, Sue Gray, and shadow foreign secretary David Lammy held urgent talks with council "
    "leaders on Monday night",
    "“We met on Monday, October 16, 2023,” she said, adding that talks resumed last week.",
    "Yesterday the minister told the BBC that mid-October 2022 was the worst point.",
]


@pytest.mark.parametrize("sentence", REAL_SENTENCES)
@pytest.mark.parametrize("published", [None, PUBLISHED])
def test_offsets_reproduce_text(sentence, published):
    found = find_times(sentence, published)
    assert found
    for expression in found:
        assert sentence[expression.start : expression.end] == expression.text
    assert [t.start for t in found] == sorted(t.start for t in found)


def test_offsets_are_code_points_after_non_ascii_text():
    sentence = "Ministers — “furious” — met on Tuesday 🙂 and again last week."
    for expression in find_times(sentence):
        assert sentence[expression.start : expression.end] == expression.text
    assert texts(sentence) == ["on Tuesday", "last week"]


def test_expressions_can_be_shifted_like_other_claim_parts():
    # The anatomy shifts sentence offsets into document offsets with dataclasses.replace.
    expression = only("on Monday")
    assert replace(expression, start=10, end=19).start == 10


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They met Monday.", "Monday"),
        ("They met on Monday.", "on Monday"),
        ("They met last Monday.", "last Monday"),
        ("They meet this Friday.", "this Friday"),
        ("They meet next Friday.", "next Friday"),
        ("Talks were held on Wednesday morning.", "on Wednesday morning"),
        ("Talks were held on Monday night.", "on Monday night"),
        ("Talks were held early on Tuesday.", "early on Tuesday"),
        ("Rockets hit in the early hours of Saturday.", "in the early hours of Saturday"),
        ("Talks were held yesterday.", "yesterday"),
        ("Talks were held yesterday afternoon.", "yesterday afternoon"),
        ("Talks are held today.", "today"),
        ("Talks are held tonight.", "tonight"),
        ("Talks were held overnight.", "overnight"),
        ("Talks were held last night.", "last night"),
        ("Talks were held last week.", "last week"),
        ("Talks were held this week.", "this week"),
        ("Talks were held earlier this week.", "earlier this week"),
        ("Talks were held last month.", "last month"),
        ("Talks were held earlier this month.", "earlier this month"),
        ("Talks were held this month.", "this month"),
        ("Talks were held last year.", "last year"),
        ("Talks were held over the weekend.", "over the weekend"),
        ("Talks were held on October 11.", "October 11"),
        ("Talks were held on 11 October.", "11 October"),
        ("Talks were held on Oct 11.", "Oct 11"),
        ("Talks were held on Oct. 11.", "Oct. 11"),
        ("Talks were held on Sept 11th.", "Sept 11th"),
        ("Talks were held on 11th October.", "11th October"),
        ("Talks were held on the 11th of October.", "11th of October"),
        ("Talks were held on October 11, 2023.", "October 11, 2023"),
        ("Talks were held on 7 October 2023.", "7 October 2023"),
        ("Talks were held in October.", "in October"),
        ("Talks were held in late October.", "in late October"),
        ("Talks were held early October.", "early October"),
        ("Talks were held in mid-October.", "in mid-October"),
        ("Talks were held at the end of October.", "the end of October"),
        ("Talks were held in October 2022.", "in October 2022"),
        ("Talks were held during May.", "during May"),
        ("Last week the talks ended.", "Last week"),
        ("On Monday the talks ended.", "On Monday"),
        ("Talks ended on Monday, October 16.", "on Monday, October 16"),
        ("Talks ended on Monday 16 October 2023.", "on Monday 16 October 2023"),
        ("Talks ended on Monday last week.", "on Monday last week"),
    ],
)
def test_recognised_forms(sentence, expected):
    assert texts(sentence) == [expected]
    assert texts(sentence, PUBLISHED) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "Prices have risen since 2019.",
        "The 2023 budget was cut.",
        "Ministers may decide later.",
        "Protesters will march on parliament.",
        "The Sunday Times reported the claims.",
        "He told the Sunday Telegraph he was innocent.",
        "She wrote in the Mail on Sunday.",
        "The Good Friday Agreement was signed in Belfast.",
        "Shoppers queued for Black Friday deals.",
        "He told the Today programme he would resign.",
        "The show Last Week Tonight mocked him.",
        "Crime has risen over the last year.",
        "It was the last night of the conference.",
        "She was an overnight success.",
        "Theresa May resigned.",
        "In May's cabinet he was a junior minister.",
        "In May 10 people died.",
        "Shops close on Mondays.",
        "The office is shut every Monday.",
        "Parliament sits on 30 February.",
        "Prices rose 7 per cent.",
    ],
)
def test_must_not_match(sentence):
    assert texts(sentence) == []
    assert texts(sentence, PUBLISHED) == []


def test_possessive_weekday_is_the_day_of_the_event():
    # "Monday's attack" happened on Monday, so the possessive names the day like "on Monday" does.
    expression = only("Monday's attack killed four.")
    assert (expression.text, expression.weekday, expression.earliest) == ("Monday", 0, date(2023, 10, 16))


def test_newspaper_name_and_a_real_weekday_in_one_sentence():
    assert texts("He told the Sunday Times on Monday that he would stay.") == ["on Monday"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks ran from Monday to Wednesday.",
        "Talks were held on Monday and Tuesday.",
        "Talks were held between 9 and 11 October.",
        "Talks were held on October 9-11.",
        "Talks were held 9-11 October.",
        "Talks were held on October 9 and October 11.",
        "Talks were held on Monday night into Tuesday.",
        "The deal must be signed by October 11.",
        "Fighting has continued since last week.",
        "The ceasefire holds until Friday.",
        "Nothing changed after Monday.",
    ],
)
def test_ranges_lists_and_boundaries_are_not_the_time_of_an_event(sentence):
    assert texts(sentence, PUBLISHED) == []


# --- resolution against the publication date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "earliest", "latest"),
    [
        ("on Monday", date(2023, 10, 16), date(2023, 10, 16)),
        ("Monday", date(2023, 10, 16), date(2023, 10, 16)),
        ("on Wednesday", date(2023, 10, 18), date(2023, 10, 18)),  # publication day itself
        ("on Thursday", date(2023, 10, 12), date(2023, 10, 12)),
        ("on Monday night", date(2023, 10, 16), date(2023, 10, 16)),
        ("last week", date(2023, 10, 9), date(2023, 10, 15)),
        ("this week", date(2023, 10, 16), date(2023, 10, 18)),
        ("earlier this week", date(2023, 10, 16), date(2023, 10, 18)),
        ("last weekend", date(2023, 10, 14), date(2023, 10, 15)),
        ("over the weekend", date(2023, 10, 14), date(2023, 10, 15)),
        ("yesterday", date(2023, 10, 17), date(2023, 10, 17)),
        ("today", date(2023, 10, 18), date(2023, 10, 18)),
        ("tonight", date(2023, 10, 18), date(2023, 10, 18)),
        ("last night", date(2023, 10, 17), date(2023, 10, 17)),
        ("overnight", date(2023, 10, 17), date(2023, 10, 18)),
        ("last month", date(2023, 9, 1), date(2023, 9, 30)),
        ("earlier this month", date(2023, 10, 1), date(2023, 10, 18)),
        ("last year", date(2022, 1, 1), date(2022, 12, 31)),
        ("October 11", date(2023, 10, 11), date(2023, 10, 11)),
        ("7 October", date(2023, 10, 7), date(2023, 10, 7)),
        ("December 15", date(2023, 12, 15), date(2023, 12, 15)),  # within two months ahead: this year
        ("December 30", date(2022, 12, 30), date(2022, 12, 30)),  # further ahead: last year
        ("October 11, 2021", date(2021, 10, 11), date(2021, 10, 11)),
        ("in October", date(2023, 10, 1), date(2023, 10, 31)),
        ("late October", date(2023, 10, 21), date(2023, 10, 31)),
        ("early October", date(2023, 10, 1), date(2023, 10, 10)),
        ("mid-October", date(2023, 10, 11), date(2023, 10, 20)),
        ("in late February", date(2023, 2, 21), date(2023, 2, 28)),
        ("in late February 2024", date(2024, 2, 21), date(2024, 2, 29)),
        ("on Monday last week", date(2023, 10, 9), date(2023, 10, 9)),
        ("on Friday this week", date(2023, 10, 20), date(2023, 10, 20)),
        ("this Friday", date(2023, 10, 20), date(2023, 10, 20)),
        ("next Monday", date(2023, 10, 23), date(2023, 10, 23)),
        # Both readings: the Friday just gone, or the one in the week before.
        ("last Friday", date(2023, 10, 6), date(2023, 10, 13)),
        ("next Friday", date(2023, 10, 20), date(2023, 10, 27)),
        ("last Wednesday", date(2023, 10, 11), date(2023, 10, 11)),  # on a Wednesday: a week ago
    ],
)
def test_resolution(sentence, earliest, latest):
    assert span(sentence) == (earliest, latest)


def test_weekday_resolution_keeps_weekday_and_calendar_day_keeps_month_day():
    assert only("on Monday").weekday == 0
    assert only("on Monday").month_day is None
    assert only("October 11").month_day == (10, 11)
    assert only("October 11").weekday is None
    merged = only("on Monday, October 16")
    assert (merged.weekday, merged.month_day, merged.earliest) == (0, (10, 16), date(2023, 10, 16))


def test_year_of_a_date_in_january_article():
    assert span("on December 28", date(2024, 1, 5)) == (date(2023, 12, 28), date(2023, 12, 28))
    assert span("last month", date(2024, 1, 5)) == (date(2023, 12, 1), date(2023, 12, 31))
    assert span("in December", date(2024, 1, 5)) == (date(2023, 12, 1), date(2023, 12, 31))


def test_february_29_without_year_in_a_common_year_is_kept_but_unresolved():
    expression = only("on February 29", date(2023, 3, 10))
    assert (expression.month_day, expression.earliest) == ((2, 29), None)
    assert texts("on February 29, 2023") == []  # no such day


def test_publication_as_datetime_is_accepted():
    assert span("on Monday", datetime(2023, 10, 18, 9, 30)) == (date(2023, 10, 16), date(2023, 10, 16))


def test_forward_looking_sentence_leaves_bare_weekday_unresolved():
    # "will vote on Thursday" in a Wednesday article is tomorrow, not last week's Thursday.
    expression = only("MPs will vote on Thursday.")
    assert (expression.weekday, expression.earliest, expression.latest) == (3, None, None)
    assert span("MPs will vote this week.") == (date(2023, 10, 16), date(2023, 10, 22))
    assert span("MPs are due to vote in March.") == (None, None)  # next March, or last?
    assert span("MPs are due to vote on October 26.") == (date(2023, 10, 26), date(2023, 10, 26))


@pytest.mark.parametrize(
    "sentence",
    ["on Monday", "last week", "earlier this month", "yesterday", "in October", "late October"],
)
def test_relative_expressions_without_publication_date_are_unresolved(sentence):
    assert span(sentence, None) == (None, None)


def test_without_publication_date():
    monday = only("on Monday", None)
    assert (monday.weekday, monday.earliest, monday.latest) == (0, None, None)
    day = only("October 11", None)
    assert (day.month_day, day.earliest, day.latest) == ((10, 11), None, None)
    full = only("7 October 2023", None)
    assert (full.month_day, full.earliest, full.latest) == ((10, 7), date(2023, 10, 7), date(2023, 10, 7))
    month = only("in October 2022", None)
    assert (month.earliest, month.latest) == (date(2022, 10, 1), date(2022, 10, 31))


# --- conflicts ------------------------------------------------------------------------------------------------------


def test_conflict_examples_from_the_brief():
    assert clash("on Monday", "on Wednesday", None) is True
    assert clash("last week", "October 11") is False
    assert clash("on Monday", "on October 16") is False
    assert clash("October 11", "October 12") is True
    assert clash("October 11", "October 12", None) is True
    assert clash("last week", "on Monday") is True  # the 16th is this week


@pytest.mark.parametrize(
    ("a", "b", "published", "expected"),
    [
        ("on Monday", "on Monday", None, False),
        ("on Monday", "on Wednesday", PUBLISHED, True),
        ("on Monday", "October 16", None, False),  # weekday against a calendar day: unknown without a date
        ("on Monday", "October 17", PUBLISHED, True),
        ("on Monday", "last week", None, False),
        ("last week", "earlier this month", PUBLISHED, False),
        ("last month", "October 11", PUBLISHED, True),
        ("yesterday", "October 17", PUBLISHED, False),
        ("yesterday", "on Monday", PUBLISHED, True),
        ("October 11", "October 11, 2023", None, False),
        ("October 11, 2023", "October 11, 2022", None, True),
        ("in October", "October 11", PUBLISHED, False),
        ("early October", "October 21", PUBLISHED, True),
        ("last Friday", "October 6", PUBLISHED, False),
        ("last Friday", "October 13", PUBLISHED, False),
        ("last Friday", "on Thursday", PUBLISHED, True),
        ("on Monday, October 16", "on Tuesday", None, True),
        ("on Monday, October 16", "October 16", None, False),
    ],
)
def test_conflict(a, b, published, expected):
    assert clash(a, b, published) is expected
    assert clash(b, a, published) is expected


@pytest.mark.parametrize(
    ("a", "b", "published"),
    [
        ("on Monday night", "early on Tuesday", None),
        ("on Monday night", "on Tuesday", None),
        ("on Monday", "on Tuesday morning", None),
        ("on Monday night", "on Tuesday", PUBLISHED),
        ("on Saturday night", "on Sunday", None),
        ("on Sunday night", "on Monday", None),  # wraps round the week
        ("overnight", "on Monday", PUBLISHED),  # 17th-18th against the 16th: only a day apart
        ("on Monday", "in the early hours of Tuesday", PUBLISHED),
    ],
)
def test_events_around_midnight_are_not_a_conflict(a, b, published):
    assert clash(a, b, published) is False
    assert clash(b, a, published) is False


def test_midnight_slack_is_one_day_only():
    assert clash("on Monday night", "on Wednesday", None) is True
    assert clash("on Tuesday night", "on Monday", None) is True  # the night after, not before


def test_unresolved_expressions_never_conflict():
    unresolved = TimeExpression(0, 9, "last week", None, None, None, None)
    for other in ("on Monday", "October 11", "in October", "yesterday"):
        assert conflict(unresolved, only(other)) is False


def test_expressions_resolved_against_different_publication_dates():
    # Each outlet's "on Monday" is its own Monday.
    assert conflict(only("on Monday", date(2023, 10, 18)), only("on Monday", date(2023, 10, 25))) is True
    assert conflict(only("on Monday", date(2023, 10, 18)), only("on Monday", date(2023, 10, 19))) is False


# --- real sentences -------------------------------------------------------------------------------------------------


def test_real_sentence_lbc_interview():
    found = find_times(REAL_SENTENCES[0], PUBLISHED)
    assert [t.text for t in found] == ["October 11"]
    assert found[0].month_day == (10, 11)
    assert found[0].earliest == date(2023, 10, 11)


def test_real_sentence_hamas_attack():
    found = find_times(REAL_SENTENCES[1], PUBLISHED)
    assert [t.text for t in found] == ["7 October"]
    assert found[0].month_day == (10, 7)


def test_real_sentence_monday_night():
    found = find_times(REAL_SENTENCES[2])
    assert [(t.text, t.weekday) for t in found] == [("on Monday night", 0)]


def test_real_sentence_with_several_times():
    found = find_times(REAL_SENTENCES[3], PUBLISHED)
    assert [t.text for t in found] == ["on Monday, October 16, 2023", "last week"]


def test_deterministic():
    first = [find_times(s, PUBLISHED) for s in REAL_SENTENCES]
    assert first == [find_times(s, PUBLISHED) for s in REAL_SENTENCES]
