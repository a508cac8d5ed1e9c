"""`renkei serve` (#33): the API against `renkei search --json`, escaping of hostile records, 4xx
on bad input, uploads with and without --allow-upload, and an index changed while serving."""
from __future__ import annotations

import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import jsonschema
import pytest

pytest.importorskip("httpx", reason="the API tests need httpx: pip install -e '.[test]'")
with warnings.catch_warnings():   # Starlette 1.x would rather have httpx2; httpx works the same here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from renkei import indexer  # noqa: E402
from renkei.corpus import Record  # noqa: E402
from renkei.search import Engine  # noqa: E402
from renkei.search.cli import cli  # noqa: E402
from renkei.search.serve import create_app  # noqa: E402
from renkei.search.serve.app import is_local  # noqa: E402
from renkei.search.serve.labels import ui_language  # noqa: E402
from renkei.search.serve.workers import PooledEngine, SearchProcesses  # noqa: E402

from conftest import TINY  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "search/schema/results.schema.json").read_text("utf-8"))

# (API parameters, the same search as `renkei search --json` arguments)
CONTRACT = [
    ({"q": "ETHZ シンポジウム"}, ["ETHZ シンポジウム"]),
    ({"q": "students", "country": "germany"}, ["students", "--country", "germany"]),
    ({"q": "共同研究", "limit": 3, "offset": 2}, ["共同研究", "--limit", "3", "--offset", "2"]),
    ({"q": "studnts exchnge"}, ["studnts exchnge"]),                       # did you mean / corrected
    ({"q": "xyzzyq"}, ["xyzzyq"]),                                          # no record mentions it
    ({"institution": "kyoto", "year": "2008..2012"}, ["--institution", "kyoto", "--year", "2008..2012"]),
    ({"q": "協定", "date": "令和3年度"}, ["協定", "--date", "令和3年度"]),
    ({"q": "exchange", "facets": "true", "kind": "memorandum"}, ["exchange", "--facets", "--kind", "memorandum"]),
    ({"q": "Cambridge OR Oxford", "lang": ["en", "ja"], "sort": "date"},
     ["Cambridge OR Oxford", "--lang", "en", "--lang", "ja", "--sort", "date"]),
    ({"q": "韓国 exchange", "limit": 0}, ["韓国 exchange", "--limit", "0"]),
]

HOSTILE = Record(
    id='hostile/<script>"\'&x', title="<script>alert(1)</script> Evil \u202eevil\u202c",
    text='Evil text "><img src=x onerror=alert(1)> and \' onmouseover=\'alert(2)\' <a href="javascript:alert(3)">x</a>',
    institution="<i>Inst</i>", country='"><svg onload=alert(4)>', lang="en", year=2020,
    links=("javascript:alert(5)", 'https://ok.example/?a="><b>x', "data:text/html,<script>alert(6)</script>"))


SERVERS = ["one process", "search processes"]   # `renkei serve` and `renkei serve --workers 2`


def _engine(path: Path, server: str):
    return Engine(path) if server == "one process" else PooledEngine(SearchProcesses(path, 2))


@pytest.fixture(scope="module", params=SERVERS)
def bundled(index_dir, request):
    engine = _engine(index_dir, request.param)
    yield TestClient(create_app(engine), raise_server_exceptions=False)
    engine.close()


@pytest.fixture(scope="module")
def one_process(index_dir):
    engine = Engine(index_dir)
    yield TestClient(create_app(engine), raise_server_exceptions=False)
    engine.close()


@pytest.fixture(params=SERVERS)
def served(tmp_path, request):
    """A writable index of the tiny records and the hostile one, served with uploads on."""
    path = tmp_path / "index"
    indexer.build_index([*TINY, HOSTILE], path)
    engine = _engine(path, request.param)
    app = create_app(engine, allow_upload=True, upload_dir=tmp_path / "uploads", upload_limit=20_000)
    yield TestClient(app, raise_server_exceptions=False), path, tmp_path / "uploads"
    app.state.uploads.close()
    engine.close()


