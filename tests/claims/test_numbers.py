from __future__ import annotations

import dataclasses
import itertools
import math
import time

import pytest

from xref.claims.numbers import BOUNDS, VAGUE_QUANTITIES, Quantity, compatible, find_quantities

BURNLEY = "There are 22 Labour councillors on Burnley Council and nine on Pendle Borough Council."
AFTERMATH = (
    "In the immediate aftermath of his comments in late October, more than 150 Muslim Labour councillors came together"
)
SURVEY = (
    "Overall, 27 per cent of Labour voters would sympathise with Palestinians over Israelis, while just nine per cent "
    "would sympathise primarily with Israelis, a survey of more than 2,500 UK adults"
)
ABDULLATIF = "Amna Abdullatif, a councillor in Ardwick in Manchester since 2019"
HAMAS = (
    "Israel began its operation in Gaza after Hamas killed more than 1,400 people in Israel and kidnapped more than "
    "200 others on 7 October."
)


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def summary(text: str) -> list[tuple[str, float | None, str, str]]:
    return [(q.text, q.value, q.bound, q.unit) for q in find_quantities(text)]


def interval(text: str) -> tuple[float, float]:
    quantity = only(text)
    return quantity.low, quantity.high


def agree(a: str, b: str) -> bool:
    return compatible(only(a), only(b))


# --- interface -----------------------------------------------------------------------------------------------------


def test_quantity_is_frozen_with_the_agreed_fields():
    assert [f.name for f in dataclasses.fields(Quantity)] == [
        "start",
        "end",
        "text",
        "low",
        "high",
        "value",
        "bound",
        "unit",
        "vague",
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        only("four councillors").value = 5  # type: ignore[misc]


ALL_KINDS = [
    BURNLEY,
    AFTERMATH,
    SURVEY,
    HAMAS,
    "It cost $2.2m, then £1.5bn, then €3 million and half a million people marched.",
    "About a dozen MPs, a third of voters and one in five adults; a string of resignations followed.",
    "Nearly two-thirds of the 1,400 people, at least 20 children and up to 50 staff: tens of thousands marched.",
    "“One county councillor resigned,” she said, as twenty-seven per cent backed a handful of councillors.",
]


@pytest.mark.parametrize("sentence", ALL_KINDS)
def test_offsets_reproduce_text_in_order_without_overlap(sentence):
    found = find_quantities(sentence)
    assert found
    for quantity in found:
        assert sentence[quantity.start : quantity.end] == quantity.text
        assert quantity.bound in BOUNDS
        assert quantity.low <= quantity.high
        assert quantity.vague == (quantity.bound == "vague") == (quantity.value is None)
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start


@pytest.mark.parametrize("sentence", ALL_KINDS)
def test_offsets_hold_inside_a_longer_text(sentence):
    padded = "Ünïcode — prefix… " + sentence
    assert [q.text for q in find_quantities(padded)] == [q.text for q in find_quantities(sentence)]
    for quantity in find_quantities(padded):
        assert padded[quantity.start : quantity.end] == quantity.text


def test_deterministic():
    assert find_quantities(SURVEY) == find_quantities(SURVEY)


def test_fast_enough_for_whole_articles():
    sentences = ALL_KINDS * 50
    began = time.perf_counter()
    for sentence in sentences:
        find_quantities(sentence)
    assert time.perf_counter() - began < 5


# --- the real sentences --------------------------------------------------------------------------------------------


def test_burnley_counts_councillors_then_an_unnamed_nine():
    # "nine on Pendle" gets no unit: the noun is not inherited across the coordination.
    assert summary(BURNLEY) == [("22", 22.0, "exact", "councillor"), ("nine", 9.0, "exact", "")]


def test_aftermath_more_than_150_councillors():
    quantity = only(AFTERMATH)
    assert (quantity.text, quantity.value, quantity.bound, quantity.unit) == (
        "more than 150",
        150.0,
        "more_than",
        "councillor",
    )
    assert quantity.high == math.inf


def test_survey_percentages_and_adults():
    assert summary(SURVEY) == [
        ("27 per cent", 27.0, "exact", "percent"),
        ("nine per cent", 9.0, "exact", "percent"),
        ("more than 2,500", 2500.0, "more_than", "adult"),
    ]


def test_since_2019_is_not_a_quantity():
    assert find_quantities(ABDULLATIF) == []


def test_hamas_sentence_skips_the_date():
    assert summary(HAMAS) == [
        ("more than 1,400", 1400.0, "more_than", "people"),
        ("more than 200", 200.0, "more_than", ""),
    ]


# --- numbers -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,400 people", 1400, "people"),
        ("2,200,000 people", 2_200_000, "people"),
        ("a 2.5 per cent rise", 2.5, "percent"),
        ("0.5 per cent", 0.5, "percent"),
        ("2.2 million Palestinians", 2_200_000, "palestinian"),
        ("2.2million Palestinians", 2_200_000, "palestinian"),
        ("a $2.2m deal", 2_200_000, "dollar"),
        ("a £1.5bn deal", 1_500_000_000, "pound"),
        ("€3 million", 3_000_000, "euro"),
        ("US$5 each", 5, "dollar"),
        ("a £500k fund", 500_000, "pound"),
        ("$1.2tn of debt", 1_200_000_000_000, "dollar"),
        ("1.5 billion pounds", 1_500_000_000, "pound"),
        ("50p", 50, "penny"),
        ("nine councillors", 9, "councillor"),
        ("twenty-seven people", 27, "people"),
        ("seventy two people", 72, "people"),
        ("two million Palestinians", 2_000_000, "palestinian"),
        ("one hundred and fifty thousand people", 150_000, "people"),
        ("two and a half million people", 2_500_000, "people"),
        ("a million people", 1_000_000, "people"),
        ("a dozen MPs", 12, "mp"),
        ("two dozen eggs", 24, "egg"),
        ("half a million people", 500_000, "people"),
        ("half a dozen MPs", 6, "mp"),
        ("a quarter of a million people", 250_000, "people"),
        ("three-quarters of a million", 750_000, ""),
        ("27 per cent", 27, "percent"),
        ("27%", 27, "percent"),
        ("27 percent", 27, "percent"),
        ("27pc of voters", 27, "percent"),
        ("ninety-nine per cent", 99, "percent"),
        ("a 5 percentage point lead", 5, "percentage point"),
    ],
)
def test_values_and_units(text, value, unit):
    quantity = only(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit
    assert not quantity.vague


def test_scale_and_currency_stay_in_the_text():
    assert [q.text for q in find_quantities("It cost $2.2m, then £1.5bn and €3 million.")] == [
        "$2.2m",
        "£1.5bn",
        "€3 million",
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one third of voters", 100 / 3),
        ("a quarter of Labour members", 25),
        ("half of Labour voters", 50),
        ("half the councillors", 50),
        ("two-thirds of the country", 200 / 3),
        ("one in five adults", 20),
        ("nine in ten voters", 90),
    ],
)
def test_fractions_of_a_group_are_percentages(text, value):
    quantity = only(text)
    assert quantity.unit == "percent"
    assert quantity.value == pytest.approx(value)
    # A fraction is a coarse figure: a few points either way.
    assert quantity.low < value < quantity.high
    assert quantity.high - quantity.low < value * 0.11


