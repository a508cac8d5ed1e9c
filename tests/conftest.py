from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from renkei import indexer
from renkei.corpus import Record
from renkei.search import Engine

TINY = [
    Record(id="t/ja-compound", title="国際共同研究の推進", text="本学は国際共同研究を推進しています。", lang="ja"),
    Record(id="t/ja-scattered", title="国際会議", text="国際会議を開催した。研究者が集まり、共同で議論した。", lang="ja"),
    Record(id="t/ja-tokyo", title="東京大学", text="東京大学とケンブリッジ大学の交流。", lang="ja"),
    Record(id="t/en-forest", title="Forest certification", text="The forests acquired FSC certification.", lang="en",
           date="2021-03-31", year=2021),
    Record(id="t/en-students", title="Student exchange", text="Students and faculty exchanged ideas.", lang="en",
           date="2010-01-01", year=2010),
    Record(id="t/mixed", title="ETHZ シンポジウム", text="ETHZ卒業生とstudentsがハイブリット形式で議論を深めました。", lang="ja"),
]


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """The bundled corpus, indexed once for the session (read-only in tests)."""
    path = tmp_path_factory.mktemp("bundled") / "index"
    indexer.build_default_index(path)
    return path


@pytest.fixture(scope="session")
def engine(index_dir) -> Engine:
    return Engine(index_dir)


@pytest.fixture(scope="session")
def tiny_engine(tmp_path_factory) -> Engine:
    path = tmp_path_factory.mktemp("tiny") / "index"
    indexer.build_index(TINY, path)
    return Engine(path)


@pytest.fixture(scope="session")
def engine_of(tmp_path_factory):
    """Builds an index of a test module's own records in a tmp dir and opens it: engine_of(name, records)."""
    def build(name: str, records: list[Record]) -> Engine:
        path = tmp_path_factory.mktemp(name) / "ix"
        indexer.build_index(records, path)
        return Engine(path)
    return build


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def scratch_index(tmp_path) -> Path:
    """A small writable index of the tiny records."""
    path = tmp_path / "index"
    indexer.build_index(TINY, path)
    return path