@pytest.mark.parametrize("params, argv", CONTRACT, ids=[c[1][0] for c in CONTRACT])
def test_api_search_is_the_json_of_the_cli(bundled, runner, index_dir, params, argv):
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "--json", *argv], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    response = bundled.get("/api/search", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == json.loads(result.stdout)
    jsonschema.validate(response.json(), SCHEMA)


def test_api_records_and_similar_are_show_and_similar(bundled, runner, index_dir):
    rid = "utokyo/partners/eth-zurich"
    show = runner.invoke(cli, ["--index", str(index_dir), "show", "--json", rid], catch_exceptions=False)
    similar = runner.invoke(cli, ["--index", str(index_dir), "similar", "--json", "--limit", "3", rid],
                            catch_exceptions=False)
    assert bundled.get("/api/records/utokyo%2Fpartners%2Feth-zurich").json() == json.loads(show.stdout)
    assert bundled.get(f"/api/records/{rid}").json() == json.loads(show.stdout)       # slashes as they are
    assert bundled.get(f"/api/records/{rid}/similar", params={"limit": 3}).json() == json.loads(similar.stdout)


def test_facets_health_and_openapi(bundled, index_dir):
    facets = bundled.get("/api/facets").json()
    assert facets["total"] == Engine(index_dir).stats()["records"]
    assert set(facets["facets"]) == {"institution", "kind", "country", "year"}
    some = bundled.get("/api/facets", params={"q": "exchange", "country": "germany"}).json()
    assert some["facets"]["country"] == {"Germany": some["total"]}
    health = bundled.get("/api/health").json()
    assert health["status"] == "ok" and health["records"] == facets["total"] and health["generation"].startswith("gen-")
    spec = bundled.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.1") and {"/api/search", "/api/records/{id}", "/api/records/{id}/similar",
                                                   "/api/facets", "/api/health"} <= set(spec["paths"])
    assert bundled.get("/api/schema/results.json").json() == SCHEMA


BAD = [
    ("/api/search", 400), ("/api/search?q=x&limit=-1", 400), ("/api/search?q=x&limit=99999", 400),
    ("/api/search?q=x&offset=abc", 400), ("/api/search?q=" + "a" * 2001, 414), ("/api/search?q=x&contry=de", 400),
    ("/api/search?q=x&kind=zzz", 400), ("/api/search?q=x&sort=up", 400), ("/api/search?q=x&year=soon", 400), ("/api/search?q=x&date=soon", 400),
    ('/api/search?q="unclosed', 400), ("/api/search?q=a%00b", 400), ("/api/search?q=x&q=y", 400),
    ("/api/search?q=x&facets=maybe", 400), ("/api/records/nope", 404), ("/api/records/a%00b", 404),
    ("/api/records/..%2F..%2Fetc%2Fpasswd", 404), ("/api/records/" + "x" * 1200, 404),
    ("/api/records/nope/similar", 404), ("/api/records/utokyo/partners/eth-zurich?x=1", 400), ("/api/nothing", 404),
]


@pytest.mark.parametrize("url, status", BAD, ids=[u[:50] for u, _ in BAD])
def test_bad_requests_get_a_4xx_json_error(bundled, url, status):
    response = bundled.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and body["error"] and "Traceback" not in response.text


