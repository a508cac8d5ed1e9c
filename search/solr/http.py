"""A small Solr client over urllib: JSON in and out, several node URLs, retries with backoff.

A node that refuses the connection (stopped, restarting) is skipped for the next one; a request
fails only when every node failed `retries` times. Solr's own errors (4xx) are not retried."""
from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Sequence

from renkei.search.solr.errors import SolrRequestFailed, SolrUnavailable

log = logging.getLogger(__name__)


class SolrClient:
    """Requests to one collection through any of `urls` (each http://host:port/solr)."""

    def __init__(self, urls: str | Sequence[str], collection: str, *, retries: int = 3, timeout: float = 60.0,
                 backoff: float = 0.5) -> None:
        self.urls = [u.rstrip("/") for u in ([urls] if isinstance(urls, str) else urls)]
        self.collection, self.retries, self.timeout, self.backoff = collection, retries, timeout, backoff
        self._first = 0   # the node that answered last is asked first

    def get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.request(path, params)

    def post(self, path: str, body: Any, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """POST `body`: JSON (a value, or bytes already encoded)."""
        return self.request(path, params, body)

    def request(self, path: str, params: dict[str, Any] | None = None, body: Any = None,
                collection: bool = True, content_type: str = "application/json") -> dict[str, Any]:
        """Solr's JSON answer to `path` (under the collection unless `collection` is False)."""
        query = urllib.parse.urlencode({**(params or {}), "wt": "json"}, doseq=True)
        data = None if body is None else (body if isinstance(body, bytes) else
                                          json.dumps(body, ensure_ascii=False).encode("utf-8"))
        errors: list[str] = []
        for attempt in range(self.retries):
            for k in range(len(self.urls)):
                at = (self._first + k) % len(self.urls)
                base = self.urls[at]
                url = f"{base}/{self.collection}{path}" if collection else f"{base}{path}"
                request = urllib.request.Request(f"{url}?{query}", data=data, method="GET" if data is None else "POST")
                if data is not None:
                    request.add_header("Content-Type", content_type)
                try:
                    with urllib.request.urlopen(request, timeout=self.timeout) as response:
                        self._first = at
                        return json.loads(response.read())
                except urllib.error.HTTPError as err:
                    message = _solr_message(err)
                    if err.code < 500 and err.code not in (408, 429):
                        raise SolrRequestFailed(f"Solr at {url} refused the request ({err.code}): {message}") from None
                    errors.append(f"{base}: {err.code} {message}")
                except (urllib.error.URLError, OSError, ValueError) as err:
                    errors.append(f"{base}: {getattr(err, 'reason', err)}")
            if attempt + 1 < self.retries:
                log.info("Solr did not answer (%s); trying again", errors[-1])
                time.sleep(self.backoff * 2 ** attempt)
        raise SolrUnavailable(f"No Solr node answered {path} for collection {self.collection!r} "
                              f"after {self.retries} tries ({'; '.join(dict.fromkeys(errors))}). "
                              f"Is Solr running at {', '.join(self.urls)}?")


def _solr_message(err: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(err.read())
        return str(body.get("error", {}).get("msg") or body)[:300]
    except Exception:   # not Solr's JSON (a proxy's page): the reason will do
        return str(err.reason)


def parse_backend(spec: str) -> tuple[list[str], str]:
    """solr://HOST:PORT[,HOST:PORT...][/solr]/COLLECTION -> (node URLs, collection)."""
    from renkei.search.solr.errors import SolrError
    if not spec.startswith("solr://"):
        raise SolrError(f"Unknown backend {spec!r}: give solr://HOST:PORT/COLLECTION")
    rest = spec[len("solr://"):]
    hosts, _, path = rest.partition("/")
    parts = [p for p in path.split("/") if p]
    if not hosts or not parts:
        raise SolrError(f"Backend {spec!r} names no collection: give solr://HOST:PORT/COLLECTION")
    prefix = "/".join(parts[:-1]) or "solr"
    return [f"http://{h}/{prefix}" for h in hosts.split(",") if h], parts[-1]
