"""A Japanese institution name composed with the index's own Latin institution names: the name part
crosses by sound, reading or place (ベルリン → Berlin), and what the institution is (自由大学) picks,
among the index's names that contain it, the ones whose other words say the same: Freie Universität
Berlin, not Technical University of Berlin or Humboldt University of Berlin. 香港理工大学 is Hong Kong
Polytechnic University, 梨花女子大学校 Ewha Womans University (the reading ihwa is weak; Womans and
the one name word left carry it), マヒドン大学 Mahidol University."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from renkei.corpus.names import CHINA_REGIONS, CONNECTORS
from renkei.corpus.text import LazyPattern
from renkei.indexer.names.sound import fold_word, latin_key, similarity, skeleton

if TYPE_CHECKING:
    from renkei.indexer.names.table import NameTable

# What a Japanese institution name's kind words say in the index's Latin names: the first set is
# what the word is usually written as (理工: Polytechnic), the second what it may also be.
QUALIFIERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    k: (frozenset(map(fold_word, a.split())), frozenset(map(fold_word, b.split()))) for k, (a, b) in {
        "国立": ("national nacional nationale nazionale", ""),
        "国民": ("national kebangsaan", ""),
        "国家": ("national", ""),
        "理科": ("science sciences", "technology"),
        "医薬": ("medical pharmaceutical medicine", ""),
        "薬科": ("pharmaceutical pharmacy", ""),
        "農科": ("agricultural agriculture", ""),
        "海洋": ("ocean marine maritime", ""),
        "水産": ("fisheries fishery", "marine ocean"),
        "芸術": ("arts art", ""),
        "音楽": ("music", ""),
        "経済": ("economics economic", ""),
        "商科": ("commerce business", ""),
        "教育": ("education educational", ""),
        "州立": ("state", ""),
        "王立": ("royal", ""),
        "公立": ("public", ""),
        "市立": ("city municipal metropolitan", ""),
        "工科": ("technology technological technical polytechnic politecnico politécnica politecnica "
                 "polytechnique technische technion tech teknologi tecnologia tecnológico technologie", "science"),
        "理工": ("polytechnic politecnico politécnica politecnica polytechnique", "science technology technological"),
        "科技": ("science technology", "technological"),
        "科学技術": ("science technology", "technological"),
        "師範": ("normal", "education"),
        "医科": ("medical medicine", ""),
        "農業": ("agricultural agriculture", ""),
        "農工": ("agriculture agricultural technology", ""),
        "外国語": ("foreign", "studies languages language international"),   # China's International Studies Universities
        "女子": ("womans women womens woman", ""),
        "工業": ("technology industrial technical", ""),
        "技術": ("technology technical", ""),
        "連邦": ("federal fédérale federale fédéral federaal eidgenössische bundes", ""),
        "自治": ("autonomous autónoma autonoma autònoma autonome", ""),
        "自由": ("free freie libre libera vrije", ""),
        "王子": ("prince princess", ""),
        # China's universities of one trade (南京航空航天: Aeronautics and Astronautics, 北京郵電: Posts
        # and Telecommunications)
        "航空": ("aeronautics aeronautical aviation aerospace", "astronautics"),
        "航天": ("astronautics aerospace", "aeronautics"),
        "郵電": ("posts telecommunications", "telecommunication"),
        "都会": ("metropolitan", ""),
    }.items()}
_KIND_WORDS = sorted(QUALIFIERS, key=len, reverse=True)
_JAPANESE_CHAR = LazyPattern(r"[\u3040-\u30ff\u3400-\u9fff々]")
# A Japanese institution name: a name part, then what the institution is.
JA_NAME = LazyPattern(r"^(?P<prefix>国立|州立|王立|私立|公立|市立)?(?P<name>[\u30a0-\u30ff・＝\u3400-\u9fff々]+?)"
                      r"(?P<kind>(?:国立|国民|国家|州立|王立|公立|市立|工科|理工|理科|科技|科学技術|師範|医科|医薬|薬科|農業|農科|農工|外国語|女子|工業|技術|"
                      r"連邦|自治|自由|王子|海洋|水産|芸術|音楽|経済|商科|教育|航空|航天|郵電|都会)*"
                      r"(?:大学校|大学院|大学|学院|学園|研究所|科学技術院)(?P<campus>[\u30a0-\u30ff・]+校)?|校)?$")
# What an institution is, in any language: a name may hold these beside its name and kind words.
INSTITUTION_WORDS = frozenset("""
university universities universität universitat université universite universidad universidade università
universita universiti universitas universiteit hogeschool college institute institution school academy campus institut instituto
istituto institutt hochschule escuela école ecole graduate
""".split()) | CONNECTORS
INSTITUTION_WORDS = frozenset(map(fold_word, INSTITUTION_WORDS))
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
WEAK_SOUND = 0.7      # a name part's sound, when the composed name carries the rest
WEAK_READING = 0.6    # a reading's similarity to the one name word a qualified name leaves
CLOSE_READING = 0.75  # ... and as near as a kind it says makes it the name, not a guess


# What a Japanese institution is (its last word), as a Latin name may say it: a name of the index
# holding the name part but saying none of these is another institution (Copenhagen Business School
# for コペンハーゲン大学). A university may be a college (Olin College), one of technology an institute.
_UNIVERSITY = frozenset(map(fold_word, """university universities universität universitat université universite
universidad universidade università universita universiti universitas universitet universiteit college""".split()))
_OF_TECHNOLOGY = frozenset(map(fold_word, """institute institut instituto istituto polytechnic politecnico
polytechnique politécnica politecnica tech technion school école ecole hochschule""".split()))
_IS: dict[str, frozenset[str]] = {
    "大学": _UNIVERSITY, "大学校": _UNIVERSITY, "大学院": _UNIVERSITY | frozenset({"graduate", "school", "institute"}),
    "学院": _UNIVERSITY | frozenset({"institute", "school", "academy", "institut", "instituto"}),
    "学園": _UNIVERSITY | frozenset({"institute", "school", "academy"}),
    "科学技術院": frozenset({"institute"}),   # Korea's institutes of science and technology (corpus.names.KOREAN_KINDS)
    "研究所": frozenset(map(fold_word, "institute institut instituto istituto laboratory laboratories centre center "
                                    "research institution".split())),
}
_TECHNOLOGY_KINDS = ("工科", "理工", "工業", "技術", "科学技術", "科技")
_SHORT_UNIVERSITY = re.compile(r"^[A-Z]{0,3}U[A-Z]{0,3}$")   # TU Dresden, KU Leuven
_CAPITALS = re.compile(r"\b[A-Z]{2,5}\b")
_SAID_ALSO = {"国立": frozenset({"state"}), **{k: frozenset({"engineering"}) for k in _TECHNOLOGY_KINDS}}


def is_another(table: NameTable, forms: list[str], kind: str) -> bool:
    """Whether no index institution name holding one of `forms` (a name part in Latin) says what a
    Japanese institution's `kind` (自由大学, 研究所) says it is: the part alone names another one."""
    base = next((b for b in sorted(_IS, key=len, reverse=True) if kind.endswith(b)), None)
    if base is None:
        return False   # a campus (校): any institution may have one
    says = _IS[base] | (_OF_TECHNOLOGY if any(k in kind for k in _TECHNOLOGY_KINDS) else frozenset())
    # and what its kind words say (クイーンズランド工科大学 is not the University of Queensland), as
    # the name may say it otherwise (Lomonosov Moscow State University, Olin College of Engineering)
    # or in capitals (RWTH Aachen University, TU Dresden, Grenoble INP)
    qualified = [QUALIFIERS[k][0] | QUALIFIERS[k][1] | _SAID_ALSO.get(k, frozenset()) for k in kind_words(kind)]
    for form in forms:
        own = _split_words(form)
        if not own:
            continue
        for names in table.institutions_starting(own[0], longer_by=2 if len(own[0]) >= 3 else 0):
            for name in re.split(r"\s+(?:and|&)\s+", names):   # Kyoto University and Copenhagen Business School
                words = _split_words(name)
                if _has(words, own) and (any(w in says for w in words) or (base in ("大学", "大学校") and any(
                        _SHORT_UNIVERSITY.match(w) for w in name.split()))) and (all(
                        any(w in q for w in words) for q in qualified) or _CAPITALS.search(re.sub(r"\(.*?\)", "", name))):
                    return False
    return True


