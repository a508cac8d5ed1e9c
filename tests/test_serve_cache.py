"""The result cache of `renkei serve`: a repeated search is answered from it, and an answer found in
one generation of the index is never served once another is published (by the CLI, in the same
second or not), nor kept when a generation is published while it is being found."""
from __future__ import annotations

import json
import warnings

import pytest

pytest.importorskip("httpx", reason="the API tests need httpx: pip install -e '.[test]'")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from renkei import indexer  # noqa: E402
from renkei.search import Engine  # noqa: E402
from renkei.search.cli import cli  # noqa: E402
from renkei.search.serve import create_app  # noqa: E402
from renkei.search.serve.cache import ResultCache  # noqa: E402

from conftest import TINY  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "index"
    indexer.build_index(TINY, path)
    engine = Engine(path)
    app = create_app(engine)
    yield TestClient(app, raise_server_exceptions=False), app.state.cache, path
    engine.close()


def _add(runner, path, tmp_path, name: str, text: str) -> None:
    new = tmp_path / f"{name}.jsonl"
    new.write_text(json.dumps({"id": f"new/{name}", "title": name, "text": text}) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["--index", str(path), "index", str(new)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_a_repeated_search_is_the_same_answer_from_the_cache(served):
    client, cache, _ = served
    first = client.get("/api/search", params={"q": "ETHZ シンポジウム", "facets": "true"})
    hits = cache.hits
    again = client.get("/api/search", params={"q": "ETHZ シンポジウム", "facets": "true"})
    assert cache.hits == hits + 1
    assert again.content == first.content and again.headers["content-type"] == first.headers["content-type"]
    other = client.get("/api/search", params={"q": "ETHZ シンポジウム", "facets": "true", "limit": 1})
    assert cache.hits == hits + 1 and len(other.json()["hits"]) == 1   # another page is another answer
    ja, en = ([h["id"] for h in client.get("/api/search", params={"q": "students", "lang": lang}).json()["hits"]]
              for lang in ("ja", "en"))
    assert "t/mixed" in ja and "t/mixed" not in en   # each filter its own answer


def test_a_new_generation_is_seen_at_the_next_request_every_time(served, runner, tmp_path):
    client, cache, path = served
    for round, word in enumerate(["Tuvalu", "Nauru", "Palau"]):   # generations published seconds apart or less
        hits = cache.hits
        for url in ("/api/search?q=Micronesia", "/api/facets", "/?q=Micronesia", "/?hl=en"):
            client.get(url)
            client.get(url)   # from the cache
        assert cache.hits >= hits + 4
        before = client.get("/api/search?q=Micronesia").json()["total"]
        facets_before = client.get("/api/facets").json()["total"]
        _add(runner, path, tmp_path, word, f"An agreement with {word} in Micronesia.")
        assert client.get("/api/search?q=Micronesia").json()["total"] == before + 1 == round + 1
        assert client.get("/api/facets").json()["total"] == facets_before + 1
        assert word in client.get("/", params={"q": "Micronesia"}).text
        assert f"Every record, by facet ({facets_before + 1})" in client.get("/", params={"hl": "en"}).text


def test_an_answer_found_while_a_generation_is_published_is_not_kept(served, runner, tmp_path):
    _, _, path = served
    cache = ResultCache(path)
    generation, found = cache.lookup(("q",))
    assert found is None and generation == (path / "CURRENT").read_text().strip()
    _add(runner, path, tmp_path, "Tuvalu", "An agreement with Tuvalu.")   # published meanwhile
    cache.store(generation, ("q",), b"old answer", 10)
    assert len(cache) == 0 and cache.lookup(("q",))[1] is None
    now, _ = cache.lookup(("q",))
    cache.store(now, ("q",), b"new answer", 10)
    assert cache.lookup(("q",)) == (now, b"new answer") and now != generation


def test_the_cache_keeps_to_its_size_and_can_be_off(served, tmp_path):
    _, _, path = served
    cache = ResultCache(path, max_bytes=800)
    generation, _ = cache.lookup("a")
    for key in "abcdefghij":
        cache.store(generation, key, key * 100, 100)
    assert len(cache) == 8 and cache.lookup("a")[1] is None and cache.lookup("j")[1] == "j" * 100
    cache.store(generation, "big", "x", 101)   # more than an eighth of the cache: not kept
    assert cache.lookup("big")[1] is None
    off = create_app(Engine(path), cache_bytes=0)
    assert off.state.cache is None
    with TestClient(off) as client:
        assert client.get("/api/search?q=ETHZ").json()["total"] >= 1


def test_a_timed_out_search_is_not_kept(served, monkeypatch):
    client, cache, _ = served
    import renkei.search.serve.api as api
    real = api.run_search
    monkeypatch.setattr(api, "run_search", lambda *a, **k: __import__("dataclasses").replace(real(*a, **k),
                                                                                              timed_out=True))
    assert client.get("/api/search?q=exchange").json()["timed_out"] is True
    assert len(cache) == 0