def test_a_third_agrees_with_33_per_cent_but_not_40():
    assert agree("a third of voters", "33 per cent of voters")
    assert not agree("a third of voters", "40 per cent of voters")
    assert agree("half of voters", "49%")


# --- implied precision and bounds ----------------------------------------------------------------------------------


def test_decimal_with_scale_implies_precision():
    assert interval("2.2 million") == pytest.approx((2_150_000, 2_250_000))
    assert interval("2.25 million") == pytest.approx((2_245_000, 2_255_000))
    assert interval("£1.5bn") == pytest.approx((1_450_000_000, 1_550_000_000))


@pytest.mark.parametrize("text", ["1,400 people", "two million", "2 million", "27 per cent", "a dozen", "2.5%"])
def test_stated_numbers_are_exact(text):
    quantity = only(text)
    assert quantity.bound == "exact"
    assert quantity.low == quantity.high == quantity.value


@pytest.mark.parametrize("hedge", ["about", "around", "some", "roughly", "approximately", "an estimated"])
def test_approximate_hedges_allow_ten_per_cent(hedge):
    quantity = only(f"{hedge} 1,400 people")
    assert quantity.text == f"{hedge} 1,400"
    assert (quantity.bound, quantity.value, quantity.unit) == ("approx", 1400, "people")
    assert (quantity.low, quantity.high) == pytest.approx((1260, 1540))


@pytest.mark.parametrize("hedge", ["nearly", "almost", "just under"])
def test_nearly_stays_below(hedge):
    quantity = only(f"{hedge} 1,400 people")
    assert quantity.bound == "approx"
    assert (quantity.low, quantity.high) == pytest.approx((1260, 1400))


