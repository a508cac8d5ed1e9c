"""`renkei search --batch`: one run-file line per query line (the shape shared/eval/score.py reads)."""
from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

from renkei.search.errors import QuerySyntaxError


def run_batch(engine: Any, lines: Iterable[str | bytes], name: str, limit: int,
              filters: dict) -> Iterator[tuple[dict[str, Any], str | None]]:
    """(output object, error or None) per query line. A line that is not a query gets an error
    object instead and the batch goes on: one bad line must not lose a run. Lines may be bytes
    (a file opened in binary), so that one line of bad UTF-8 is that line's error only."""
    for number, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                error = f"{name}:{number}: not UTF-8 text (byte {err.start + 1})"
                yield {"qid": None, "hits": [], "error": error, "line": number}, error
                continue
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            item = None
        qid = item.get("qid") if isinstance(item, dict) else None
        text = item.get("query") if isinstance(item, dict) else None
        if not isinstance(text, str):
            problem = ("expected a JSON object with 'qid' and 'query'" if not isinstance(item, dict)
                       else "'query' must be a string")
            error = f"{name}:{number}: {problem}"
        else:
            try:
                results = engine.search(text, filters=filters, limit=limit, highlight=False)
            except QuerySyntaxError as err:
                error = f"{name}:{number}: {err}"
            else:
                hits = [{"id": h.id, "rank": h.rank, "score": round(h.score, 4), "title": h.title,
                         "text": h.record.display_text} for h in results.hits]
                yield {"qid": qid, "hits": hits}, None
                continue
        yield {"qid": qid, "hits": [], "error": error, "line": number}, error
