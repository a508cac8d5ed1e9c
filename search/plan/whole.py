"""An institution's name typed as one is found as one (#30.6).

宮城大学 typed whole is Miyagi University, not a record that says Miyagi Prefecture in one place and
Keio University in another; Nagasaki University is not a record of Nagasaki Prefecture that names
Keio University. When neither the glossary nor the names table takes such a name whole, its words
are still searched one by one (each translated), but a record has every word only where it has
them side by side: as typed, or their translations in order (Miyagi University, 長崎大学), and a
Latin name with its kind first where a record names it (Sao Paulo University: University of Sao
Paulo). Records with the words apart are shown as having some (Plan.whole).
"""
from __future__ import annotations

from itertools import islice, product

from whoosh import query as wq

from renkei.corpus.names import CONNECTORS
from renkei.indexer.analysis import JAPANESE, pieces
from renkei.indexer.names.sound import fold_word
from renkei.search.crosslingual.compose import INSTITUTION_WORDS, QUALIFIERS
from renkei.search.crosslingual.compose import JA_NAME
from renkei.search.crosslingual.translate import SourceWord
from renkei.search.plan.compile import Expanded
from renkei.search.query.parse import Word

MAX_FORMS = 8   # side-by-side forms looked for per name: each costs a phrase over its words' records
_PER_WORD = 3   # translations of each word tried in them
_KINDS = INSTITUTION_WORDS - CONNECTORS   # university, college, institute, school ...
_PLACES = ("place", "country", "region")


def institution_named(chunk: str) -> bool:
    """Whether a Japanese chunk is an institution's name: a name part of two characters or more (not
    a kind word: 女子大学 says what it is) before what it is (宮城大学, 第一養護学校, 北京師範大学)."""
    m = JA_NAME.match(chunk) if len(chunk) >= 4 else None
    if m is None or not m.group("kind") or m.group("campus"):
        return False
    name = m.group("name") or ""
    if m.group("kind") == "校":   # 養護学校: a school, 校 alone a campus (ボンベイ校)
        if not name.endswith("学"):
            return False
        name = name[:-1]
    return len(name) >= 2 and name not in QUALIFIERS


def japanese_whole(compiler, text: str, translator) -> wq.Query:
    """Where a Japanese institution name is found whole: as typed, side by side, or its words'
    translations side by side (`compiler` compiles as typed: no expander, no translations)."""
    forms = [compiler.phrase(text)]
    if translator is not None:
        groups, _, _ = compiler._analyse(text)
        unidic = {p.start: p.gloss for p in pieces(text) if p.gloss}
        words = [SourceWord(text[start:end], terms[0], True, unidic.get(start)) for _, terms, start, end in groups
                 if JAPANESE.search(terms[0])]
        if len(words) == len(groups) > 1:
            seen: list[str] = []
            for phrases in (True, False):
                spans = translator.translate(words, phrases=phrases)
                options = [_either_way([t.text for t in s.translations][:_PER_WORD]) for s in spans]
                if not all(options):
                    continue
                seen += [" ".join(combo) for combo in islice(product(*options), MAX_FORMS)]
            forms += [compiler.phrase(f) for f in dict.fromkeys(seen) if " " in f]
    return _any(forms)


def _typed_whole(compiler, texts) -> list[wq.Query]:
    """Phrases of translated forms: their words as the analyzer cuts them, no partial words (a
    record writes a Japanese name it has as the same words: 長崎|大学)."""
    saved, compiler.with_partial = compiler.with_partial, False
    try:
        return [q for q in (compiler.phrase(t) for t in texts) if q is not None]
    finally:
        compiler.with_partial = saved


def latin_whole(compiler, parts: list, translator) -> list[wq.Query]:
    """For each run of capitalised words of the query naming an institution that no glossary or names
    table name took whole (Nagasaki University: a place and a word; Information and Communications
    University): where the run is found side by side, as typed or in Japanese (長崎大学)."""
    found, run = [], []
    for part in [*parts, None]:
        if _member(part) or (run and isinstance(part, Word) and part.text.casefold() in CONNECTORS):
            run.append(part)
            continue
        while run and not _member(run[-1]):
            run.pop()   # a connector ends no name
        if _names_institution(run):
            found.append(_run_whole(compiler, run, translator))
        run = []
    return found


def _member(part) -> bool:
    """A capitalised Latin word, or a place or country's name (Nagasaki, Viet Nam), of a name run."""
    if isinstance(part, Expanded):
        words = [w.text for w in part.words]
        if part.match.entry.type not in _PLACES:
            return False
    elif type(part) is Word:
        words = [part.text]
    else:
        return False
    return all(w[:1].isupper() and w.isascii() and w.replace("'", "").replace("-", "").isalpha() for w in words)


def _names_institution(run: list) -> bool:
    """Words naming an institution: one says what it is (University), another is a name."""
    kinds = [not isinstance(p, Expanded) and fold_word(p.text) in _KINDS for p in run]
    named = [not k and (isinstance(p, Expanded) or p.text.casefold() not in CONNECTORS) for p, k in zip(run, kinds)]
    return any(kinds) and any(named)


def _run_whole(compiler, run: list, translator) -> wq.Query:
    typed = " ".join(w.text for p in run for w in (p.words if isinstance(p, Expanded) else [p]))
    forms = [compiler.phrase(typed)]
    names = [p for p in run if isinstance(p, Expanded) or p.text.casefold() not in CONNECTORS]
    options = []
    for p in names:
        if isinstance(p, Expanded):
            options.append([n for n in (*p.match.entry.ja, *p.match.alternatives()) if JAPANESE.search(n)][:_PER_WORD])
        else:
            options.append([t.text for t in translator.from_english(p.text.casefold())][:_PER_WORD] if translator else [])
    if all(options):
        kind_first = len(run) > 2 and not isinstance(run[0], Expanded) and fold_word(run[0].text) in _KINDS \
            and run[1].text.casefold() in CONNECTORS   # University of X: X大学
        if kind_first:
            options = [*options[1:], options[0]]
        forms += _typed_whole(compiler, ["".join(c) for c in dict.fromkeys(islice(product(*options), MAX_FORMS))])
    if len(run) > 1 and _is_kind(run[-1]) and not any(_is_kind(p) for p in run[:-1]):
        # Sao Paulo University is also the University of Sao Paulo, where a record names it
        named = " ".join(w.text for p in run[:-1] for w in (p.words if isinstance(p, Expanded) else [p]))
        forms += _in_names(compiler, [f"{run[-1].text} of {named}"])
    return _any(forms)


def _is_kind(part) -> bool:
    return not isinstance(part, Expanded) and fold_word(part.text) in _KINDS


def _either_way(translations: list[str]) -> list[str]:
    """A translation joining two names (日越: Japan and Vietnam) and the same two the other way round
    (Vietnam Japan University)."""
    out = []
    for t in translations:
        out.append(t)
        a, _, b = t.partition(" and ")
        if a and b and " " not in a + b:
            out.append(f"{b} and {a}")
    return out


def _in_names(compiler, texts) -> list[wq.Query]:
    """Phrases looked for in a record's names only (its title, partners): an English stop word
    leaves no gap, so University of Shanghai in a body is also "Kyoto University and Shanghai ..."."""
    saved, compiler.as_name = compiler.as_name, True
    try:
        return [q for q in (compiler.phrase(t) for t in texts) if q is not None]
    finally:
        compiler.as_name = saved


def _any(forms: list) -> wq.Query:
    forms = [f for f in forms if f is not None]
    return forms[0] if len(forms) == 1 else wq.Or(forms)