@pytest.mark.parametrize(
    ("text", "bound", "low", "high"),
    [
        ("more than 2,500 adults", "more_than", 2500, math.inf),
        ("over 2,500 adults", "more_than", 2500, math.inf),
        ("above 5 per cent", "more_than", 5, math.inf),
        ("in excess of £1m", "more_than", 1_000_000, math.inf),
        ("just over 1,000 people", "more_than", 1000, 1100),
        ("at least 20 children", "at_least", 20, math.inf),
        ("no fewer than 20 children", "at_least", 20, math.inf),
        ("1,000 or more people", "at_least", 1000, math.inf),
        ("fewer than 100 people", "less_than", 0, 100),
        ("less than 5 per cent", "less_than", 0, 5),
        ("under 100 people", "less_than", 0, 100),
        ("up to 50 staff", "at_most", 0, 50),
        ("at most 50 staff", "at_most", 0, 50),
        ("no more than 50 staff", "at_most", 0, 50),
        ("about a dozen people", "approx", 10.8, 13.2),
        ("more than a third of voters", "more_than", 100 / 3 * 0.95, math.inf),
        ("more than two million Palestinians", "more_than", 2_000_000, math.inf),
    ],
)
def test_bounds(text, bound, low, high):
    quantity = only(text)
    assert quantity.bound == bound
    assert (quantity.low, quantity.high) == pytest.approx((low, high))
    assert text.startswith(quantity.text)


def test_bound_words_are_part_of_the_text():
    assert only("a survey of more than 2,500 UK adults").text == "more than 2,500"
    assert only("no more than 50 staff").text == "no more than 50"
    assert only("1,000 or more people").text == "1,000 or more"


# --- vague words ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "low", "high"),
    [
        ("a couple of", 2, 3),
        ("a few", 2, 9),
        ("a handful of", 2, 9),
        ("several", 3, 12),
        ("a string of", 2, 60),
        ("a series of", 2, 60),
        ("a swathe of", 2, 60),
        ("a number of", 2, 60),
        ("a wave of", 2, 60),
        ("a spate of", 2, 60),
        ("dozens of", 24, 199),
        ("scores of", 40, 199),
        ("hundreds of", 200, 1999),
        ("thousands of", 2000, 19999),
        ("tens of thousands of", 20000, 199999),
        ("millions of", 2e6, 2e9),
    ],
)
def test_vague_words_before_a_noun(phrase, low, high):
    assert VAGUE_QUANTITIES[phrase] == (low, high)
    quantity = only(f"Labour lost {phrase} councillors in the north")
    assert (quantity.text, quantity.low, quantity.high) == (phrase, low, high)
    assert (quantity.value, quantity.bound, quantity.unit, quantity.vague) == (None, "vague", "councillor", True)


def test_vague_table_is_ordered_by_magnitude_for_the_magnitude_words():
    order = ["a couple of", "dozens of", "hundreds of", "thousands of", "tens of thousands of", "millions of"]
    lows = [VAGUE_QUANTITIES[p][0] for p in order]
    assert lows == sorted(lows)


@pytest.mark.parametrize(
    "text",
    [
        "a number",
        "She is a number one fan.",
        "the number of people",
        "a wave of anger",
        "a few",
        "a couple",
        "in a series",
        "a host of the show",
    ],
)
def test_vague_words_without_a_counted_noun_are_not_quantities(text):
    assert find_quantities(text) == []


def test_vague_words_with_a_determiner_or_pronoun():
    assert summary("a number of the councillors quit") == [("a number of", None, "vague", "councillor")]
    assert summary("several of them quit") == [("several", None, "vague", "")]


def test_plural_magnitudes_stand_alone():
    assert summary("tens of thousands marched") == [("tens of thousands", None, "vague", "")]
    assert summary("Hundreds were injured") == [("Hundreds", None, "vague", "")]
    quantity = only("hundreds of thousands of people")
    assert (quantity.text, quantity.low, quantity.unit) == ("hundreds of thousands of", 200000, "people")


# --- units ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("150 Muslim Labour councillors came together", "councillor"),
        ("22 Labour councillors on", "councillor"),
        ("four councillors", "councillor"),
        ("22 other councillors", "councillor"),
        ("two more councillors", "councillor"),
        ("five senior UK officials", "official"),
        ("22 elected councillors", "councillor"),
        ("1,400 persons", "people"),
        ("one person", "people"),
        ("three children", "child"),
        ("two women", "woman"),
        ("12 MPs", "mp"),
        ("five Tories", "tory"),
        ("nine families", "family"),
        ("five churches", "church"),
        ("40 staff", "staff"),
        ("five years ago", "year"),
        ("a 27-year-old man", "year"),
        ("nine of the councillors", "councillor"),
        ("nine on Pendle Borough Council", ""),
        ("200 others", ""),
        ("£5 for a ticket", "pound"),
    ],
)
def test_unit_is_the_counted_noun(text, unit):
    assert only(text).unit == unit


