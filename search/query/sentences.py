"""Queries typed as sentences: a Japanese chunk is cut into words where MeCab finds a particle."""
from __future__ import annotations

from typing import Callable

from renkei.indexer.analysis import JAPANESE, pieces

from renkei.search.query.addresses import address_parts
from renkei.search.query.parse import And, Node, Not, Or, Word

# Question words: in a query they ask, they do not describe what to find (query side only).
QUESTION_WORDS = frozenset("""
how many much what which who whom whose when where why does do did can could would should is are was were
いつ どこ 何 なに なん どの どれ どう どんな 誰 だれ 幾つ いくつ
つい 関する 関し おける 対する 対し よる 始まっ
""".split())   # つい 関する おける 対する よる: the verbs of について, に関する, における, に対する, による
# Dropped words that stay inside a compound (戦略的パートナーシップ: a suffix, not a separator).
_JOINERS = frozenset("的 等")


def split_sentences(node: Node, whole: Callable[[str], bool] = lambda text: False) -> Node:
    """A chunk typed without spaces is cut where MeCab finds a particle, an auxiliary, punctuation
    or a stop word (慶應と山形県の協定 → 慶應 山形県 協定): a compound is a run of content words
    with nothing dropped between them. Question words go too, when other words remain. A chunk
    `whole` says is one name stays whole (タフツ大学: MeCab reads its ツ as a particle)."""
    if isinstance(node, Word) and whole(node.text):
        return node
    if isinstance(node, Word):
        words = _split_chunk(node.text)
        if len(words) == 1:
            return words[0]
        return And(tuple(w for w in words if w.text.casefold() not in QUESTION_WORDS) or words)
    if isinstance(node, Not):
        return Not(split_sentences(node.node, whole))
    if isinstance(node, (And, Or)):
        parts: list = []
        for child in node.nodes:
            child = split_sentences(child, whole)
            parts.extend(child.nodes if isinstance(node, And) and isinstance(child, And) else [child])
        if isinstance(node, And):
            kept = [p for p in parts if not (isinstance(p, Word) and p.text.casefold() in QUESTION_WORDS)]
            parts = kept or parts
        return type(node)(tuple(parts))
    return node


def _split_chunk(text: str) -> list[Word]:
    if not JAPANESE.search(text):
        return [Word(text)]
    out, start, end = [], None, None
    for piece in pieces(text):
        if piece.surface in QUESTION_WORDS:
            piece = piece._replace(script="gap")
        if piece.script == "gap" and piece.surface in _JOINERS and start is not None:
            end = piece.end
            continue
        if piece.script == "gap" or (end is not None and piece.start > end):
            if start is not None:
                out.append(Word(text[start:end]))
            start = end = None
            if piece.script == "gap":
                continue
        if start is None:
            start = piece.start
        end = piece.end
    if start is not None:
        out.append(Word(text[start:end]))
    # An address run together (宮城県南三陸町) is its prefecture and its town, as if spaced.
    return [Word(part) for word in out for part in address_parts(word.text)] or [Word(text)]