def kind_words(kind: str) -> list[str]:
    """The kind words of a Japanese institution's kind (自由大学 → [自由]), left to right."""
    out, at = [], 0
    while at < len(kind):
        word = next((k for k in _KIND_WORDS if kind.startswith(k, at)), None)
        if word is None:
            at += 1
            continue
        out.append(word)
        at += len(word)
    return out


def words_of(name: str) -> list[str]:
    """A Latin name's words, folded (Universität: universitat)."""
    return [fold_word(w) for w in _WORD.findall(name)]


def _has(words: list[str], own: list[str]) -> bool:
    """The name's words are all among `words`, as written or as an adjective (India: Indian)."""
    return all(any(w == o or (w.startswith(o) and len(w) - len(o) <= 2) for w in words) for o in own)


def _fit(words: list[str], name_words: set[str], kinds: list[str]) -> int | None:
    """How well a Latin institution name's words say the query's kind (higher is better), or None
    when a word is left unexplained or a kind word is not said."""
    score = 0
    for kind in kinds:
        primary, secondary = QUALIFIERS[kind]
        if any(w in primary for w in words):
            score += 2
        elif any(w in secondary for w in words):
            score += 1
        else:
            return None
    allowed = set().union(*(a | b for a, b in (QUALIFIERS[k] for k in kinds))) if kinds else set()
    if "national" in words and "national" not in allowed and "national" not in name_words:
        allowed, score = allowed | {"national"}, score - 1   # 中興大学: National Chung Hsing, if no plainer name
    if any(w not in name_words and w not in INSTITUTION_WORDS and w not in allowed
           and not any(w.startswith(o) and len(w) - len(o) <= 2 for o in name_words) for w in words):
        return None
    return score


