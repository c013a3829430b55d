"""The relevance measures, from what a search returned and what it should have: no Django here.

For a query with the set R of cases it must find and the first ``K`` results:

* recall@K: the share of R among the first K results, out of min(|R|, K) (a query
  with more than K right answers can still score 1);
* reciprocal rank: 1 / the rank of the first case of R within the first K, 0 if none
  (its mean over queries is the MRR);
* nDCG@K: binary gains (1 for a case of R), discounted by log2(rank + 1), divided
  by the best possible ordering's — rewards finding R *and* putting it on top.

Cases judged *acceptable* for a query (the French or Spanish version of a case an
English query wants) neither count nor hurt: they are taken out of the first K
results before ranks are counted ("condensed" ranking), so finding them is no
reward and putting them first no penalty.

Queries that should find nothing are scored apart: their false-positive rate is
the share of them that returned any case at all (the total, not only the first K).
Averages are plain means over queries (every query weighs the same).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .relevance_queries import CATEGORIES, NOTHING

K = 10
FLOOR_FILE = Path(__file__).resolve().parents[1] / "relevance_floor.json"
#: Metrics that must stay at or above their floor, and the one that must stay at or below its ceiling.
AT_LEAST = ("recall@10", "mrr", "ndcg@10")
AT_MOST = ("false_positive_rate",)


def recall_at(ranked: Sequence[str], relevant: Iterable[str], k: int = K) -> float:
    wanted = set(relevant)
    if not wanted:
        raise ValueError("recall needs at least one relevant case")
    return len(wanted & set(ranked[:k])) / min(len(wanted), k)


def reciprocal_rank(ranked: Sequence[str], relevant: Iterable[str], k: int = K) -> float:
    wanted = set(relevant)
    for rank, key in enumerate(ranked[:k], start=1):
        if key in wanted:
            return 1 / rank
    return 0.0


def ndcg_at(ranked: Sequence[str], relevant: Iterable[str], k: int = K) -> float:
    wanted = set(relevant)
    if not wanted:
        raise ValueError("nDCG needs at least one relevant case")
    dcg = sum(1 / math.log2(rank + 1) for rank, key in enumerate(ranked[:k], start=1) if key in wanted)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(len(wanted), k) + 1))
    return dcg / ideal


def condensed(ranked: Sequence[str], acceptable: Iterable[str], k: int = K) -> list[str]:
    """The first ``k`` results without the acceptable ones (which neither count nor hurt)."""
    neutral = set(acceptable)
    return [key for key in ranked[:k] if key not in neutral]


@dataclass
class QueryResult:
    """One judged query as one backend answered it."""

    text: str
    category: str
    relevant: list[str]  # case slugs
    ranked: list[str]  # case slugs of the first K results, in order
    total: int  # every case the search matched
    acceptable: list[str] = field(default_factory=list)  # case slugs that neither count nor hurt

    @property
    def judged_ranking(self) -> list[str]:
        return condensed(self.ranked, self.acceptable)

    @property
    def recall(self) -> float:
        return recall_at(self.judged_ranking, self.relevant)

    @property
    def reciprocal_rank(self) -> float:
        return reciprocal_rank(self.judged_ranking, self.relevant)

    @property
    def ndcg(self) -> float:
        return ndcg_at(self.judged_ranking, self.relevant)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Score:
    """Means over the queries of one category (or of all that should find something)."""

    queries: int
    recall: float | None = None
    mrr: float | None = None
    ndcg: float | None = None
    false_positive_rate: float | None = None

    def metrics(self) -> dict[str, float]:
        values = {
            "recall@10": self.recall,
            "mrr": self.mrr,
            "ndcg@10": self.ndcg,
            "false_positive_rate": self.false_positive_rate,
        }
        return {name: value for name, value in values.items() if value is not None}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def score(results: Sequence[QueryResult]) -> Score:
    finding = [r for r in results if r.category != NOTHING]
    nothing = [r for r in results if r.category == NOTHING]
    if finding and not nothing:
        return Score(
            len(finding),
            recall=_mean([r.recall for r in finding]),
            mrr=_mean([r.reciprocal_rank for r in finding]),
            ndcg=_mean([r.ndcg for r in finding]),
        )
    if nothing and not finding:
        return Score(len(nothing), false_positive_rate=_mean([float(r.total > 0) for r in nothing]))
    raise ValueError("score one kind of query at a time: those that should find cases, or those that should not")


def summarise(results: Sequence[QueryResult]) -> dict[str, Score]:
    """A score per category (in report order) and ``overall`` (every query that should find something)."""
    summary = {
        category: score([r for r in results if r.category == category])
        for category in CATEGORIES
        if any(r.category == category for r in results)
    }
    summary["overall"] = score([r for r in results if r.category != NOTHING])
    return summary


def overall_metrics(results: Sequence[QueryResult]) -> dict[str, float]:
    """What the floor guards: overall recall, MRR and nDCG, and the false-positive rate."""
    summary = summarise(results)
    return {**summary["overall"].metrics(), **summary[NOTHING].metrics()}


# --- The recorded floor ------------------------------------------------------------------------


def load_floor(path: Path = FLOOR_FILE) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text())["floor"]


def below_floor(measured: dict[str, float], floor: dict[str, float]) -> list[str]:
    """What got worse than the floor, one line each (empty: the floor holds)."""
    problems = []
    for name in AT_LEAST:
        if name in floor and measured[name] < floor[name]:
            problems.append(f"{name} {measured[name]:.3f} < floor {floor[name]:.3f}")
    for name in AT_MOST:
        if name in floor and measured[name] > floor[name]:
            problems.append(f"{name} {measured[name]:.3f} > ceiling {floor[name]:.3f}")
    return problems


def floor_from(measured: dict[str, float], margin: float = 0.02) -> dict[str, float]:
    """A floor a little under today's values (and a ceiling a little over), so noise does not fail it."""
    # Rounded to two decimals; round(…, 6) first so that 0.73 × 100 = 72.99999… floors to 0.73.
    floor = {name: max(0.0, math.floor(round((measured[name] - margin) * 100, 6)) / 100) for name in AT_LEAST}
    floor.update({name: min(1.0, math.ceil(round((measured[name] + margin) * 100, 6)) / 100) for name in AT_MOST})
    return floor


def record_floor(floors: dict[str, dict[str, float]], path: Path = FLOOR_FILE, lower: bool = False) -> None:
    """Write ``floors`` per backend; only ever raises a floor (and lowers a ceiling) unless ``lower``."""
    data = json.loads(path.read_text()) if path.exists() else {}
    old = data.get("floor", {})
    if not lower:
        floors = {backend: _tighter(old.get(backend, {}), new) for backend, new in floors.items()}
    data.setdefault(
        "about",
        "Floors of bench/relevance.py per backend: recall@10, MRR and nDCG@10 may not fall below them and the "
        "false-positive rate may not rise above its value. tests/showcase/search/test_relevance.py checks them "
        "in `make test`. Raise them when search improves: `bench/relevance.py --record-floor`.",
    )
    data["floor"] = {**old, **floors}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _tighter(old: dict[str, float], new: dict[str, float]) -> dict[str, float]:
    tighter = dict(new)
    for name in AT_LEAST:
        if name in old:
            tighter[name] = max(old[name], new[name])
    for name in AT_MOST:
        if name in old:
            tighter[name] = min(old[name], new[name])
    return tighter