def test_one_before_a_noun_is_a_quantity():
    assert summary("one county councillor resigned") == [("one", 1.0, "exact", "councillor")]
    assert summary("Four councillors and one county councillor quit the party.") == [
        ("Four", 4.0, "exact", "councillor"),
        ("one", 1.0, "exact", "councillor"),
    ]
    assert summary("one councillor says") == [("one", 1.0, "exact", "councillor")]
    assert summary("with one Labour MP telling Politico") == [("one", 1.0, "exact", "mp")]
    assert summary("One councillor said") == [("One", 1.0, "exact", "councillor")]
    assert summary("more than one councillor") == [("more than one", 1.0, "more_than", "councillor")]


def test_four_and_22_councillors():
    assert summary("four councillors") == [("four", 4.0, "exact", "councillor")]
    assert summary("22 Labour councillors") == [("22", 22.0, "exact", "councillor")]


# --- not quantities ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # years
        "in 2019",
        "since 2019",
        "the 2019 election",
        "In 2019 Labour councillors voted",
        "the 2019-20 season",
        "the 1990s",
        # dates
        "October 11",
        "on October 11, 2023",
        "11 October",
        "on 7 October",
        "the 11th of October",
        "May 5",
        "7/10/2023",
        # times
        "at 10pm",
        "at 10 pm",
        "at 9.30am",
        "at 10.30 on Monday",
        "at 10:30",
        "at ten o'clock",
        # ordinals
        "the first time",
        "the 2nd vote",
        "the third time",
        "the twenty-first century",
        # phone numbers
        "call 0161 234 5678 now",
        "call +44 20 7946 0958",
        "call 07700 900123",
        # numbers inside words and names
        "MP3 players",
        "the G7 summit",
        "COVID-19",
        "5G masts",
        "the M62",
        "Channel 4 reported",
        "Article 50 was triggered",
        "No 10 said",
        "page 3",
        "Formula One",
        "the Boeing 737 jets",
        # ranges, scores and fixed compounds
        "10-15 people",
        "a 3-1 win",
        "18 to 24-year-olds",
        "between 10 and 15 people",
        "from 22 to 30 councillors",
        "£5 to £10",
        "we need a two-state solution",
        # pronoun "one"
        "one of the councillors",
        "the one who left",
        "no one came",
        "they love one another",
        "any one of them",
        "at one point",
        "a one-off payment",
        "the second half of the season",
        "a third party",
    ],
)
def test_not_quantities(text):
    assert find_quantities(text) == []


def test_year_sized_number_that_counts_something():
    assert summary("a poll of 2000 adults") == [("2000", 2000.0, "exact", "adult")]
    assert summary("In 2019, 150 councillors quit") == [("150", 150.0, "exact", "councillor")]
    assert summary("In May 10 people died") == [("10", 10.0, "exact", "people")]


# --- compatibility -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2.2 million Palestinians", "more than two million Palestinians", True),
        ("1,400 people", "1,300 people", False),
        ("a string of resignations", "a series of resignations", True),
        ("a handful of councillors", "scores of councillors", False),
        ("27 per cent", "27%", True),
        ("2.2 million", "2.24 million", True),
        ("2.2 million", "2.4 million", False),
        ("2.2 million", "two million", False),
        ("about 1,400 people", "1,300 people", True),
        ("nearly 1,400 people", "1,450 people", False),
        ("fewer than 100 people", "120 people", False),
        ("fewer than 100 people", "80 people", True),
        ("more than 2 million", "1.9 million", False),
        ("at least 20 children", "dozens of children", True),
        ("several councillors", "a handful of councillors", True),
        ("hundreds of people", "thousands of people", False),
        ("a handful of councillors", "four councillors", True),
        ("dozens of people", "1,400 people", False),
    ],
)
def test_compatible(a, b, expected):
    assert agree(a, b) is expected
    assert agree(b, a) is expected


def test_percent_forms_share_unit_and_value():
    a, b = only("27 per cent"), only("27%")
    assert a.unit == b.unit == "percent"
    assert compatible(a, b)


def test_more_than_is_lenient_at_its_own_boundary():
    # Open bounds compare as closed: an outlet's "2 million" is usually itself rounded.
    assert agree("more than 2 million", "2 million")
    assert agree("fewer than 100 people", "100 people")
    assert only("more than 2 million").low == 2_000_000
    assert only("more than 2 million").bound == "more_than"
