"""`Engine.similar`'s two whoosh searches, in an order that does not depend on how the index was built.

Both run with whoosh's block-quality skipping off (`optimize=False`): its
UnionMatcher.skip_to_quality can loop forever on an Or of terms (whoosh issues #446, #461; 2.7.4 is
the last release), which is exactly the query `more_like` builds. The searches are small (the
records about one partner; the records sharing 15 words), so skipping saves little here.
"""
from __future__ import annotations

from typing import Any

from whoosh import query as wq

from renkei.indexer.schema import BODY, ENTITIES, ID_FIELD

Row = tuple  # (docnum, score, stored fields)
KEY_TERMS = 15


def about_the_same_partner(searcher: Any, docnum: int, partners: list[str], limit: int) -> list[Row]:
    """The records sharing a glossary id with `docnum`'s partners, best first."""
    if not partners:
        return []
    about = wq.Or([wq.Term(ENTITIES, p) for p in partners])
    return settled(searcher, searcher.search(about, limit=None, mask={docnum}, optimize=False))[:limit]


def sharing_words(searcher: Any, docnum: int, text: str, limit: int, skip: set[int]) -> list[Row]:
    """The records sharing the most distinctive words of `text` (the body's own: names and
    department lists would make every team "like" the legend), best first, leaving out `skip`."""
    terms = searcher.key_terms_from_text(BODY, text, numterms=KEY_TERMS, normalize=False) if limit > 0 else []
    if not terms:
        return []
    like = wq.Or([wq.Term(BODY, word, boost=weight) for word, weight in terms])
    top = 2 * (limit + len(skip)) + 10
    found = searcher.search(like, limit=top, mask={docnum}, optimize=False)
    if len(found) == top and round(found.score(limit + len(skip) - 1), 6) == round(found.score(top - 1), 6):
        found = searcher.search(like, limit=None, mask={docnum}, optimize=False)   # a tie runs past the cut
    return [row for row in settled(searcher, found) if row[0] not in skip][:limit]


def settled(searcher: Any, found: Any) -> list[Row]:
    """(docnum, score, stored fields) by score, equal scores by id: whoosh breaks ties by document
    number, which differs between two builds of the same records."""
    rows = [(h.docnum, h.score, searcher.stored_fields(h.docnum)) for h in found]
    return sorted(rows, key=lambda row: (-round(row[1], 6), row[2][ID_FIELD]))


def in_levels(same: list[Row], sharing: list[Row]) -> list[Row]:
    """Both lists as one, scores written in that order (as search's graded scores): records about
    the same partner at level 1, those sharing words at level 0, each fraction the whoosh score
    relative to its list's best, so ranks follow the shown scores."""
    out = []
    for level, rows in ((1, same), (0, sharing)):
        bound = max((score for _, score, _ in rows), default=0.0) * 1.0001 or 1.0   # the best stays below the next level
        out += [(docnum, level + score / bound, stored) for docnum, score, stored in rows]
    return out