def composed(table: NameTable, forms: list[str], kinds: list[str], campus: list[str] = ()) -> list[str]:
    """The index's Latin institution names made of one of `forms` (the name part in Latin), the
    kind and the campus's forms if any: best fit first, only the best."""
    scored: dict[str, tuple[int, int]] = {}
    places = {w for c in campus for w in words_of(c)}
    for form in forms:
        own = words_of(form)
        if not own:
            continue
        for name in table.institutions_starting(own[0], longer_by=2 if len(own[0]) >= 3 else 0):
            words = words_of(name)
            if not _has(words, own):
                continue
            fit = _fit(words, set(own) | places, kinds)
            if fit is not None:
                fit += 2 * bool(places) * _has(words, sorted(places))
                scored[name] = max(scored.get(name, (fit, -len(words))), (fit, -len(words)))
    return _best(scored)


def saying(table: NameTable, forms: list[str], kinds: list[str]) -> list[str]:
    """The index's institution names that hold one of `forms` and say every kind word, though other
    words of theirs are not the query's (ハノイ国家大学: Vietnam National University, Hanoi; チューリヒ
    工科大学: Swiss Federal Institute of Technology (ETH Zurich)): fewest words first."""
    found: dict[str, int] = {}   # name -> how many words
    for form in forms:
        own = words_of(form)
        for name in table.institutions_starting(own[0], longer_by=None) if own else ():
            words = words_of(name)
            if _has(words, own) and all(any(w in QUALIFIERS[k][0] | QUALIFIERS[k][1] for w in words) for k in kinds):
                found[name] = len(words)
    return sorted(found, key=lambda n: (found[n], n))[:3]


def composed_of(table: NameTable, pieces: list[list[str]], kinds: list[str], campus: list[str] = ()) -> list[str]:
    """composed() for a name part of several words, each with its English forms (香港: Hong Kong;
    中文: Chinese): the index's institution names that hold a form of every piece, and nothing else
    but the kind and what an institution is."""
    scored: dict[str, tuple[int, int]] = {}
    firsts = [words_of(form) for form in pieces[0]]
    for own in filter(None, firsts):
        for name in table.institutions_starting(own[0], longer_by=2 if len(own[0]) >= 3 else 0):
            words = words_of(name)
            held = [next((w for f in piece for w in [words_of(f)] if w and _has(words, w)), None) for piece in pieces]
            if all(held):
                fit = _fit(words, {w for h in held for w in h} | {w for c in campus for w in words_of(c)}, kinds)
                if fit is not None:
                    scored[name] = (fit, -len(words))
    return _best(scored)


def as_named(table: NameTable, glosses: tuple[str, ...] | list[str]) -> list[str]:
    """The index's Latin institution names that hold one of a dictionary's English names of an
    organisation as consecutive words (Moscow State University: Lomonosov Moscow State University),
    the fewest other words first; glosses that name no institution (a bare place) are skipped."""
    scored: dict[str, int] = {}
    for gloss in glosses:
        own = words_of(gloss)
        if len(own) < 2 or not any(w in INSTITUTION_WORDS for w in own):
            continue
        for name in table.institutions_starting(own[0]):
            words = words_of(name)
            at = next((i for i in range(len(words) - len(own) + 1) if words[i:i + len(own)] == own), None)
            # other words only around a specific name of three words or more (Lomonosov + Moscow
            # State University; Washington University is not George Washington University)
            if at is not None and (len(words) == len(own) or len(own) >= 3) \
                    and "and" not in words[:at] + words[at + len(own):]:   # not "X and Y"
                scored[name] = min(scored.get(name, 99), len(words) - len(own))
    return sorted(scored, key=lambda n: (scored[n], n))


def named_nowhere(table: NameTable, glosses: tuple[str, ...]) -> bool:
    """Whether a dictionary's English names of an organisation have words of their own (not what an
    institution is, nor an acronym: 香港科技大学 is HKUST) and no index institution name holds any of
    them (Sun Yat-sen University)."""
    own = {w for gloss in glosses if not gloss.isupper() for w in words_of(gloss)
           if w not in INSTITUTION_WORDS and len(w) > 2}
    return bool(own) and not any(table.institutions_with(w) for w in own)


