"""One plan per query: the words to rank by, what must hold, and how each word is found.

A query's top-level words are *graded*, not all-or-nothing: each word is one clause (the word as
typed, its other-language names, parts of Japanese words), records with more of the words rank
above records with fewer (a coordination factor, as Lucene's), and the records with every word
are the `total`. Filters, exclusions and OR groups must hold. The plan is a set of whoosh query
trees, evaluated by search.fastpath (or by whoosh itself, in the differential tests).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.fields import Schema

from renkei.search.plan.compile import Compiler, Expanded, MatchTerms
from renkei.search.crosslingual.compose import INSTITUTION_WORDS
from renkei.search.crosslingual.expand import Expander
from renkei.search.query.parse import And, Node, Phrase, Word
from renkei.search.plan.whole import institution_named, japanese_whole, latin_whole


@dataclass
class Plan:
    words: list[wq.Query]            # one clause per word of the query, graded
    plain: list[wq.Query | None]     # the same words as typed only (no translations): own-language tier
    labels: list[str]                # each word as typed, for "Missing: …"
    pieces: list                     # a Japanese compound's pieces (list or _Pieces), graded, for when it is found nowhere
    required: list[wq.Query]         # filters, exclusions, OR groups: must hold
    match: MatchTerms
    expansions: tuple
    home: list[wq.Query]             # records of a home university the query names: ranked first
    names: list[bool]                # per word: it is a partner's or place's name (weighs more)
    generic: list[bool]              # per word: it only says what an institution is (大学, university)
    named: list[wq.Query | None]     # per word: an institution's names whole in a record's names (ranked first)
    # per word: where it is found as typed, when what else its clause finds is only a guess at part of
    # the name (コペンハーゲン大学's Copenhagen; 国立中央大学 word by word), or side by side (宮城大学:
    # search.plan.whole); then one per name of several words (Nagasaki University): those records have "some"
    whole: list[wq.Query | None]
    # per word: the names an acronym may also stand for, as a guess beside those that give it (one
    # institution's initials, another's other English); records found only so have part of the word, "some"
    guessed: list[wq.Query | None] = field(default_factory=list)

    def whoosh_query(self) -> wq.Query | None:
        """The strict form (every word and every requirement) as one whoosh query."""
        parts = [*self.required, *self.words]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.And(parts)


def build_plan(tree: Node | None, schema: Schema, expander: Expander | None, extra: list[Node]) -> Plan:
    compiler = Compiler(schema, expander=expander)
    as_typed = Compiler(schema, analyses=compiler.analyses)
    required = [q for q in (compiler.node(f) for f in extra) if q is not None]
    words, plain, labels, pieces, names, named, whole, guessed = [], [], [], [], [], [], [], []
    if tree is not None:
        node = compiler.rewrite(tree)
        parts = list(node.nodes) if isinstance(node, And) else [node]
        for part in parts:
            if isinstance(part, (Word, Phrase, Expanded)):
                translated = compiler.translated_words
                clause = compiler.node(part)
                if clause is None:
                    continue
                words.append(clause)
                names.append(isinstance(part, Expanded) and part.match.entry.type in _NAMES)
                named.append(compiler.named.get(id(clause)))
                guessed.append(compiler.guessed.get(id(clause)))
                labels.append(_label(part))
                pieces.append(_pieces(compiler, part))
                own = compiler.own_forms.get(id(clause))
                if own is not None and own[0] is clause:
                    plain.append(own[1])
                elif compiler.translated_words > translated and isinstance(part, (Word, Phrase)):
                    plain.append(as_typed.node(part))   # the word without its dictionary translations
                else:   # nothing translated: the clause is the word as typed
                    plain.append(None)
                if _named_whole(part, expander):   # 宮城大学: side by side, as typed or translated
                    whole.append(japanese_whole(as_typed, part.text, expander.translator))
                else:
                    whole.append(plain[-1] if _in_part(part, expander) else None)
            else:
                clause = compiler.node(part)
                if clause is not None:
                    required.append(clause)
        # Nagasaki University, a place and a word: side by side, as typed or in Japanese (長崎大学)
        whole += latin_whole(as_typed, parts, expander.translator if expander is not None else None)
    expansions = tuple((k, tuple(v)) for k, v in compiler.expanded.items())
    generic = [all(w in GENERIC_KINDS for w in label.casefold().strip('"').split()) for label in labels]
    return Plan(words, plain, labels, pieces, required, compiler.match, expansions, compiler.home, names, generic,
                named, whole, guessed)


def _named_whole(part: Word | Phrase | Expanded, expander: Expander | None) -> bool:
    """Whether a word is a Japanese institution's name that neither the glossary nor the names table
    took whole (宮城大学, 国立中央大学): its words' translations apart are not the name."""
    return (type(part) is Word and expander is not None and expander.names is not None
            and (institution_named(part.text) or expander.unplaced_institution(part.text)))