def test_an_unexpected_error_is_a_500_json_without_a_traceback(one_process, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /home/x")
    monkeypatch.setattr(one_process.app.state.engine, "search", broken)
    response = one_process.get("/api/search?q=x")
    assert response.status_code == 500 and response.json()["status"] == 500
    assert "secret" not in response.text and "Traceback" not in response.text


def test_pages_of_bad_requests_are_4xx_pages(bundled):
    page = bundled.get("/records/nope%3Cscript%3E", headers={"accept": "text/html"})
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text
    assert bundled.get("/?q=x&limit=abc", headers={"accept": "text/html"}).status_code == 400


class _Markup(HTMLParser):
    """Every tag and attribute of a page, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def _unsafe(html: str) -> list[str]:
    """What a hostile record could have injected into the page, if anything was left unescaped:
    a script that is not ours, a tag of the record's, an event handler, a javascript: or data: URL,
    a bidi override."""
    parser = _Markup()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("img", "svg", "i", "b", "iframe", "object") or (tag == "script" and attrs.get("src") != "/static/renkei.js"):
            found.append(tag)
        found += [name for name in attrs if name.startswith("on")]
        found += [value for name, value in attrs.items() if name in ("href", "src", "action")
                  and (value or "").strip().lower().startswith(("javascript:", "data:"))]
    return found + (["U+202E"] if "\u202e" in html else [])


def test_hostile_records_are_escaped_everywhere(served):
    client, _, _ = served
    page = client.get("/", params={"q": "evil"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and not _unsafe(page)
    fragment = client.get("/results", params={"q": "evil onerror", "country": HOSTILE.country}).text
    assert "Evil" in fragment and not _unsafe(fragment)
    record = client.get("/records/" + quote(HOSTILE.id, safe=""))
    assert record.status_code == 200 and not _unsafe(record.text)
    assert 'href="https://ok.example/?a=&#34;&gt;&lt;b&gt;x"' in record.text     # the web link stays, escaped
    assert "javascript:alert(5)" in record.text                                    # shown as text, not a link
    assert "hostile%2F%3Cscript%3E%22%27%26x" in page                             # the id in URLs: encoded whole
    typed = client.get("/?q=%22%3E%3Cscript%3Ealert(9)%3C/script%3E", headers={"accept": "text/html"})
    assert typed.status_code == 200 and "unclosed quote" in typed.text and not _unsafe(typed.text)
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert client.get("/api/search?q=evil").headers["x-content-type-options"] == "nosniff"


def test_page_labels_follow_the_browser_language(bundled):
    assert 'lang="ja"' in bundled.get("/", headers={"accept-language": "ja,en;q=0.8"}).text
    assert "検索" in bundled.get("/", headers={"accept-language": "ja-JP"}).text
    assert 'lang="en"' in bundled.get("/", headers={"accept-language": "en-GB,ja;q=0.5"}).text
    assert ui_language("fr, ja;q=0.3") == "ja" and ui_language("fr") == "en" and ui_language(None, "ja") == "ja"


def test_cors_is_off_unless_an_origin_is_given(bundled, index_dir):
    asked = {"origin": "https://intranet.example"}
    assert "access-control-allow-origin" not in bundled.get("/api/search?q=ETHZ", headers=asked).headers
    engine = Engine(index_dir)
    with TestClient(create_app(engine, cors=["https://intranet.example"])) as client:
        assert client.get("/api/search?q=ETHZ", headers=asked).headers["access-control-allow-origin"] == asked["origin"]
        other = client.get("/api/search?q=ETHZ", headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        assert "access-control-allow-origin" not in client.get("/", headers=asked).headers   # pages: never
    engine.close()


def test_uploads_are_refused_without_the_flag(bundled):
    assert 'id="upload-form"' not in bundled.get("/").text
    response = bundled.post("/upload", files={"file": ("a.jsonl", b"{}")})
    assert response.status_code == 403 and "--allow-upload" in response.json()["error"]
    assert bundled.post("/upload/confirm", data={"ticket": "x"}).status_code == 403


def _token(client) -> str:
    return re.search(r'data-csrf="([^"]+)"', client.get("/").text).group(1)


UPLOAD = (b'{"id": "up/zanzibar", "title": "Zanzibar exchange", "text": "A new agreement with Zanzibar.", '
          b'"country": "Tanzania"}\n')


def test_upload_read_confirm_then_searchable(served):
    client, path, uploads = served
    before = client.get("/api/health").json()
    assert client.get("/api/search?q=zanzibar").json()["total"] == 0
    token = _token(client)
    read = client.post("/upload", data={"csrf": token}, files={"file": ("../../new agreements.jsonl", UPLOAD)})
    assert read.status_code == 200 and "Zanzibar exchange" in read.text and "up/zanzibar" in read.text
    assert client.get("/api/health").json()["generation"] == before["generation"]    # read, not added yet
    ticket = re.search(r'name="ticket" value="([^"]+)"', read.text).group(1)
    added = client.post("/upload/confirm", data={"csrf": token, "ticket": ticket})
    assert added.status_code == 200 and "Zanzibar exchange" in added.text
    assert [p.name for p in uploads.iterdir()] == ["new agreements.jsonl"]           # no path from the name
    assert client.get("/api/search?q=zanzibar").json()["hits"][0]["id"] == "up/zanzibar"
    after = client.get("/api/health").json()
    assert after["generation"] != before["generation"] and after["records"] == before["records"] + 1
    assert client.post("/upload/confirm", data={"csrf": token, "ticket": ticket}).status_code == 409   # only once


def test_a_document_upload_shows_the_id_it_will_have(served):
    client, _, uploads = served
    token = _token(client)
    read = client.post("/upload", data={"csrf": token}, files={"file": ("notes.md", "# 連携メモ\n\n新しい協定。".encode())},
                       headers={"x-requested-with": "fetch"})
    shown = re.search(r'class="id">([^<]+)<', read.text).group(1)
    ticket = re.search(r'name="ticket" value="([^"]+)"', read.text).group(1)
    client.post("/upload/confirm", data={"csrf": token, "ticket": ticket})
    assert client.get("/api/records/" + shown).json()["title"] == "連携メモ"


@pytest.mark.parametrize("name, data, headers, token, status", [
    ("a.jsonl", UPLOAD, {}, "wrong", 403),                                     # CSRF token
    ("a.jsonl", UPLOAD, {}, None, 403),
    ("a.jsonl", UPLOAD, {"origin": "https://evil.example"}, "ok", 403),        # another site's page
    ("a.jsonl", UPLOAD * 200, {}, "ok", 413),                                  # over the limit
    ("a.exe", b"MZ", {}, "ok", 415),
    ("bad.jsonl", b'{"id": "x", "title": 3}\n', {}, "ok", 422),               # a file renkei cannot read
    ("bin.txt", b"\x00\x01binary", {}, "ok", 422),
], ids=["csrf", "no-csrf", "origin", "size", "suffix", "bad-jsonl", "binary"])
def test_refused_uploads_leave_the_index_as_it_was(served, name, data, headers, token, status):
    client, _, uploads = served
    before = client.get("/api/health").json()
    form = {"csrf": _token(client) if token == "ok" else token} if token else {}
    response = client.post("/upload", data=form, files={"file": (name, data)}, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["error"] and "Traceback" not in response.text
    assert client.get("/api/health").json() == before
    assert not uploads.exists() or not any(uploads.iterdir())


def test_an_index_changed_while_serving_shows_at_the_next_request(served, runner, tmp_path):
    client, path, _ = served
    assert client.get("/api/search?q=Tuvalu").json()["total"] == 0
    generation = client.get("/api/health").json()["generation"]
    new = tmp_path / "tuvalu.jsonl"
    new.write_text(json.dumps({"id": "new/tuvalu", "title": "Tuvalu", "text": "An agreement with Tuvalu."}) + "\n")
    result = runner.invoke(cli, ["--index", str(path), "index", str(new)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert client.get("/api/search?q=Tuvalu").json()["hits"][0]["id"] == "new/tuvalu"
    assert client.get("/api/health").json()["generation"] != generation
    assert "Tuvalu" in client.get("/", params={"q": "Tuvalu"}).text


def test_the_page_works_as_a_plain_form(bundled):
    page = bundled.get("/", params={"q": "ETHZ", "country": "Switzerland"}).text
    assert '<form class="search" id="search-form" action="/" method="get"' in page
    assert '<input type="hidden" name="country" value="Switzerland">' in page
    assert "<mark>ETHZ</mark>" in page and 'class="facet-value on"' in page
    assert "country:Switzerland" in page                       # the filter as the query syntax
    record = bundled.get(re.search(r'href="(/records/[^"?]+)', page).group(1)).text
    assert "class=\"similar\"" in record and record.count('class="hit-link"') >= 1
    assert "No record mentions" in bundled.get("/", params={"q": "ETHZ xyzzyq"}).text
    assert "Showing results for" in bundled.get("/", params={"q": "studnts exchnge"}).text


def test_serve_command_warns_for_another_host(runner, index_dir, monkeypatch):
    import renkei.search.serve as serve
    ran = []
    monkeypatch.setattr(serve, "run", lambda app, sock, **kw: ran.append(sock.getsockname()) or sock.close())
    result = runner.invoke(cli, ["--index", str(index_dir), "serve", "--host", "0.0.0.0", "--port", "0"],
                           catch_exceptions=False)
    assert result.exit_code == 0 and ran
    assert "anyone who can reach this machine" in result.stderr and "http://0.0.0.0:" in result.stderr
    local = runner.invoke(cli, ["--index", str(index_dir), "serve", "--port", "0"], catch_exceptions=False)
    assert "warning" not in local.stderr and "http://127.0.0.1:" in local.stderr
    assert is_local("::1") and is_local("localhost") and not is_local("192.168.1.2")
    assert runner.invoke(cli, ["serve", "--cors", "intranet"]).exit_code == 2
