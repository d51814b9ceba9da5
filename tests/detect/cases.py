"""Per-detector cases: pairs each detector must flag, and pairs it must leave silent.

Each case is (sentence of source A, sentence of source B, sentence cosine). They are written from common news
patterns, not copied from the seeds, so that they test the rule rather than one article.
"""

from __future__ import annotations

MUST_FLAG: dict[str, list[tuple[str, str, float]]] = {
    "number": [
        (
            "Gunmen kill 17 in attack on a wedding party in Yemen.",
            "Gunmen kill 14 in attack on a wedding party in Yemen.",
            0.95,
        ),
        (
            "Hamas killed 1,400 people in the attack on Saturday, officials said.",
            "Hamas killed 1,300 people in the attack on Saturday, officials said.",
            0.95,
        ),
        (
            "A handful of councillors quit the party over the leader's stance on the war.",
            "Scores of councillors quit the party over the leader's stance on the war.",
            0.9,
        ),
    ],
    "quote": [
        (
            'The minister said that "the country has the right" to close its borders.',
            'The minister said that "the country had the right" to close its borders.',
            0.95,
        ),
        (
            'She called the decision "a grave mistake for the whole region".',
            'She called the decision "a grave error for the whole region".',
            0.9,
        ),
        (
            "“We will not give up,” the minister said, “and we will fight to the end.”",
            "The minister said: “We will not give up and we will fight on.”",
            0.9,
        ),
    ],
    "qualifier": [
        (
            "The mayor accused the council of effectively ignoring the flood warnings.",
            "The mayor accused the council of ignoring the flood warnings.",
            0.9,
        ),
    ],
    "hedging": [
        (
            "The party is said to be losing voters over its stance on the war.",
            "The party is losing voters over its stance on the war.",
            0.9,
        ),
        (
            "In the interview the senator appeared to say the tax would rise next year.",
            "In the interview the senator said the tax would rise next year.",
            0.9,
        ),
        (
            "The senator was criticised for seemingly suggesting the tax would rise next year.",
            "The senator said the tax would rise next year.",
            0.7,
        ),
    ],
    "attribution": [
        (
            "The company claimed the new plant would create hundreds of jobs in the town.",
            "The company said the new plant would create hundreds of jobs in the town.",
            0.9,
        ),
        (
            'Angela Morris said: "We will not accept any deal that hurts farmers."',
            'Tom Baker said: "We will not accept any deal that hurts farmers."',
            0.9,
        ),
    ],
    "participants": [
        (
            "John Smith and Mary Jones held talks with union leaders on Monday about the strike.",
            "Peter Brown and Mary Jones held talks with union leaders on Monday about the strike.",
            0.9,
        ),
    ],
    "entity": [
        (
            "Councillor Kathryn Jenkin, 20, resigned from the party on Monday.",
            "Councillor Katie Jenkin, 20, resigned from the party on Monday.",
            0.95,
        ),
        (
            "Dr Sarah Patel, a councillor in Leeds, resigned from the party on Monday.",
            "Sarah Patel, a councillor in Leeds, resigned from the party on Monday.",
            0.9,
        ),
        (
            "Shadow foreign secretary David Lammy held talks with council leaders on Monday.",
            "Foreign secretary David Lammy held talks with council leaders on Monday.",
            0.95,
        ),
        (
            "She had been the NHS (National Health Service) lead for the region.",
            "She had been the NHS (National Housing Service) lead for the region.",
            0.9,
        ),
    ],
    "temporal": [
        (
            "The minister met the striking nurses on Monday in London to discuss pay.",
            "The minister met the striking nurses on Wednesday in London to discuss pay.",
            0.95,
        ),
    ],
    "loaded_language": [
        (
            "The party faces a rebellion over the leader's stance on the budget.",
            "The party faces criticism over the leader's stance on the budget.",
            0.85,
        ),
    ],
}