def _in_part(part: Word | Phrase | Expanded, expander: Expander | None) -> bool:
    """Whether a word's other-language forms name only part of it: the name part of an institution
    no index name is (Match.name_only), or an institution's name the names table does not place,
    translated word by word (国立中央大学: national, center, university, scattered in CNRS's record)."""
    if isinstance(part, Expanded):
        return part.match.name_only
    return isinstance(part, Word) and expander is not None and expander.unplaced_institution(part.text)


_NAMES = ("institution", "home", "place", "country", "region")
# Words that say what an institution is, not which: a name's piece found without the name is no
# answer to it (西北大学 is not 大学; "Xyzzy University" is not every university).
GENERIC_KINDS = frozenset("""大学 大学校 校 学校 学院 学園 大学院 研究所 キャンパス カレッジ national state royal federal
technology technological technical polytechnic autonomous free""".split()) | INSTITUTION_WORDS


def _pieces(compiler: Compiler, part: Word | Phrase | Expanded) -> "list[wq.Query] | _Pieces":
    """The MeCab pieces of a one-chunk Japanese word, each a clause of its own (国際研究者 →
    国際, 研究, 者): graded when the compound itself is found nowhere."""
    if not isinstance(part, Word):
        return []
    groups, _, _ = compiler._analyse(part.text)
    kept = [g for g in groups if part.text[g[2]:g[3]] not in GENERIC_KINDS] if len(groups) > 1 else []
    return _Pieces(compiler, part.text, kept) if kept else []


class _Pieces:
    """A compound's pieces, each with its own translations (国際核融合エネルギー機構: 核 has none,
    the others find ITER International Fusion Energy Organization), made when first read: only a
    compound found nowhere needs them, and translating every piece of every compound cost the
    mix's Japanese queries 5-10 % of their CPU at 1k."""

    def __init__(self, compiler: Compiler, text: str, groups: list) -> None:
        self._compiler, self._text, self._groups = compiler, text, groups
        self._made: list[wq.Query] | None = None

    def _make(self) -> list[wq.Query]:
        if self._made is None:
            compiler = self._compiler
            translated = [compiler.translations([g], self._text) for g in self._groups]   # at the full scale
            scale, compiler.scale = compiler.scale, compiler.scale * 0.5
            try:
                self._made = [wq.DisjunctionMax([own, *(wq.Or([t], boost=0.5) for t in others)], tiebreak=0.1)
                              if others else own
                              for own, others in zip((compiler.term_clause(terms, None) for _, terms, _, _ in self._groups),
                                                     translated)]
            finally:
                compiler.scale = scale
        return self._made

    def __bool__(self) -> bool:
        return True   # made only with a piece to find

    def __len__(self) -> int:
        return len(self._groups)

    def __iter__(self):
        return iter(self._make())


def _label(node: Word | Phrase | Expanded) -> str:
    if isinstance(node, Expanded):
        return " ".join(w.text for w in node.words)
    return f'"{node.text}"' if isinstance(node, Phrase) else node.text