def by_kind(table: NameTable, readings: list[str], kinds: list[str], katakana_key: str = "") -> list[str]:
    """A name part nothing crossed at the usual thresholds (梨花, マヒドン): the index's names that say
    the kind, whose one remaining name word is near enough one of its readings or its sound."""
    distinctive = [k for k in kinds if QUALIFIERS[k][0]]
    pool: set[str] = set()
    for kind in distinctive[:1]:
        for word in QUALIFIERS[kind][0] | QUALIFIERS[kind][1]:
            pool.update(table.institutions_with(word))
    scored: dict[str, tuple[int, int]] = {}
    for name in pool:
        words = words_of(name)
        left = [w for w in words if w not in INSTITUTION_WORDS
                and not any(w in a | b for a, b in (QUALIFIERS[k] for k in kinds))]
        fit = _fit(words, set(left), kinds) if len(left) == 1 else None
        if fit is not None and _near(left[0], readings, katakana_key):
            scored[name] = (fit, -len(words))
    return _best(scored)


def read_closely(name: str, readings: list[str], kinds: list[str]) -> bool:
    """Whether by_kind's `name` has its name word spelt as a reading is (梨花: Ewha, as ihwa) or
    nearly (新加坡: Singapore, 0.78), not only as near as another place's name is (南京 nanjing is
    0.71 from Nanyang, 北京 beijing 0.67 from Berlin)."""
    left = [w for w in words_of(name) if w not in INSTITUTION_WORDS
            and not any(w in a | b for a, b in (QUALIFIERS[k] for k in kinds))]
    plain = [r.replace("-", "") for r in readings]
    return bool(left) and any(similarity(latin_key(r), latin_key(left[0])) >= CLOSE_READING or (
        len(r) >= 3 and skeleton(r.replace("h", "")) == skeleton(left[0].replace("h", ""))) for r in plain)


def _near(word: str, readings: list[str], katakana_key: str) -> bool:
    key = latin_key(word)
    if katakana_key and similarity(katakana_key, key) >= WEAK_SOUND:
        return True
    for reading in readings:
        plain = reading.replace("-", "")
        if similarity(latin_key(plain), key) >= WEAK_READING or (
                len(plain) >= 3 and skeleton(plain.replace("h", "")) == skeleton(word.replace("h", ""))):
            return True
    return False


def _best(scored: dict[str, tuple[int, int]]) -> list[str]:
    if not scored:
        return []
    top = max(fit for fit, _ in scored.values())
    return sorted((n for n, (fit, _) in scored.items() if fit == top), key=lambda n: (-scored[n][1], n))


def _split_words(name: str) -> list[str]:
    """A name's words, a hyphenated one also as its parts (Egypt-Japan: egypt, japan)."""
    return [p for w in words_of(name) for p in w.split("-") if p]


def holding_every(table: NameTable, pieces: list[list[str]], kinds: list[str] = ()) -> list[str]:
    """The index's institution names that hold a Latin form of every piece of a name written word
    by word (チリ・カトリック: Chile, Católica → Pontificia Universidad Católica de Chile; エジプト +
    日本 + 科学技術: Egypt-Japan University of Science and Technology) and say its kind; those that
    hold them one after another first (University College Dublin before University of Dublin,
    Trinity College Dublin), then the shortest. Nothing when a piece has no form (インペリアル in an
    index without Imperial College: its other words alone are another institution)."""
    pieces = [[words for words in map(_split_words, piece) if words] for piece in pieces]
    if len(pieces) < 2 or not all(pieces):
        return []
    pool = {n for piece in pieces for own in piece for n in table.institutions_starting(own[0], longer_by=None)}
    ranked = []
    for name in pool:
        words = _split_words(name)
        if kinds and _fit(words, {w for piece in pieces for own in piece for w in own}, kinds) is None:
            continue
        held = [next((own for own in piece if _has(words, own)), None) for piece in pieces]
        if all(held):
            run = [w for own in held for w in own]
            in_order = any(words[i:i + len(run)] == run for i in range(len(words) - len(run) + 1))
            ranked.append((not in_order, len(words), name))
    ranked.sort()
    return [name for apart, _, name in ranked if apart == ranked[0][0]][:3] if ranked else []


def institution_shaped(chunk: str) -> bool:
    """Whether a Japanese chunk is an institution's proper name: a name part of two characters or
    more between a qualifier and what it is (国立 + 中央 + 大学, 北京 + 師範大学), not a kind alone."""
    m = JA_NAME.match(chunk) if len(chunk) >= 5 and _JAPANESE_CHAR.match(chunk) else None
    if m is None or len(m.group("name") or "") < 2 or not m.group("kind") or m.group("name") in QUALIFIERS:
        return False
    return bool(m.group("prefix")) or bool(kind_words(m.group("kind")))