MUST_NOT_FLAG: dict[str, list[tuple[str, str, float]]] = {
    "number": [
        # Compatible: a rounded figure with a bound.
        (
            "The blockade affects the 2.2 million people who live in the territory.",
            "The blockade affects more than two million people who live in the territory.",
            0.95,
        ),
        # Bare numbers in different roles: an age and a number of days.
        (
            "Pin-up model Bettie Page died in a Los Angeles hospital at the age of 85.",
            "Bettie Page died in a Los Angeles hospital nine days after a heart attack.",
            0.9,
        ),
        # Counts of different things in one sentence: no pairing.
        (
            "There are 22 Labour councillors on one council and nine on the other.",
            "Four councillors and one county councillor quit the party.",
            0.7,
        ),
        (
            "A string of councillors resigned over the leader's remarks.",
            "A series of councillors resigned over the leader's remarks.",
            0.95,
        ),
    ],
    "quote": [
        # A shorter excerpt of the same quotation is not a change of wording.
        (
            'He said Israel has "the right" to defend itself.',
            'He said "Israel has the right" to defend itself.',
            0.9,
        ),
        # Case and punctuation only.
        (
            'She said it was "a grave mistake, for the whole region".',
            'She said it was "A grave mistake for the whole region."',
            0.95,
        ),
        # A quotation split by its attribution against the same quotation whole.
        (
            "“We will not give up,” the minister said, “and we will fight on.”",
            "The minister said: “We will not give up and we will fight on.”",
            0.9,
        ),
        # Different quotations.
        ('He said "the talks went well".', 'She said "nobody trusts the process".', 0.6),
    ],
    "qualifier": [
        ("The mayor effectively ignored the warnings.", "The mayor effectively ignored the warnings.", 0.99),
        ("The court effectively ended the case.", "The police arrested two men near the station.", 0.2),
    ],
    "hedging": [
        # Same force on both sides.
        ("The senator said the tax would rise.", "The senator told reporters the tax would rise.", 0.9),
        # Both hedge.
        (
            "The senator appeared to say the tax would rise.",
            "The senator seemed to suggest the tax would rise.",
            0.9,
        ),
        # Hearsay about something the other sentence does not state.
        (
            "The party is said to be losing voters over its stance.",
            "The party held talks with council leaders over its stance.",
            0.6,
        ),
        # The hedge governs something else.
        (
            "Officials said the fire seemed to start in the kitchen.",
            "The mayor said the budget would be cut.",
            0.3,
        ),
    ],
    "attribution": [
        ("The company said the plant would open.", "The company added that the plant would open.", 0.9),
        # A description and a name may be the same speaker.
        (
            'The party leader said: "We will not accept any deal that hurts farmers."',
            'Angela Morris said: "We will not accept any deal that hurts farmers."',
            0.9,
        ),
        # The accused is not the speaker.
        (
            "The minister has been accused of misleading parliament about the figures.",
            "The minister said parliament had the figures.",
            0.7,
        ),
        (
            'He added: "We will not accept any deal that hurts farmers."',
            'The minister said: "We will not accept any deal that hurts farmers."',
            0.9,
        ),
    ],
    "participants": [
        (
            "John Smith and Mary Jones held talks with union leaders.",
            "Mary Jones and John Smith held talks with union leaders.",
            0.95,
        ),
    ],
    "entity": [
        # Same surname, another given name: two people of one family.
        (
            "John Jenkin was charged with the murder of his sister in Millom.",
            "Katie Jenkin was found dead at the family home in Millom.",
            0.7,
        ),
        # A name that holds the other is the same person; descriptions are not offices.
        (
            "Comedian Ellen DeGeneres will host the Oscars next year, the academy said.",
            "Ellen DeGeneres will host the Oscars next year, the academy said.",
            0.95,
        ),
        (
            "Family spokesman Harlan Boll said the actress died in her sleep.",
            "Longtime publicist Harlan Boll said the actress died in her sleep.",
            0.95,
        ),
        # Courtesy titles are house style.
        (
            "Sir Keith Potter said the plan would fail.",
            "Mr Potter said the plan would fail.",
            0.9,
        ),
        # The same office told shorter.
        (
            "Labour leader Keir Starmer held talks with council leaders.",
            "Leader Keir Starmer held talks with council leaders.",
            0.95,
        ),
        (
            "Dr Sarah Patel resigned on Monday.",
            "Dr Sarah Patel resigned on Monday.",
            0.99,
        ),
    ],
    "temporal": [
        (
            "The minister met the nurses on Monday to discuss pay.",
            "The minister met the nurses on Monday night to discuss pay.",
            0.95,
        ),
        (
            "The minister met the nurses last week to discuss pay.",
            "The minister met the nurses on October 11 to discuss pay.",
            0.9,
        ),
    ],
    "loaded_language": [
        # Inside quotation marks the word is the speaker's.
        (
            'The leader said the party faced "a rebellion" over the budget.',
            "The leader said the party faced criticism over the budget.",
            0.85,
        ),
        # Both use it.
        (
            "The party faces a rebellion over the budget.",
            "A rebellion over the budget now faces the party.",
            0.9,
        ),
    ],
}
