"""The query language: words, "phrases", OR, -exclusion/NOT, (groups), field:value filters.

Parsing gives a small tree (dataclasses below); `compile_query` turns it into a whoosh query
using the analyzers stored in the index's own schema, so queries are analysed exactly as the
documents were.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Union

from renkei.search.query import aliases
from renkei.search.errors import QuerySyntaxError, UnknownFilter

FILTER_FIELDS = ("institution", "country", "kind", "year", "date", "lang", "region", "source", "partner")
MAX_QUERY_CHARS = 2000
MAX_DEPTH = 20          # nested parentheses or NOTs
_QUOTES = {'"': '"', "“": "”", "”": "”"}
_YEAR = re.compile(r"^(\d{1,4})?(?:\.\.(\d{1,4})?)?$")
_FIELD = re.compile(r"^[A-Za-z][A-Za-z_-]*$")   # what a filter name looks like (not 10:30, not 注:)


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Filter:
    field: str
    value: str          # the canonical value (an index key); for year: "lo..hi"


@dataclass(frozen=True)
class Not:
    node: "Node"


@dataclass(frozen=True)
class And:
    nodes: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple["Node", ...]


Node = Union[Word, Phrase, Filter, Not, And, Or]


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, column) with kind in word, phrase, lparen, rparen."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(("lparen" if ch == "(" else "rparen", ch, i))
            i += 1
        elif ch in _QUOTES:
            close = text.find(_QUOTES[ch], i + 1)
            if close < 0 and ch == "“":
                close = text.find('"', i + 1)
            if close < 0:
                raise QuerySyntaxError(f"unclosed quote at column {i + 1}: {text[i:i + 20]!r}")
            out.append(("phrase", text[i + 1:close], i))
            i = close + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"“”':
                j += 1
            if text[i:j].endswith(":") and j < n and text[j] in _QUOTES:   # field:"several words"
                close = text.find(_QUOTES[text[j]], j + 1)
                if close < 0:
                    raise QuerySyntaxError(f"unclosed quote at column {j + 1}: {text[j:j + 20]!r}")
                out.append(("word", text[i:j] + text[j + 1:close], i))
                i = close + 1
                continue
            out.append(("word", text[i:j], i))
            i = j
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0

    def deeper(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError(f"more than {MAX_DEPTH} nested groups or NOTs at column {column + 1}")

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self.or_expr()
        token = self.peek()
        if token is not None:
            raise QuerySyntaxError(f"unbalanced ')' at column {token[2] + 1}")
        return node

    def or_expr(self) -> Node | None:
        nodes = [self.and_expr()]
        while (token := self.peek()) and token[0] == "word" and token[1] == "OR":
            self.i += 1
            nodes.append(self.and_expr())
        nodes = [n for n in nodes if n is not None]
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def and_expr(self) -> Node | None:
        nodes = []
        while (token := self.peek()) and token[0] != "rparen" and not (token[0] == "word" and token[1] == "OR"):
            node = self.unary()
            if node is not None:
                nodes.append(node)
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node | None:
        kind, text, column = self.tokens[self.i]
        if kind == "word" and (text == "NOT" or (text.startswith("-") and len(text) == 1)):
            self.deeper(column)
            self.i += 1
            if self.peek() is None or self.peek()[0] == "rparen":
                raise QuerySyntaxError(f"nothing to exclude after {text!r} at column {column + 1}")
            inner = self.unary()
            return Not(inner) if inner is not None else None
        if kind == "word" and text.startswith("-") and len(text) > 1:
            self.deeper(column)
            self.tokens[self.i] = ("word", text[1:], column + 1)
            inner = self.unary()
            return Not(inner) if inner is not None else None
        return self.primary()

    def primary(self) -> Node | None:
        kind, text, column = self.tokens[self.i]
        self.i += 1
        if kind == "lparen":
            self.deeper(column)
            node = self.or_expr()
            self.depth -= 1
            token = self.peek()
            if token is None or token[0] != "rparen":
                raise QuerySyntaxError(f"unclosed '(' at column {column + 1}")
            self.i += 1
            return node
        if kind == "rparen":
            raise QuerySyntaxError(f"unbalanced ')' at column {column + 1}")
        if kind == "phrase":
            return Phrase(text) if text.strip() else None
        field, sep, value = text.partition(":")
        if sep and field.lower() in FILTER_FIELDS:
            if not value:
                raise QuerySyntaxError(f"{field}: needs a value at column {column + 1} (e.g. {field}:{_EXAMPLE[field.lower()]})")
            return make_filter(field.lower(), value)
        if sep and value and _FIELD.match(field) and not value.startswith("//"):   # a URL is a word
            import difflib   # here: only a mistyped filter name needs it
            near = difflib.get_close_matches(field.lower(), FILTER_FIELDS, n=1)
            hint = f"did you mean {near[0]}:{value}? " if near else ""
            raise UnknownFilter(f"{field}: is not a filter; {hint}filters are {', '.join(FILTER_FIELDS)} "
                                f"(to search for the text, quote it: \"{text}\")")
        return Word(_ABBREVIATED.get(text.casefold(), text))


# What an institution is, as lists abbreviate it (Kyoto Univ., Natl. Taiwan Univ.): searched in
# full, as records and the glossary write it. Only forms no name is spelt as (not Tech: Texas Tech).
_ABBREVIATED = {"univ": "University", "univ.": "University", "natl.": "National", "inst.": "Institute"}


_EXAMPLE = {"institution": "keio", "country": "germany", "kind": "memorandum", "year": "2008..2012", "date": "2019-04..2020-03",
            "lang": "ja", "region": "europe", "source": "000_2e029423f96bbb40.txt", "partner": "SNU"}


def make_filter(field: str, value: str) -> Filter:
    """A filter with its value checked and made canonical (the same for the query and CLI options)."""
    value = unicodedata.normalize("NFKC", value).strip()
    if field == "year":
        m = _YEAR.match(value)
        if not value or not m or (m.group(1) is None and m.group(2) is None):
            raise QuerySyntaxError(f"year:{value} is not a year or a range (e.g. year:2009, year:2008..2012)")
        lo, hi = m.group(1), (m.group(2) if ".." in value else m.group(1))
        if lo and hi and int(lo) > int(hi):
            raise QuerySyntaxError(f"year:{value} runs backwards; did you mean year:{hi}..{lo}?")
        return Filter("year", f"{lo or ''}..{hi or ''}")
    if field == "date":   # any form of a day, month, year or fiscal year, or A..B: as ISO bounds
        from renkei.corpus.when import span
        bounds = span(value)
        sides = value.split("..")
        if bounds is None and len(sides) == 2 and all(s.strip() and span(s) for s in sides):
            raise QuerySyntaxError(f"date:{value} runs backwards; did you mean date:{sides[1]}..{sides[0]}?")
        if bounds is None:
            raise QuerySyntaxError(f"date:{value} is not a date or a range of dates (e.g. date:2019-04, "
                                   f"date:2019-04-01..2020-03-31, date:令和4年度)")
        return Filter("date", "..".join(bounds))
    if field == "kind":
        canonical = aliases.kind(value)
        if canonical is None:
            raise QuerySyntaxError(f"kind:{value} is not a kind; use one of: {', '.join(aliases.KINDS)}")
        return Filter("kind", canonical)
    if field == "lang":
        canonical = aliases.lang(value)
        if canonical is None:
            raise QuerySyntaxError(f"lang:{value} is not a language; use lang:ja or lang:en")
        return Filter("lang", canonical)
    if field == "institution":
        return Filter("institution", aliases.institution(value))
    # country, region and partner are resolved against the index's glossary when compiled
    # (韓国 = Korea; SNU = ソウル国立大学 = Seoul National University).
    return Filter(field, value)


def parse_query(text: str) -> Node | None:
    """The query's tree, or None for a query with nothing in it. Raises QuerySyntaxError."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\n")
    return _Parser(text).parse()


def positive_words(node: Node | None) -> list[Node]:
    """The top-level AND's parts that are words or phrases (what any-term fallback ORs)."""
    if isinstance(node, And):
        return [n for n in node.nodes if isinstance(n, (Word, Phrase))]
    return [node] if isinstance(node, (Word, Phrase)) else []
