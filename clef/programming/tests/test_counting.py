"""Counting votes on worked examples from the literature."""

from clef.programming.counting import count_consent, count_majority, count_ranking

# Wikipedia, "Schulze method", the example of 45 voters and 5 candidates.
WIKIPEDIA = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def _ballots(groups):
    return [list(order) for count, order in groups for _ in range(count)]


def test_it_finds_the_wikipedia_example_pairwise_table():
    result = count_ranking("ABCDE", _ballots(WIKIPEDIA))
    d = result.preferences
    assert [[d.get((a, b)) for b in "ABCDE"] for a in "ABCDE"] == [
        [None, 20, 26, 30, 22],
        [25, None, 16, 33, 18],
        [19, 29, None, 17, 24],
        [15, 12, 28, None, 14],
        [23, 27, 21, 31, None],
    ]


def test_it_finds_the_wikipedia_example_strongest_paths_and_order():
    result = count_ranking("ABCDE", _ballots(WIKIPEDIA))
    p = result.strengths
    assert [[p.get((a, b)) for b in "ABCDE"] for a in "ABCDE"] == [
        [None, 28, 28, 30, 24],
        [25, None, 28, 33, 24],
        [25, 29, None, 29, 24],
        [25, 28, 28, None, 24],
        [25, 28, 28, 31, None],
    ]
    assert result.order == ["E", "A", "C", "B", "D"]
    assert result.winners(3) == ["E", "A", "C"]


def test_it_elects_nashville_in_the_tennessee_example():
    # Wikipedia, "Condorcet method": the capital of Tennessee, voters in hundreds.
    groups = [
        (42, ["Memphis", "Nashville", "Chattanooga", "Knoxville"]),
        (26, ["Nashville", "Chattanooga", "Knoxville", "Memphis"]),
        (15, ["Chattanooga", "Knoxville", "Nashville", "Memphis"]),
        (17, ["Knoxville", "Chattanooga", "Nashville", "Memphis"]),
    ]
    cities = ["Memphis", "Nashville", "Chattanooga", "Knoxville"]
    result = count_ranking(cities, _ballots(groups))
    assert result.order == ["Nashville", "Chattanooga", "Knoxville", "Memphis"]
    assert result.preferences["Nashville", "Memphis"] == 58


def test_it_breaks_a_tie_by_the_order_of_the_poll():
    result = count_ranking(["first", "second"], [["second", "first"], ["first", "second"]])
    assert result.preferences == {("first", "second"): 1, ("second", "first"): 1}
    assert result.order == ["first", "second"]
    result = count_ranking(["second", "first"], [["second", "first"], ["first", "second"]])
    assert result.order == ["second", "first"]


def test_it_ranks_candidates_left_out_last_and_tied():
    result = count_ranking("ABC", [["B"], ["B", "C"], ["unknown", "A"]])
    assert result.preferences["B", "A"] == 2
    assert result.preferences["A", "C"] == 1
    assert result.preferences["C", "A"] == 1
    assert result.order == ["B", "A", "C"]


def test_it_keeps_a_consent_open_on_one_objection():
    assert count_consent(["consent", "consent", "object"]).adopted is False
    assert count_consent(["consent", "consent"]).adopted is True
    assert count_consent(["consent", "object", "object"]).objections == 2


def test_it_adopts_nothing_when_the_quorum_is_not_met():
    result = count_majority(["for", "for", "for", "abstain"], quorum=5)
    assert (result.votes_for, result.against, result.abstain) == (3, 0, 1)
    assert result.quorum_met is False
    assert result.adopted is False
    assert count_majority(["for", "for", "for", "abstain", "against"], quorum=5).adopted


def test_it_does_not_adopt_on_a_tie():
    assert count_majority(["for", "against", "abstain"], quorum=1).adopted is False
