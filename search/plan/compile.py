"""Query tree (search.query) -> whoosh query, analysed with the index's own schema."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.fields import Schema

from renkei.indexer.analysis import JAPANESE, katakana_runs, phrase_term, pieces, query_terms
from renkei.indexer.normalize import normalize
from renkei.indexer.schema import BODY, COUNTRY, ENTITIES, GLOSS, INSTITUTION, INSTITUTION_KEYS, NAMES, NGRAM, REGION, key

from renkei.search.plan import ranking
from renkei.search.plan.filter_query import filter_query
from renkei.search.crosslingual.dates import DATE_ENTRY
from renkei.search.crosslingual.expand import Expander, Match
from renkei.search.query.parse import And, Filter, Node, Not, Or, Phrase, Word
from renkei.search.query.sentences import split_sentences
from renkei.search.crosslingual.translate import SourceWord

_ENTITY_FIELD = {"country": COUNTRY, "region": REGION, "home": INSTITUTION, "date": ENTITIES}


@dataclass
class MatchTerms:
    """What a query looks for, for highlighting: index terms and Japanese substrings."""
    terms: set[str] = field(default_factory=set)
    sequences: set[tuple[str, ...]] = field(default_factory=set)   # compounds: adjacent words in order
    exact: set[str] = field(default_factory=set)                    # English words as typed (lowercase)
    substrings: set[str] = field(default_factory=set)               # partial-word (bigram) matches
    dates: set[str] = field(default_factory=set)                    # days, months, fiscal years (corpus.when)


@dataclass(frozen=True)
class Expanded:
    """Words of the query that form a glossary name (or one chunk that contains one)."""
    words: tuple[Word, ...]
    match: Match


class Compiler:
    def __init__(self, schema: Schema, *, partial: bool = True, expander: Expander | None = None,
                 analyses: dict | None = None) -> None:
        # partial: Japanese words may also match as substrings of longer words (bigram phrases),
        # weighed below whole words (ranking.NGRAM_BOOST); translations leave them out.
        self.with_partial = partial
        self.expander = expander
        self.words = schema[BODY].analyzer
        self.bigrams = schema[NGRAM[BODY]].analyzer
        self.glosses = schema[GLOSS].analyzer
        self.match = MatchTerms()
        self.expanded: dict[str, list[str]] = {}   # name as typed -> the names it was expanded to
        self.scale = 1.0                           # < 1 while compiling translations
        self.names_only = False                    # True while compiling another name of an entity
        self.as_name = False                       # True while compiling a name as a record's name says it
        self.named: dict[int, wq.Query] = {}       # id(expansion) -> its names as the names fields say them
        self.home: list[wq.Query] = []             # records filed under a home university the query names
        self.own_forms: dict[int, tuple] = {}      # id(expansion) -> (it, its names in the language typed)
        self.guessed: dict[int, wq.Query] = {}     # id(expansion) -> the names its acronym may stand for, as a guess
        self.translate = True                      # False inside a glossary name: it is translated whole
        self.translated_words = 0                  # words given translations so far (a plain form differs)
        # text -> _analyse(text), shared by the compilers of one query: a word is analysed again for its
        # pieces and its plain form
        self.analyses = {} if analyses is None else analyses

    def rewrite(self, node: Node) -> Node:
        """Split Japanese sentences into words, then mark the glossary names in the tree
        (consecutive words of an AND, or inside one chunk)."""
        if self.expander is None:
            return split_sentences(node)
        node = split_sentences(node, self.expander.is_one_name)
        if isinstance(node, Word):
            found = self.expander.in_chunk(node.text)
            return Expanded((node,), found) if found else node
        if isinstance(node, Not):
            return Not(self.rewrite(node.node))
        if isinstance(node, Or):
            return Or(tuple(self.rewrite(n) for n in node.nodes))
        if not isinstance(node, And):
            return node
        out: list = []
        i, nodes = 0, list(node.nodes)
        while i < len(nodes):
            if not isinstance(nodes[i], Word):
                out.append(self.rewrite(nodes[i]))
                i += 1
                continue
            j = i
            while j < len(nodes) and isinstance(nodes[j], Word):
                j += 1
            run = nodes[i:j]
            spans = {m.start: m for m in self.expander.in_words([w.text for w in run]) if m.end - m.start > 1}
            k = 0
            while k < len(run):
                if k in spans:
                    out.append(Expanded(tuple(run[k:spans[k].end]), spans[k]))
                    k = spans[k].end
                else:
                    out.append(self.rewrite(run[k]))
                    k += 1
            i = j
        return And(tuple(out))

    def node(self, node: Node) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node.text)
        if isinstance(node, Phrase):
            return self.phrase(node.text)
        if isinstance(node, Expanded):
            return self.expansion(node)
        if isinstance(node, Filter):
            return filter_query(node, self.expander)
        if isinstance(node, Not):
            inner = self.node(node.node)
            return wq.Not(inner) if inner is not None else None
        parts = [p for p in (self.node(n) for n in node.nodes) if p is not None]
        if not parts:
            return None
        if isinstance(node, Or):
            return parts[0] if len(parts) == 1 else wq.Or(parts)
        return self._and(parts)

    @staticmethod
    def _and(parts: list[wq.Query]) -> wq.Query | None:
        if not parts:
            return None
        if all(isinstance(p, wq.Not) for p in parts):
            parts = [wq.Every(), *parts]
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _in_scope(self, boosts: dict[str, float]) -> list[tuple[str, float]]:
        """The fields to search now: an institution's other names are looked for among names
        (titles, partners, departments) — where a record says whom it is about — and, barely
        (ranking.NAME_IN_BODY), in the body, where a partner list or a note names it."""
        if self.as_name:   # the name whole, where a record says whom it is about
            return [(f, b) for f, b in boosts.items() if f == NAMES]
        if not self.names_only:
            return list(boosts.items())
        return [(f, b if f == NAMES or f.startswith(NAMES + "_") else b * ranking.NAME_IN_BODY)
                for f, b in boosts.items() if f != NGRAM[BODY] and (ranking.NAME_IN_BODY or f != BODY)]

    # --- cross-lingual expansion ---------------------------------------------------------------

    def expansion(self, node: Expanded) -> wq.Query | None:
        """The words as typed, OR each other name of the glossary entry (weighted down)."""
        match = node.match
        self.expanded.setdefault(match.typed, []).extend(n for n in match.labels()
                                                        if n not in self.expanded.get(match.typed, []))
        translate, self.translate = self.translate, bool(match.translations)
        # A university's known name is that university: a part of another word (京大 in 東京大学)
        # is not it. (A country's name inside a word still is: 日本 in 日本学; and a name crossed from Latin
        # letters, which MeCab may cut otherwise: 檀国 in 檀|国大|学校, ウダ|ヤナ alone.)
        partial = self.with_partial
        self.with_partial = partial and (match.entry.type not in ("institution", "home") or match.read_from_latin)
        if len(node.words) == 1:
            chunk = node.words[0].text
            # a date is its numbers in order: 2016年3月3日 is not 2016, 3 and 3 anywhere (3月29日)
            original = self.phrase(chunk) if match.entry.id == DATE_ENTRY else self.word(chunk)
            variants = [(chunk[:match.start] + " " + name + " " + chunk[match.end:]).strip()
                        if (match.start or match.end < len(chunk)) else name for name in match.alternatives()]
        elif match.entry.type in ("institution", "home") and not JAPANESE.search(match.typed):
            # An institution's name as typed is that name, not its words anywhere (National ... University
            # (Taiwan) is not National Taiwan University)
            original = self.phrase(" ".join(w.text for w in node.words))
            variants = match.alternatives()
        else:
            original = self.node(And(node.words))
            variants = match.alternatives()
        self.translate = translate
        outer = self.scale
        self.names_only = match.entry.type in ("institution", "home")
        typed_japanese = bool(JAPANESE.search(match.typed))
        alternatives, own = [], []
        for text in variants:
            # A name in the language typed is a synonym (Swedish: Sweden), weighed as typed; a name
            # in the other language is a translation, weighed down (ranking.TRANSLATION). Either
            # way the records with the words as typed (or filed under the entity) are listed first.
            same_language = bool(JAPANESE.search(text)) == typed_japanese
            self.scale = outer if same_language else outer * ranking.TRANSLATION
            if match.by_name_route:   # found by sound, reading or acronym: below a glossary name
                self.scale *= ranking.NAME_ROUTE
            multiword_latin = " " in text and not JAPANESE.search(text)
            compiled = self.phrase(text) if multiword_latin or match.entry.id == DATE_ENTRY else self.word(text)
            if compiled is not None:
                alternatives.append(compiled)
        # an acronym's guesses, weak: only whole in a record's names, where it says whom it is about
        saved = self.as_name, self.with_partial
        self.scale, self.as_name, self.with_partial = outer * ranking.TRANSLATION * ranking.NAME_ROUTE, True, False
        guessed = [q for q in (self.word(name) for name in match.guesses) if q is not None]
        self.as_name, self.with_partial = saved
        self.scale = outer * ranking.TRANSLATION
        entity_field = _ENTITY_FIELD.get(match.entry.type)
        if entity_field and match.entry.en:
            value = (match.entry.when if entity_field == ENTITIES   # the days a date covers, however written
                     else INSTITUTION_KEYS.get(match.entry.en[0]) if entity_field == INSTITUTION else key(match.entry.en[0]))
            if value:   # records filed under the entity: in no language, so counted as typed
                entity = wq.Term(entity_field, value, boost=self.scale * ranking.ENTITY_BOOST)
                alternatives.append(entity)
                own.append(entity)
                if match.entry.type == "home":
                    self.home.append(wq.Term(entity_field, value))
                if entity_field == ENTITIES:
                    self.match.dates.add(value)
        self.scale = outer
        self.names_only = False
        self.with_partial = partial
        parts = [q for q in (original, *alternatives) if q is not None]
        # The best of the names counts, not their sum: a record naming an entity three ways is no
        # more about it than one naming it once.
        found = wq.DisjunctionMax(parts, tiebreak=0.1) if len(parts) > 1 else (parts[0] if parts else None)
        own_parts = [q for q in (original, *own) if q is not None]
        if found is not None and match.entry.type == "institution" and (named := self._as_named(node, variants)) is not None:
            self.named[id(found)] = named
        if found is not None and guessed:
            self.guessed[id(found)] = wq.DisjunctionMax(guessed, tiebreak=0.1) if len(guessed) > 1 else guessed[0]
        if found is not None:
            self.own_forms[id(found)] = (found, wq.DisjunctionMax(own_parts, tiebreak=0.1) if len(own_parts) > 1
                                         else (own_parts[0] if own_parts else wq.NullQuery))
        return found

    def _as_named(self, node: Expanded, variants: list[str]) -> wq.Query | None:
        """An institution's names (as typed, and its other names) whole and side by side in a record's
        names: the record is about it, not one that mentions it or shares part of it (ヤンゴン大学 is
        University of Yangon, not ヤンゴン工科大学). Highlighting has their terms already."""
        saved = self.scale, self.names_only, self.as_name, self.with_partial, self.match
        self.scale, self.names_only, self.as_name, self.with_partial, self.match = 1.0, True, True, False, MatchTerms()
        forms = [q for q in ((self.phrase(t) if " " in t and not JAPANESE.search(t) else self.word(t))
                             for t in dict.fromkeys([" ".join(w.text for w in node.words), *variants])) if q is not None]
        self.scale, self.names_only, self.as_name, self.with_partial, self.match = saved
        return wq.Or(forms) if len(forms) > 1 else (forms[0] if forms else None)

    # --- words ---------------------------------------------------------------------------------

    def _analyse(self, text: str) -> tuple[list[tuple[int, list[str], int, int]], dict[int, str], dict[int, list[str]]]:
        """Word terms grouped by position (variants share one) with their span in `text`,
        the exact Latin form at each position, and English glosses by start character (read-only:
        shared by the compilers of one query)."""
        found = self.analyses.get(text)
        if found is None:
            found = self.analyses[text] = self._analysed_afresh(text)
        return found

    def _analysed_afresh(self, text: str) -> tuple[list[tuple[int, list[str], int, int]], dict[int, str], dict[int, list[str]]]:
        by_pos: dict[int, tuple[list[str], int, int]] = {}
        for term, pos, start, end in query_terms(self.words, text):
            by_pos.setdefault(pos, ([], start, end))[0].append(term)
        # The English word as written (certifications), where the analyzer gave its stem (certif).
        exact = {pos: normalize(text[start:end]).text.casefold() for pos, (terms, start, end) in by_pos.items()
                 if not JAPANESE.search(terms[0])}
        glosses: dict[int, list[str]] = {}
        for term, _, start, _ in query_terms(self.glosses, text):
            glosses.setdefault(start, []).append(term)
        return [(pos, *by_pos[pos]) for pos in sorted(by_pos)], exact, glosses

    def word(self, text: str) -> wq.Query | None:
        """A chunk typed without spaces: all its words must match.

        Japanese words side by side in the query (国際|共同|研究) form a compound: records must
        have them in order, close together (see ranking.COMPOUND_SLOP); side by side ranks higher.
        """
        groups, exact, glosses = self._analyse(text)
        if not groups:
            return self.partial(text)
        latin, japanese = [], []
        for pos, _, _, _ in groups:
            if pos in exact and self.scale == 1.0:
                self.match.exact.add(exact[pos])
        for compound in _compounds(groups):
            pieces = [self.term_clause(terms, exact.get(pos), glosses.get(start, ())) for pos, terms, start, _ in compound]
            target = japanese if JAPANESE.search(compound[0][1][0]) else latin
            if len(compound) == 1:
                self.match.terms.update(compound[0][1])
                target.append(self.translated(pieces[0], compound, text))
                continue
            primary = [phrase_term(terms) for _, terms, _, _ in compound]
            self.match.sequences.add(tuple(primary))
            side_by_side = [wq.Phrase(f, primary, slop=0 if self.as_name else ranking.COMPOUND_SLOP, boost=self.scale * b)
                            for f, b in self._in_scope(ranking.WORD_BOOST)]
            target.append(self.translated(wq.Or(side_by_side), compound, text))
        if japanese:
            # The Japanese part is found as words, or else as substrings (partial words).
            words = japanese[0] if len(japanese) == 1 else wq.And(japanese)
            partial = self.partial(text) if self.with_partial else None
            latin.append(wq.Or([words, partial]) if partial is not None else words)
        return latin[0] if len(latin) == 1 else wq.And(latin)

    def translated(self, found: wq.Query, compound: list[tuple[int, list[str], int, int]], text: str) -> wq.Query:
        """The words as typed OR their translations (one synonym group, weighted down)."""
        translations = self.translations(compound, text)
        self.translated_words += bool(translations)
        return wq.DisjunctionMax([found, *translations], tiebreak=0.1) if translations else found

    def translations(self, compound: list[tuple[int, list[str], int, int]], text: str) -> list[wq.Query]:
        """The other language's words for one compound or English word (search.translate): whole
        phrases (宇宙開発: space development), and their words one by one too; each source word's
        translations OR-ed, at the translation weight; a piece without any stays as typed. Each
        translation goes into `expanded`."""
        if self.expander is None or not self.translate or self.scale != 1.0 or self.names_only:
            return []
        translator = self.expander.translator
        if translator is None:
            return []
        unidic = {p.start: p.gloss for p in pieces(text) if p.gloss}
        words = [SourceWord(text[start:end], terms[0] if JAPANESE.search(terms[0]) else text[start:end].casefold(),
                            bool(JAPANESE.search(terms[0])), unidic.get(start)) for _, terms, start, end in compound]
        layouts = [translator.translate(words)]
        if any(span.end - span.start > 1 for span in layouts[0]):
            layouts.append(translator.translate(words, phrases=False))
        saved = self.scale, self.with_partial
        self.scale, self.with_partial = self.scale * ranking.TRANSLATION, False   # no partial words
        found = []
        for spans in (layout for layout in layouts if any(span.translations for span in layout)):
            groups = []
            for span in spans:
                options = [q for q in (self.word(t.text) for t in span.translations) if q is not None]
                groups.append(wq.DisjunctionMax(options, tiebreak=0.1) if len(options) > 1 else
                              options[0] if options else self.word(span.source))
                for label in (f"{t.text} ({t.origin})" for t in span.translations):
                    if label not in self.expanded.setdefault(span.source, []):
                        self.expanded[span.source].append(label)
            groups = [g for g in groups if g is not None]
            if groups:
                found.append(groups[0] if len(groups) == 1 else wq.And(groups))
        self.scale, self.with_partial = saved
        return found

    def term_clause(self, terms: list[str], exact: str | None, glosses: list[str] | tuple = ()) -> wq.Query:
        s = self.scale
        # The exact English form earns its bonus in the rescore (ranking.EXACT_SHARE), not here:
        # every query term costs time on every matching record.
        subs = [wq.Term(f, t, boost=s * b) for t in terms for f, b in self._in_scope(ranking.WORD_BOOST)]
        bridge = s * ranking.TRANSLATION
        if self.names_only:
            pass
        elif not JAPANESE.search(terms[0]):   # an English word may name a Japanese loanword (Cambridge: ケンブリッジ)
            subs.append(wq.Term(GLOSS, terms[0], boost=bridge))
        elif glosses:                  # a Japanese loanword may be written in English (シンポジウム: symposium)
            for f, b in self._in_scope(ranking.WORD_BOOST):
                subs.append(wq.Term(f, glosses[0], boost=bridge * b) if len(glosses) == 1
                            else wq.Phrase(f, list(glosses), boost=bridge * b))
        return wq.Or(subs)

    def partial(self, text: str) -> wq.Query | None:
        """Japanese runs as substrings (bigram phrases): finds parts of words MeCab did not cut out."""
        runs: list[list[str]] = []
        last = None
        for term, pos, _, _ in query_terms(self.bigrams, text):
            if last is None or pos != last + 1:
                runs.append([])
            runs[-1].append(term)
            last = pos
        if not runs:
            return None
        norm, bare = normalize(text).text, not (self.match.substrings or self.match.terms or self.match.sequences)
        self.match.substrings.update(r for r in (re.findall(JAPANESE.pattern + "+", norm) if bare else ()) if len(r) > 1)
        self.match.substrings.update(katakana_runs(norm))   # another spelling of a name is marked as written
        per_run = []
        for grams in runs:
            boosts = {f: self.scale * b for f, b in self._in_scope(ranking.NGRAM_BOOST)}
            if len(grams) == 1:
                per_run.append(wq.Or([wq.Term(f, grams[0], boost=b) for f, b in boosts.items()]))
            else:
                per_run.append(wq.Or([wq.Phrase(f, grams, boost=b) for f, b in boosts.items()]))
        return per_run[0] if len(per_run) == 1 else wq.And(per_run)

    def phrase(self, text: str) -> wq.Query | None:
        groups, exact, _ = self._analyse(text)
        if not groups:
            return None
        primary = [phrase_term(terms) for _, terms, _, _ in groups]
        if len(primary) == 1:
            return self.word(text)
        self.match.sequences.add(tuple(primary))
        subs: list[wq.Query] = [wq.Phrase(f, primary, boost=self.scale * b) for f, b in self._in_scope(ranking.WORD_BOOST)]
        if self.scale == 1.0:
            self.match.exact.update(exact.values())
        if all(JAPANESE.search(t) for t in primary) and self.with_partial:
            partial = self.partial(text)
            if partial is not None:
                subs.append(partial)
        return wq.Or(subs)

def _compounds(groups: list[tuple[int, list[str], int, int]]) -> list[list[tuple[int, list[str], int, int]]]:
    """Split analysed groups into runs of adjacent Japanese words; every Latin word stands alone."""
    out: list[list[tuple[int, list[str], int, int]]] = []
    for group in groups:
        japanese = bool(JAPANESE.search(group[1][0]))
        if out and japanese and JAPANESE.search(out[-1][-1][1][0]) and group[0] == out[-1][-1][0] + 1:
            out[-1].append(group)
        else:
            out.append([group])
    return out

