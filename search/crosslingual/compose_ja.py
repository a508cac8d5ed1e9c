"""An English institution name composed with the index's own Japanese institution names (#30.3), the
mirror of compose.py: its name words cross to Japanese (Michigan: ミシガン, Denmark: デンマーク), and
what the institution is (State, Western, Technology) picks, among the index's Japanese names holding
them, the ones that say the same and nothing more. Michigan State University is ミシガン州立大学, not
西ミシガン大学; Technical University of Denmark デンマーク工科大学, not the records about Denmark;
University of Western Australia 西オーストラリア大学."""
from __future__ import annotations

from typing import Callable, Sequence

from renkei.corpus.names import CONNECTORS, GENERIC
from renkei.corpus.names import CHINA_REGIONS
from renkei.corpus.text import LazyPattern
from renkei.indexer.names.sound import fold_word, org_key

# What an English qualifier says in a Japanese institution name; a name must say each the query
# does, and no other of these (西ミシガン: West, which Michigan State does not say).
_SAYS: dict[str, tuple[str, ...]] = {
    "state": ("州立", "国立"), "national": ("国立", "国家", "国民"), "federal": ("連邦",), "royal": ("王立",),
    "technology": ("工科", "工業", "理工", "科技", "技術"), "technological": ("工科", "工業", "理工", "科技"),
    "technical": ("工科", "工業", "技術"), "polytechnic": ("理工", "工科"), "science": ("科学", "理科", "科技", "理工"),
    "sciences": ("科学", "理科"), "agricultural": ("農業", "農科", "農工"), "agriculture": ("農業", "農科", "農工"),
    "normal": ("師範",), "foreign": ("外国語", "外語"), "ocean": ("海洋",), "marine": ("海洋",), "maritime": ("海洋",),
    "medical": ("医科", "医学", "医薬"), "autonomous": ("自治",), "free": ("自由",), "vrije": ("自由",), "forestry": ("林業",),
    "womens": ("女子",), "women's": ("女子",), "womans": ("女子",), "economics": ("経済", "財経"),
    "education": ("教育",), "arts": ("芸術",), "international": ("国際",), "city": ("市立",),
    "metropolitan": ("都立", "市立", "都会"), "municipal": ("市立",), "catholic": ("カトリック",),
    "west": ("西",), "western": ("西",), "east": ("東",), "eastern": ("東",), "south": ("南",), "southern": ("南",),
    "north": ("北",), "northern": ("北",), "central": ("中央", "中部"), "northeast": ("東北",),
    "northeastern": ("東北",), "northwest": ("西北", "北西"), "northwestern": ("西北", "北西"),
    "southeast": ("東南",), "southwest": ("西南",), "jiaotong": ("交通",), "polytechnical": ("工業", "理工"),
    "aeronautics": ("航空",), "aeronautical": ("航空",), "aviation": ("航空",), "astronautics": ("航天",),
    "aerospace": ("航空", "航天"), "posts": ("郵電",), "telecommunications": ("郵電",),
}
_ALL_SAID = sorted({s for says in _SAYS.values() for s in says}, key=len, reverse=True)
# What an institution is: a run of words is an institution's name only if it says one.
_IS_INSTITUTION = frozenset(map(fold_word, """university universities universität universitat université
universite universidad universidade università universita universiti universitas universiteit
hogeschool college institute institut
instituto istituto school academy""".split()))
MAX_WORDS = 10
_REGIONS = {ja: fold_word(en) for ja, en in sorted(CHINA_REGIONS.items(), key=lambda item: -len(item[1]))}
_INSTITUTION_JA = LazyPattern(r"大学校|大学院|大学|学院|カレッジ|校|・|＝|\s")


Forms = Callable[[str], Sequence[str]]


def institution_in(words: Sequence[str], place_forms: Forms, name_forms: Forms, institutions: Sequence[str],
                   settled: Callable[[int, int], bool] = lambda start, end: False) -> tuple[int, int, list[str]] | None:
    """The first run of `words` naming an institution that is one or more of the index's Japanese
    `institutions` (start, end, the names), given the Japanese forms of a name word as a place
    (cheap: the glossary's countries) and as the names table crosses it. A name that says no
    qualifier is composed with places only (Mexico University): any other is the names table's
    route, which keeps the Latin spellings too (Sungkyunkwam University: Sungkyunkwan). A run a
    glossary name spans already (`settled`) is not composed again (Seoul National University)."""
    if not institutions:
        return None
    # a comma ends a name part (University of California, Davis: the campus follows), not a word's letters
    commas = {k for k, w in enumerate(words) if w.endswith(",")}
    words = [w.rstrip(",") for w in words]
    folded = [fold_word(w) for w in words]
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and j - i < MAX_WORDS and _in_a_name(words[j], folded[j]):
            j += 1
        run = range(i, j)
        if any(folded[k] in _IS_INSTITUTION for k in run) and not settled(i, j):
            found = _composed([words[k] for k in run], [folded[k] for k in run], place_forms, name_forms, institutions,
                              {k - i for k in commas if i <= k < j})
            if found:
                start, end = i, j
                while end > start and folded[end - 1] in CONNECTORS:
                    end -= 1
                while start < end and folded[start] in CONNECTORS:
                    start += 1
                return start, end, found
        i = max(j, i + 1)
    return None


def _in_a_name(word: str, folded: str) -> bool:
    return folded in GENERIC or folded in CONNECTORS or folded in _SAYS or (word[:1].isupper() and word[:1].isalpha())


# Two English words that say one Japanese qualifier: China's 外国語大学 are International Studies
# Universities (Shanghai, Sichuan), others Foreign Studies or Foreign Languages ones.
_PHRASES = {("international", "studies"): "foreign", ("foreign", "studies"): "foreign",
            ("foreign", "languages"): "foreign"}


