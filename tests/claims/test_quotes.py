from xref.claims.quotes import find_quotations


def _texts(text):
    return [q.text for q in find_quotations(text)]


def test_straight_curly_and_mismatched_marks():
    assert _texts('He said "Israel had the right" to act.') == ["Israel had the right"]
    assert _texts("He said “Israel had the right” to act.") == ["Israel had the right"]
    assert _texts('described them as "horrifying” and “effectively endorsing a war crime".') == [
        "horrifying",
        "effectively endorsing a war crime",
    ]


def test_single_quotes_but_not_apostrophes():
    assert _texts("Starmer slammed for 'endorsing war crimes' over Hamas’s attack in the ’70s") == [
        "endorsing war crimes"
    ]
    assert _texts("Keir's stance and the party's position") == []


def test_quotation_running_on_or_continued_from_another_sentence():
    assert _texts("“At present, I feel unable to stand by my principles") == [
        "At present, I feel unable to stand by my principles"
    ]
    assert _texts("across people of all faiths and none.” The spokesman added more.") == [
        "across people of all faiths and none."
    ]


def test_offsets_reproduce_the_words_and_scare_quotes():
    text = "The party is 'haemorrhaging voters', a \"senior source\" said."
    for quotation in find_quotations(text):
        assert text[quotation.inner_start : quotation.inner_end] == quotation.text
        assert text[quotation.start] in "'\"" and quotation.is_scare_quote
