"""The rescore window: the top candidates reordered by signals too costly for every match."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import ranking
from .compile import MatchTerms
from .highlight import rescore_signals
from .results import Hit


def rescore(hits: list[Hit], tier: Any, rows: list[int], match: MatchTerms) -> list[Hit]:
    """Reorder the top candidates within their tier: exact forms, compounds side by side and all
    query words close together earn a share more score (a rescore window, as Elasticsearch's)."""
    head = hits[:ranking.RESCORE_DEPTH]
    if len(head) < 2 or not (match.exact or match.sequences or len(match.terms) > 1):
        return hits
    rescored = []
    for i, hit in enumerate(head):
        window, exact, adjacent = rescore_signals(hit.record.text, match)
        if exact < 1 and match.exact:   # names count for the exact form too
            exact = max(exact, rescore_signals(hit.record.title, match)[1])
        bonus = ranking.EXACT_SHARE * exact + ranking.ADJACENT_SHARE * adjacent
        if window is not None and window <= ranking.PROXIMITY_WINDOW:
            bonus += ranking.PROXIMITY_SHARE * (1 - (window - 1) / ranking.PROXIMITY_WINDOW)
        rescored.append((float(tier[rows[i]]), round(hit.score * (1 + bonus), 6), i, hit))
    rescored.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [replace(h, score=score) for _, score, _, h in rescored] + hits[ranking.RESCORE_DEPTH:]
