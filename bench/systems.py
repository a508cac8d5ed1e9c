"""The three systems under test, each with the same small interface."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from renkei.corpus import Record

QUERY_MIX = [  # a fixed mix of Japanese, English and mixed queries, as users type them
    "共同研究", "国際共同研究", "ソウル国立大学", "シンポジウム", "オフィスを設置した", "ハイブリッド形式",
    "ｹﾝﾌﾞﾘｯｼﾞ大学 合同シンポジウム", "学生交流", "戦略的パートナーシップ覚書", "新領域創成科学研究科",
    "forest certification", "student exchange", "joint research", "Seoul National University",
    "regional development", "Japan Airlines", "memorandum of understanding", "Minamisanriku project",
    "University of Cambridge", "practical learning",
    "ETHZ シンポジウム", "UTokyo Days 全学的な交流", "2015年 戦略的パートナーシップ覚書", "ＥＴＨＺ 卒業生",
    "KAIST", "Princeton University", "TUM ワークショップ", "COVID-19 オンライン",
]


class Renkei:
    name = "renkei"

    def build(self, records: list[Record], path: Path) -> None:
        from renkei import indexer
        indexer.build_index(records, path)

    def add(self, records: list[Record], path: Path) -> None:
        from renkei import indexer
        indexer.add_records(records, path)

    def open(self, path: Path) -> None:
        from renkei.search import Engine
        self.engine = Engine(path)

    def search(self, query: str, limit: int = 10) -> list[str]:
        return [h.id for h in self.engine.search(query, limit=limit).hits]

    def cold_command(self, path: Path, query: str) -> list[str]:
        return ["renkei", "--index", str(path), "search", query, "--json", "--limit", "10"]


class Fts5Trigram:
    """What most Python users would reach for: SQLite FTS5 with the trigram tokenizer."""
    name = "sqlite-fts5-trigram"

    def build(self, records: list[Record], path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path / "fts.db")
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='trigram')")
        db.executemany("INSERT INTO docs (id, body) VALUES (?, ?)", ((r.id, r.display_text) for r in records))
        db.commit()
        db.close()

    def open(self, path: Path) -> None:
        self.db = sqlite3.connect(path / "fts.db", check_same_thread=False)

    def search(self, query: str, limit: int = 10) -> list[str]:
        # Each word as a quoted string, all required (trigram needs 3+ characters a term).
        terms = [t for t in query.split() if t]
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        try:
            rows = self.db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?", (match, limit))
            return [r[0] for r in rows]
        except sqlite3.OperationalError:
            return []

    def cold_command(self, path: Path, query: str) -> list[str]:
        import sys
        code = ("import sqlite3,sys;db=sqlite3.connect(sys.argv[1]);"
                "print(db.execute(\"SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10\","
                "('\"'+sys.argv[2]+'\"',)).fetchall())")
        return [sys.executable, "-c", code, str(path / "fts.db"), query]


class PlainWhoosh:
    """The setup a newcomer writes in an hour: MeCab surface forms into one TEXT field,
    whoosh's default query parser."""
    name = "plain-whoosh-fugashi"

    @staticmethod
    def schema():
        from whoosh.fields import ID, TEXT, Schema
        return Schema(id=ID(stored=True, unique=True), body=TEXT(analyzer=_surface_analyzer()))

    def build(self, records: list[Record], path: Path) -> None:
        from whoosh import index
        path.mkdir(parents=True, exist_ok=True)
        ix = index.create_in(str(path), self.schema())
        writer = ix.writer()
        for r in records:
            writer.add_document(id=r.id, body=r.display_text)
        writer.commit()

    def open(self, path: Path) -> None:
        from whoosh import index
        from whoosh.qparser import QueryParser
        self.ix = index.open_dir(str(path))
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("body", self.ix.schema)

    def search(self, query: str, limit: int = 10) -> list[str]:
        return [h["id"] for h in self.searcher.search(self.parser.parse(query), limit=limit)]

    def cold_command(self, path: Path, query: str) -> list[str]:
        import sys
        code = ("import sys;from whoosh import index;from whoosh.qparser import QueryParser;"
                "ix=index.open_dir(sys.argv[1]);s=ix.searcher();"
                "print([h['id'] for h in s.search(QueryParser('body',ix.schema).parse(sys.argv[2]),limit=10)])")
        return [sys.executable, "-c", code, str(path), query]


def _surface_analyzer():
    from whoosh.analysis import LowercaseFilter

    from bench.mecab_surface import MeCabSurfaceTokenizer
    return MeCabSurfaceTokenizer() | LowercaseFilter()


SYSTEMS = {cls.name: cls for cls in (Renkei, Fts5Trigram, PlainWhoosh)}