def _phrased(words: list[str], folded: list[str], commas: set[int]) -> tuple[list[str], list[str], set[int]]:
    for i in range(len(folded) - 1):
        said = _PHRASES.get((folded[i], folded[i + 1]))
        if said:
            return ([*words[:i], f"{words[i]} {words[i + 1]}", *words[i + 2:]], [*folded[:i], said, *folded[i + 2:]],
                    {k if k <= i else k - 1 for k in commas})
    return words, folded, commas


def _composed(words: list[str], folded: list[str], place_forms: Forms, name_forms: Forms,
              institutions: Sequence[str], commas: set[int] = frozenset()) -> list[str]:
    words, folded, commas = _phrased(words, folded, commas)
    joined = " ".join(folded)
    for ja, en in _REGIONS.items():   # East China: 華東, one name, not East and China
        if f" {en} " in f" {joined} ":
            rest = [f for f in folded if f not in en.split()]
            if " " not in en and not any(f in _SAYS for f in rest):   # Northeast alone: 東北大学 is also Tohoku University
                return []
            return _composed_with(words, folded, [[ja]], en.split(), institutions)
    parts = _name_parts(words, folded, commas)
    names = [name for part in parts for name in part]
    if not names:
        return []
    wanted = [_SAYS[f] for f in dict.fromkeys(folded) if f in _SAYS]
    found = [] if wanted else _composed_with(words, folded, [list(place_forms(name)) for name in names], [], institutions)
    if found or (not wanted and len(names) < 2):
        return found

    crossed: dict[str, list[str]] = {}   # a name asked twice (the whole run, then its first part) is crossed once

    def japanese_forms(name: str) -> list[str]:
        if name not in crossed:
            crossed[name] = [*place_forms(name), *name_forms(name)]
        return crossed[name]
    # a name and its campus (University of Hawaii at Manoa, University of Tennessee Knoxville) are two
    # names even unqualified: the Japanese name holds both (…大学マノア校), each part as one name
    # (Los Angeles), else word by word; the names table's own route would cross the first only,
    # and find the parent's records before the campus's
    joined = japanese_forms(" ".join(names)) if len(names) > 1 else []   # Saint Petersburg: one name
    if joined and not wanted:   # one name the names table's route crosses whole, with its Latin spellings
        return []               # (a misspelling's: Gadja Mada, Gadjah Mada)
    forms = [joined] if joined else _parts_forms(parts, japanese_forms)
    return _composed_with(words, folded, forms, [], institutions)


def _name_parts(words: list[str], folded: list[str], commas: set[int]) -> list[list[str]]:
    """The name words of a run, in parts: words side by side, apart where a word says what the
    institution is or a comma ends one (University of Tennessee, Knoxville: Tennessee | Knoxville)."""
    parts: list[list[str]] = [[]]
    for k, (word, fold) in enumerate(zip(words, folded)):
        if fold in GENERIC or fold in CONNECTORS or fold in _SAYS or fold in _IS_INSTITUTION:
            parts.append([])
            continue
        parts[-1].append(word)
        if k in commas:
            parts.append([])
    return [part for part in parts if part]


def _parts_forms(parts: list[list[str]], japanese_forms: Forms) -> list[list[str]]:
    """The Japanese forms of each name in the parts, the longest run of words that crosses as one
    name first, from the left (California | Santa Barbara); a word that crosses to nothing has none."""
    forms: list[list[str]] = []
    for part in parts:
        at = 0
        while at < len(part):
            size, found = next(((size, found) for size in range(len(part) - at, 0, -1)
                                if (found := list(japanese_forms(" ".join(part[at:at + size]))))), (1, []))
            forms.append(found)
            at += size
    return forms


def _composed_with(words: list[str], folded: list[str], forms: list[list[str]], region: list[str],
                   institutions: Sequence[str]) -> list[str]:
    """The index's Japanese names holding a form of each name word, and saying what the English does."""
    wanted = [_SAYS[f] for f in dict.fromkeys(folded) if f in _SAYS and f not in region]
    if not all(forms):
        return []
    out = []
    for name in institutions:
        rest = name
        for options in forms:   # every name word, in some Japanese form
            form = next((f for f in sorted(options, key=len, reverse=True) if f in rest), None)
            if form is None:
                break
            rest = rest.replace(form, "・", 1)
        else:
            said = _said(rest)
            if all(any(s in said for s in says) for says in wanted) and \
                    all(any(s in says for says in wanted) for s in said) and not _other_words(rest, said):
                out.append(name)
    return out


def _other_words(rest: str, said: list[str]) -> str:
    """What a Japanese name holds besides its crossed name words, its qualifiers and what it is: another
    name (チリ in チリ・メキシコ大学 for Mexico University), or ''."""
    for s in said:
        rest = rest.replace(s, "")
    return _INSTITUTION_JA.sub("", rest)


def _said(rest: str) -> list[str]:
    """The qualifiers a Japanese name says beside its name words, longest first (東北 before 東)."""
    said = []
    for s in _ALL_SAID:
        if s in rest:
            said.append(s)
            rest = rest.replace(s, "・")
    return said



def organisation_in(organisations: dict[str, list[str]], words: Sequence[str]) -> tuple[int, int, list[str]] | None:
    """The first run of words (the longest there) that is an organisation JMnedict names in English and
    the index in Japanese (NameTable.organisations): Beijing Normal University → 北京師範大学."""
    for i in range(len(words) if organisations else 0):
        for j in range(min(len(words), i + MAX_WORDS), i + 1, -1):
            found = organisations.get(org_key(" ".join(words[i:j]))) if words[i][:1].isupper() else None
            if found:
                return i, j, found
    return None
