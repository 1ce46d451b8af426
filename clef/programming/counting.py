"""Counting votes: pure functions, no database. A poll's three kinds.

- **Consent**: a proposal passes unless someone objects; any objection keeps it open.
- **Majority**: for, against, abstain. It passes with more for than against, when those
  who voted (present and represented, abstentions included) reach the quorum; a tie
  does not pass.
- **Ranking**: each voter orders the candidates (best first; those left out come last,
  tied among themselves); counted by the Schulze method (Markus Schulze, "A new
  monotonic, clone-independent, reversal symmetric, and Condorcet-consistent
  single-winner election method", 2011), shown with its pairwise table: how many voters
  prefer each candidate to each other, then the strength of the strongest path between
  them.

**Ties**: two candidates neither of whom beats the other by their strongest paths are
ordered by their place in the poll (its order is the agenda's: the proposal submitted
first comes first). The rule is plain, known before the vote and the same for everyone.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ConsentResult:
    consents: int
    objections: int

    @property
    def adopted(self):
        return self.objections == 0


def count_consent(answers):
    """``answers``: "consent" or "object" per voter."""
    answers = list(answers)
    objections = sum(1 for answer in answers if answer == "object")
    return ConsentResult(consents=len(answers) - objections, objections=objections)


@dataclass(frozen=True)
class MajorityResult:
    votes_for: int
    against: int
    abstain: int
    quorum: int

    @property
    def voters(self):
        return self.votes_for + self.against + self.abstain

    @property
    def quorum_met(self):
        return self.voters >= self.quorum

    @property
    def adopted(self):
        return self.quorum_met and self.votes_for > self.against


def count_majority(answers, *, quorum):
    """``answers``: "for", "against" or "abstain" per voter; ``quorum``: how many must
    have voted for the result to count."""
    answers = list(answers)
    return MajorityResult(
        votes_for=answers.count("for"),
        against=answers.count("against"),
        abstain=answers.count("abstain"),
        quorum=quorum,
    )


@dataclass
class RankingResult:
    candidates: list  # in the poll's order
    preferences: dict  # (a, b) -> voters preferring a to b
    strengths: dict  # (a, b) -> strength of the strongest path from a to b
    order: list = field(default_factory=list)  # the result, best first

    def beats(self, a, b):
        return self.strengths[a, b] > self.strengths[b, a]

    def winners(self, number):
        return self.order[:number]


def pairwise(candidates, rankings):
    """The pairwise table: for each ordered pair (a, b), how many voters rank a above b.
    A ranking lists candidates best first; those it leaves out are tied last; a
    candidate it does not know is ignored."""
    known = set(candidates)
    table = {(a, b): 0 for a in candidates for b in candidates if a != b}
    for ranking in rankings:
        ranked = [c for c in dict.fromkeys(ranking) if c in known]
        place = {c: i for i, c in enumerate(ranked)}
        last = len(ranked)
        for a in candidates:
            for b in candidates:
                if a != b and place.get(a, last) < place.get(b, last):
                    table[a, b] += 1
    return table


def strongest_paths(candidates, preferences):
    """Schulze's strongest paths (a widest-path Floyd–Warshall): a link a→b is as strong
    as the voters preferring a to b when they outnumber those preferring b to a."""
    strength = {}
    for a in candidates:
        for b in candidates:
            if a != b:
                d_ab, d_ba = preferences[a, b], preferences[b, a]
                strength[a, b] = d_ab if d_ab > d_ba else 0
    for i in candidates:
        for j in candidates:
            if i == j:
                continue
            for k in candidates:
                if k in (i, j):
                    continue
                strength[j, k] = max(strength[j, k], min(strength[j, i], strength[i, k]))
    return strength


def count_ranking(candidates, rankings):
    """Schulze on ``rankings`` (each a list of candidates, best first). The result's
    ``order`` puts first who beats the most others; the relation is transitive, so this
    is Schulze's own order, ties broken by the candidates' order as given."""
    candidates = list(candidates)
    preferences = pairwise(candidates, rankings)
    strengths = strongest_paths(candidates, preferences)
    result = RankingResult(candidates, preferences, strengths)
    position = {c: i for i, c in enumerate(candidates)}
    wins = {a: sum(1 for b in candidates if b != a and result.beats(a, b)) for a in candidates}
    result.order = sorted(candidates, key=lambda c: (-wins[c], position[c]))
    return result
