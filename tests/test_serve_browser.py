"""`renkei serve` in a real headless Chromium (Selenium): type and see highlights, click a facet,
open a record and its similar records, the page without JavaScript, an upload with
--allow-upload and its refusal without. Each server is a real `python -m renkei serve` process,
stopped at the end of the module."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from renkei import indexer

from conftest import TINY

CHROMIUM = next((p for p in (os.environ.get("RENKEI_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), shutil.which("google-chrome")) if p), None)
DRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    webdriver = None

pytestmark = pytest.mark.skipif(
    webdriver is None or not CHROMIUM or not DRIVER,
    reason="browser tests need Chromium and its driver: apt-get install chromium chromium-driver; pip install selenium")
ROOT = Path(__file__).resolve().parents[1]
RECORDS = [*TINY,
           *[{"id": f"b/{c.lower()}-{i}", "title": f"Exchange with {c} university {i}",
              "text": f"A student exchange agreement with a university in {c}.", "country": c, "lang": "en",
              "kind": "exchange-memorandum", "year": 2010 + i} for i, c in enumerate(["Germany", "France", "Germany"])]]


def _records():
    from renkei.corpus import Record
    return [r if isinstance(r, Record) else Record(**r) for r in RECORDS]


class Server:
    """`python -m renkei --index DIR serve --port 0 ...` as a child process; its URL read from stderr."""

    def __init__(self, index: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "renkei", "--index", str(index), "serve", "--port", "0",
                                         *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            lines.append(line)
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if found:
                self.url = found.group(1)
                return
        self.stop()
        raise RuntimeError("renkei serve did not start: " + "".join(lines))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process.stderr.close()


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "index"
    indexer.build_index(_records(), path)
    return path


@pytest.fixture(scope="module")
def server(index):
    s = Server(index, "--allow-upload")
    yield s
    s.stop()
    assert s.process.poll() is not None


@pytest.fixture(scope="module")
def closed_server(index):
    s = Server(index)
    yield s
    s.stop()


def _chrome(javascript: bool = True):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900",
                 "--lang=en-US"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.implicitly_wait(0)
    return driver


@pytest.fixture(scope="module")
def browser():
    driver = _chrome()
    yield driver
    driver.quit()


def wait(driver, condition, seconds: float = 10):
    return WebDriverWait(driver, seconds).until(condition)


def test_typing_shows_highlighted_results_and_puts_the_query_in_the_url(server, browser):
    browser.get(server.url)
    box = browser.find_element(By.ID, "q")
    box.send_keys("exchange")
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#results li.hit mark")))
    marks = [m.text.lower() for m in browser.find_elements(By.CSS_SELECTOR, "#results mark")]
    assert any("exchange" in m for m in marks)   # and 交流, its Japanese name
    wait(browser, lambda d: parse_qs(urlparse(d.current_url).query).get("q") == ["exchange"])
    # keyboard: / focuses the box, arrow down reaches the first result, Enter opens it
    browser.find_element(By.TAG_NAME, "body").click()
    browser.switch_to.active_element.send_keys("/")
    assert browser.switch_to.active_element.get_attribute("id") == "q"
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    first = browser.find_elements(By.CSS_SELECTOR, "a.hit-link")[0]
    assert browser.switch_to.active_element == first
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "article.record h1")))


def test_clicking_a_facet_filters_the_results(server, browser):
    browser.get(server.url + "?q=exchange")
    germany = wait(browser, EC.element_to_be_clickable(
        (By.XPATH, "//section[@data-facet='country']//a[normalize-space()='Germany']")))
    germany.click()
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "a.chip")))
    metas = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "li.hit .meta")]
    assert len(metas) == 2 and all("Germany" in m for m in metas)
    assert parse_qs(urlparse(browser.current_url).query)["country"] == ["Germany"]
    assert "country:Germany" in browser.find_element(By.CSS_SELECTOR, ".syntax code").text


def test_a_record_and_its_similar_records(server, browser):
    browser.get(server.url + "?q=Germany+exchange")
    wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, "a.hit-link"))).click()
    title = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "article.record h1"))).text
    assert "Germany" in title
    facts = browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "Germany" in facts and "exchange-memorandum" in facts
    similar = browser.find_elements(By.CSS_SELECTOR, "section.similar a.hit-link")
    assert similar
    similar[0].click()
    other = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "article.record h1"))).text
    assert other and other != title


def test_the_page_without_javascript_is_a_plain_get_form(server):
    driver = _chrome(javascript=False)
    try:
        driver.get(server.url)
        box = driver.find_element(By.ID, "q")
        box.send_keys("ETHZ")
        box.submit()
        wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "li.hit mark")))
        assert urlparse(driver.current_url).path == "/" and "q=ETHZ" in driver.current_url
        assert driver.find_element(By.CSS_SELECTOR, "li.hit mark").text == "ETHZ"
    finally:
        driver.quit()


def test_an_upload_is_read_then_added(server, browser, tmp_path):
    upload = tmp_path / "zanzibar.jsonl"
    upload.write_text(json.dumps({"id": "up/zanzibar", "title": "Zanzibar agreement",
                                  "text": "An agreement with a university in Zanzibar."}) + "\n", encoding="utf-8")
    browser.get(server.url)
    browser.find_element(By.ID, "file").send_keys(str(upload))
    browser.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    confirm = wait(browser, EC.element_to_be_clickable((By.ID, "confirm")))   # the preview, fetched by the page
    assert "Zanzibar agreement" in browser.find_element(By.ID, "upload-preview").text
    confirm.click()
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".status.added")))
    browser.get(server.url + "?q=zanzibar")
    assert "Zanzibar agreement" in wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "a.hit-link"))).text


def test_without_the_flag_there_is_no_upload_and_a_post_is_refused(closed_server, browser):
    browser.get(closed_server.url)
    assert not browser.find_elements(By.ID, "upload-form")
    status = browser.execute_async_script("""
        var done = arguments[arguments.length - 1], data = new FormData();
        data.append("file", new Blob(['{"id":"x","title":"x","text":"x"}']), "x.jsonl");
        fetch("/upload", {method: "POST", body: data}).then(function (r) { done(r.status); });""")
    assert status == 403
