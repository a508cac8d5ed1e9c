"""Names the glossary does not know, found across languages through the index's names table
(renkei.indexer.names): a Japanese chunk's name part by sound or reading (ガジャマダ大学 → Gadjah Mada,
復旦大学 → Fudan, レーゲンスブルグ大学 → レーゲンスブルク), JMnedict's places (ケルン → Cologne), a Latin name
by sound or reading to the Japanese records' forms (Tomsk State University → トムスク, Mokpo → 木浦), and
an acronym to the names it stands for (HKUST, QUT → クイーンズランド工科大学).

Each finding is a glossary-like Match whose entry id names its route and similarity ("sound 0.92"), so --explain
says how a name crossed; translations weigh less than the words as typed (ranking.TRANSLATION), so an exact or
glossary match ranks first."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from renkei.corpus.glossary import Entry
from renkei.corpus.names import CONNECTORS, GENERIC, KOREAN_KINDS
from renkei.corpus.text import LazyPattern
from renkei.search.crosslingual import acronyms, compose, meaning
from renkei.search.crosslingual.misheard import misheard, read_otherwise, spelt_alike, spelt_otherwise
from renkei.search.crosslingual.korean import korean_first
from renkei.search.crosslingual.places import place_as_indexed
from renkei.indexer.analysis import EN_STOP
from renkei.indexer.names.continental import continental_keys
from renkei.indexer.names.places import english_of, organisation_of
from renkei.indexer.names.readings import han_latin_keys, korean_latin_keys, reading_fold
from renkei.indexer.names.sound import fold_word, kana_fold, kana_key, latin_key, latin_variants

if TYPE_CHECKING:
    from renkei.indexer.names.table import NameTable

_KATAKANA = LazyPattern(r"[\u30a0-\u30ff・＝]+")
_KANA_CONNECTORS = frozenset("オブ ザ アンド フォー".split())   # of, the, and, for: no word of their own to find
# What an institution is, as katakana writes the English word and the dictionary does not know it
_KANA_INSTITUTION_WORDS = {"ユニバーシティ": "university", "ユニヴァーシティ": "university", "インスティテュート": "institute",
                           "インスティチュート": "institute", "ポリテクニック": "polytechnic"}
JAPANESE_CHAR = LazyPattern(r"[\u3040-\u30ff\u3400-\u9fff々]")
_HAN = LazyPattern(r"[\u3400-\u9fff々]+")
# Articles that begin a name: La Rochelle, Los Angeles, El Paso, San Diego, De Montfort.
_ARTICLES = frozenset("la le les los las el al il lo de di du da der den van von san santa st".split())
_LOWER_ARTICLES = frozenset("la le les los las el il lo".split())   # Universidad de los Lagos: ロス・ラゴス
SOUND_THRESHOLD = 0.78
# A Latin query word read as its own language reads it, nearer still than a katakana query's (the table's
# continental keys are met at CONTINENTAL_THRESHOLD): Meio, a Japanese name, read as German (maio) is no マヤ, 0.88
LATIN_CONTINENTAL = 0.9
READING_THRESHOLD = 0.86
MAX_NAMES = 3
# The route of a Japanese institution name whose name part crossed but no index institution name
# is made of it and what the institution is: its records have the name, not the institution.
NAME_ONLY = "; the name only"


def table_reader(generation: Path) -> Callable[[], NameTable]:
    """Reads the names table of a generation when called, importing its module then: most queries
    never read it (#35)."""
    def read() -> NameTable:
        from renkei.indexer.names.table import NameTable
        return NameTable.read(generation)
    return read


class NameFinder:
    def __init__(self, table: Callable[[], NameTable], known_word: Callable[[str], bool],
                 known_japanese: Callable[[str], bool] = lambda word: False,
                 english_of_word: Callable[[str], list[str]] = lambda word: [],
                 place_names: Callable[[str], list[str]] = lambda word: [],
                 paired: Callable[[str], bool] = lambda name: False,
                 senses: Callable[[str], list[str]] = lambda word: []) -> None:
        self._load = table
        self._table: NameTable | None = None
        self.known_word = known_word              # an English word the dictionary knows: not a name
        self.known_japanese = known_japanese      # a Japanese word it translates already (上海, 理工)
        self.english_of_word = english_of_word    # its translations (西北: northwest)
        self.place_names = place_names            # a country's names in the glossary (Norway, Norwegian)
        self.paired = paired                      # a Latin name the glossary gives Japanese names of its own
        self.senses = senses                      # every English gloss of a Japanese word (東洋: the Orient)
        self._chunks: dict[str, Entry | None] = {}

    @property
    def table(self) -> NameTable:
        if self._table is None:
            self._table = self._load()
        return self._table

    # --- a Japanese chunk --------------------------------------------------------------------------

    def in_chunk(self, chunk: str) -> Entry | None:
        """An entry for a Japanese institution or place name the glossary does not know, whose other
        names are the index's forms of it; None when nothing crosses. Remembered per chunk: a query
        asks twice (is it one name, before sentence splitting; then its expansion)."""
        if chunk in self._chunks:
            return self._chunks[chunk]
        if len(self._chunks) >= 4096:
            self._chunks.clear()
        found = self._chunks[chunk] = self._in_chunk(chunk)
        return found

    def _in_chunk(self, chunk: str) -> Entry | None:
        # translated word by word (経済協力開発機構: OECD): before the routes that read one name part and its
        # kind when it says more than one name (スイス, ローザンヌ), else after them
        words = meaning.words_of(chunk, self.senses, self.place_names, self.table) if JAPANESE_CHAR.search(chunk) else None
        first = words is not None and meaning.several_names(words)
        whole = meaning.translated(self.table, words) if first else []
        found = None if whole else self._by_part(chunk)
        whole = whole or (meaning.translated(self.table, words) if found is None and words and not first else [])
        return Entry("names:meaning", "institution", (chunk,), tuple(whole)) if whole else found

    def _by_part(self, chunk: str) -> Entry | None:
        if acronyms.ACRONYM.match(chunk):
            return self.acronym(chunk)
        whole = compose.as_named(self.table, english_of(chunk)) if len(chunk) >= 3 else []
        if whole:   # an organisation JMnedict knows whole (モスクワ大学: Moscow State University)
            return Entry("names:dictionary", "institution", (chunk,), tuple(whole[:MAX_NAMES]))
        if len(chunk) >= 3 and compose.named_nowhere(self.table, organisation_of(chunk)):
            return None   # JMnedict knows it (中山大学: Sun Yat-sen University), and no index name has its words
        m = compose.JA_NAME.match(chunk)
        if m is None or not m.group("name") or not (m.group("kind") or _KATAKANA.fullmatch(m.group("name"))):
            return None   # a name of Chinese characters only counts before what it names (復旦|大学)
        name, kind = m.group("name"), (m.group("prefix") or "") + (m.group("kind") or "")
        found: list[str] = []
        routes: list[str] = []
        crossed: list[list[str]] = []   # each part's Latin forms as it crosses alone
        missed = False
        parts = [p for p in re.split(r"(?<=[\u3400-\u9fff々])(?=[\u30a0-\u30ff])|(?<=[\u30a0-\u30ff])(?=[\u3400-\u9fff々])",
                                     name) if p]
        for part in parts:
            latin, japanese, route, sound = self._part(part, korean=kind.endswith(KOREAN_KINDS))
            crossed.append(latin)
            if len(parts) == 1 and kind:   # what the institution is picks among the index's names
                latin, route = self._composed(part, latin, route, sound, compose.kind_words(kind), m.group("campus"), kind)
            if not latin and not japanese:
                missed = True   # パリ政治学院: Paris alone is no answer to it
                continue
            found += latin
            variants = [chunk.replace(part, j, 1) for j in japanese if j != part]
            found += variants
            # a kana variant of the whole name is the name (ミュンヒェン工科大学: ミュンヘン工科大学)
            routes.append(route.removesuffix(NAME_ONLY) if variants else route)
        if len(parts) > 1 and kind:   # エジプト + 日本 + 科学技術大学: a whole name holding every part
            whole = compose.holding_every(self.table, [self._forms_of(p, c) for p, c in zip(parts, crossed)],
                                          compose.kind_words(kind))
            if whole:
                return Entry("names:dictionary + parts", "institution", (chunk,), tuple(whole[:MAX_NAMES]))
            missed = True   # no index name holds them all: each alone is part of the name (ノートルダム, 清心)
        found = [f for f in dict.fromkeys(found) if f != chunk][:MAX_NAMES + 1]
        if not found:
            return None
        route = " ".join(routes) + (NAME_ONLY if missed and not routes[-1].endswith(NAME_ONLY) else "")
        return Entry(f"names:{route}", "institution" if kind else "place", (chunk,), tuple(found))

    def _forms_of(self, part: str, crossed: list[str]) -> list[str]:
        """A name part's Latin forms: as it `crossed` alone, as a place, as the dictionary translates it (日本: Japan)."""
        return list(dict.fromkeys(crossed + self.place_names(part) + self.english_of_word(part)[:3]))

    def _composed(self, part: str, latin: list[str], route: str, sound: float, kinds: list[str],
                  campus: str | None = None, kind: str = "") -> tuple[list[str], str]:
        """The index's whole Latin names of an institution whose name part is `part`, kind words `kinds` and campus
        `campus` (ベルリン + 自由 → Freie Universität Berlin), in place of the bare name part; for a part nothing crossed,
        a weaker sound or reading such a name confirms (マヒドン → Mahidol University). Else the part's own forms."""
        table = self.table
        said = "".join(kinds)
        extra = self._campus(campus)
        if latin and campus and not extra:   # its campus crosses to nothing: the name part alone is another's
            return latin, route + NAME_ONLY   # (ローマ大学トル・ヴェルガータ校 is not Sapienza University of Rome)
        if latin:
            reading = route.startswith("reading")
            if (sound < 0.9 or reading) and not any(
                    table.institutions_with(w) for form in latin for w in form.split()[:1]):
                # a near sound no institution's name holds (Yelle, El for イェール大学), or a reading
                # that is a place's (淡江 tamkang keyed as Tanzania is)
                return [], route
            # and as the glossary writes the country (ノルウェー科学技術: Norwegian University of Science ...)
            full = compose.composed(table, list(dict.fromkeys(latin + self.place_names(part))), kinds, extra)
            if reading and sound < 1.0 and not full:
                # a near reading no whole institution name confirms: 忠南大学校 (zhongnan) is no Shonan
                return [], route
            if not kinds and not extra:   # the index's whole name if it writes the part otherwise (コチ: Koç)
                as_written = any(form in table.latin.get(latin_key(form), ()) for form in latin)
                if full and (sound == 1.0 or reading) and not as_written:
                    return full[:MAX_NAMES], route
            elif full:   # the parent with its campus, else alone (a flagship: University of Michigan for アナーバー校)
                return (full[:MAX_NAMES], f"{route} + {said or campus}")
            elif extra:   # no name of the parent: the campus's own (University at Albany), else the parent's records
                own = compose.composed(table, extra, [])   # as the name only, below a campus's
                return (own[:MAX_NAMES], f"{route} + {campus}") if own else (latin, route + NAME_ONLY)
            elif kinds and (said_by := compose.saying(table, latin, kinds)):   # its other words not the query's
                return said_by, f"{route} + {said}"
            # no index name holding the part says what the institution is: the part alone is another
            # one's (コペンハーゲン大学 is not Copenhagen Business School), found, not as typed (NAME_ONLY)
            return latin, route + NAME_ONLY if not full and (reading or compose.is_another(table, latin, kind)) else route
        if _KATAKANA.fullmatch(part):
            # a weak sound, but not a name the glossary pairs with Japanese names of its own (キーウ is
            # no Keio: Keio University is 慶應義塾大学)
            near = table.near(kana_key(part), "latin", compose.WEAK_SOUND, MAX_NAMES)
            forms = [n for _, n in near] + list(english_of(part)[:2]) + self.english_of_word(part)[:3]
            full = [n for n in compose.composed(table, forms, kinds, extra) if not self.paired(n)]
            if full:
                how = f"sound {near[0][0]:.2f}" if near else "dictionary"
                return full[:MAX_NAMES], f"{how} + {said or campus or '大学'}"
            return [], route
        if len(part) < 2:
            return [], route
        readings = list(han_latin_keys(part))
        # a place the dictionary knows (香港 Hong Kong), a word it translates (西北 northwest), a reading
        # (the dictionary may know the part as a word: 中興 revival, yet 国立中興大学 is Chung Hsing)
        read = [n for _, n in table.latin_reading(list(han_latin_keys(part, others=True)), MAX_NAMES)] or [
            n for r in readings for _, n in table.near(latin_key(r), "latin", READING_THRESHOLD, MAX_NAMES, False)]
        region = [compose.CHINA_REGIONS[part]] if part in compose.CHINA_REGIONS else []
        for how, forms in (("dictionary", region + list(english_of(part)[:2]) + self.english_of_word(part)[:3]),
                           ("reading", read)):
            full = compose.composed(table, forms, kinds, extra) if forms else []
            if full:
                return full[:MAX_NAMES], f"{how} + {said or campus or '大学'}"
        full = compose.by_kind(table, readings, kinds) if kinds else []
        if full:   # a reading the kind confirms but far from the name is a guess (湘南工科大学: no Nanyang Technological)
            guess = "" if compose.read_closely(full[0], readings, kinds) else NAME_ONLY
            return full[:MAX_NAMES], f"reading + {said}{guess}"
        # two words the dictionary knows, each a word of the name (香港 + 中文: Chinese University of Hong Kong)
        for at in range(2, len(part) - 1):
            pieces = [self._meanings(part[:at]), self._meanings(part[at:])]
            full = compose.composed_of(table, pieces, kinds, extra) if all(pieces) else []
            if full:
                return full[:MAX_NAMES], f"dictionary + {said or campus or '大学'}"
        return [], route

    def _meanings(self, word: str) -> list[str]:
        """A Chinese-character word's English as a name may hold it: JMnedict's place, the
        dictionary's translations, and a translation's leading proper adjective (Chinese language: Chinese)."""
        forms = list(english_of(word)[:2]) + self.english_of_word(word)[:3]
        return list(dict.fromkeys(forms + [f.split()[0] for f in forms if " " in f and f[:1].isupper()]))

    def _campus(self, campus: str | None) -> list[str]:
        """The Latin forms of a campus's name (ボンベイ校 → Bombay)."""
        if not campus:
            return []
        name = campus[:-1].strip("・")
        return [n for _, n in self.table.near(kana_key(name), "latin", SOUND_THRESHOLD, 2)] + list(english_of(name)[:1])

    def _part(self, part: str, korean: bool = False) -> tuple[list[str], list[str], str, float]:
        """(Latin forms, Japanese variant forms, route, the similarity of its sound or reading: 1 when
        the forms came by another route) of one katakana or kanji name part; `korean`: the name says it
        is Korean (大学校), so a name spelt as its Korean reading comes before one spelt as its Mandarin."""
        table = self.table
        if _KATAKANA.fullmatch(part):
            key = kana_key(part)
            place, indexed = place_as_indexed(self.table, part)
            # a place JMnedict spells is not heard in another language's reading (グアム: Guam, not Games as
            # French reads it; ナイジェリア: Nigeria, not Niger as Italian would): that is for names it lacks
            latin = [n for _, n in table.near(key, "latin", SOUND_THRESHOLD, MAX_NAMES, not place)]
            japanese = [n for s, n in table.near(key, "japanese", 0.85, MAX_NAMES)   # katakana only: 国家
                        if _KATAKANA.fullmatch(n) and (kana_fold(n) != kana_fold(part) or n != part)]   # is no コチ
            if indexed:   # a place the index writes as JMnedict does: no sound guesses (ウィーン: Vienna, not Wuhan)
                return place, japanese, "dictionary", 1.0
            best = table.near(key, "latin", SOUND_THRESHOLD, 1, not place)
            if not latin and "・" in part:   # ボスニア・ヘルツェゴビナ: word by word
                pieces: dict[str, list[str]] = {}   # each word's Latin forms (of, the, and: none sought)
                for word in filter(None, part.split("・")):
                    found = table.near(kana_key(word), "latin", SOUND_THRESHOLD, 1) or []
                    latin += [n for _, n in found]
                    best = best or found
                    if word not in _KANA_CONNECTORS:
                        pieces[word] = [n for _, n in found] + self.english_of_word(word)[:3] + (
                            [_KANA_INSTITUTION_WORDS[word]] if word in _KANA_INSTITUTION_WORDS else [])
                # an institution's whole name holding every word (カレッジ: college, by the dictionary)
                # is the name, rather than each word alone (Dublin: Trinity College too)
                whole = compose.holding_every(table, list(pieces.values()))
                if whole:
                    return whole, japanese, f"sound {best[0][0]:.2f} + words" if best else "dictionary", 1.0
                if not place and any(len(word) >= 2 and not forms for word, forms in pieces.items()):
                    # a word of it crosses to nothing (インペリアル in an index without Imperial College):
                    # the others alone name another institution (University College London)
                    return [], japanese, "kana variant", 1.0
            route = f"sound {best[0][0]:.2f}" if best else ("dictionary" if place else "kana variant")
            return list(dict.fromkeys(place + latin)), japanese, route, best[0][0] if best else 1.0
        if korean and len(part) >= 2:   # 嶺南大学校 is Yeungnam (영남), whatever its Mandarin reading (Lingnan),
            # a place (湖南 Hunan: 湖南大学校 is Honam) or a Japanese word (中央: 中央大学校 is Chung-Ang) say
            read = [n for s, n in self.table.latin_reading(list(korean_latin_keys(part)), MAX_NAMES) if s == 1.0]
            if read:
                return read, [], "reading 1.00", 1.0
        if len(part) < 2 or self.known_japanese(part):
            return [], [], "", 1.0   # the dictionary translates it already (上海 Shanghai, 理工)
        place, _ = place_as_indexed(self.table, part)
        if place:   # a place reads its own way (長崎 is Nagasaki, not Changqi)
            return place, [], "dictionary", 1.0
        if part in compose.CHINA_REGIONS:   # translated (華南: South China) or spelt as read (華中: Huazhong)
            read = [n for s, n in table.latin_reading(list(han_latin_keys(part)), MAX_NAMES) if s == 1.0]
            return [compose.CHINA_REGIONS[part]] + read, [], "dictionary", 1.0
        readings = list(han_latin_keys(part))
        close = table.latin_reading(list(han_latin_keys(part, others=True)), MAX_NAMES)   # spelt as read (Dankook: 단국 dankuk), before sound alike (Dongguk)
        latin, score = [n for _, n in close], close[0][0] if close else 0.0
        for reading in readings if not close else ():
            for s, n in table.near(latin_key(reading), "latin", READING_THRESHOLD, MAX_NAMES, False):
                if n not in latin:
                    latin.append(n)
                    score = max(score, s)
        # a name spelt as a reading is spelt beats one that only sounds like it (復旦: Fudan, not Bhutan)
        spelt = {re.sub(r"[\s\-']", "", r.casefold()) for r in readings}
        latin = [n for n in latin if fold_word(re.sub(r"[\s\-']", "", n)) in spelt] or latin
        route = f"reading {score:.2f}" if latin else "dictionary"
        return list(dict.fromkeys(place + latin))[:MAX_NAMES], [], route, score if latin else 1.0

    # --- Latin words -------------------------------------------------------------------------------

    def in_words(self, words: list[str]) -> tuple[int, int, Entry] | None:
        """The first run of name words (not English words the dictionary knows) whose Japanese forms
        the index has: (start, end, entry); Tomsk State University → トムスク."""
        i = 0
        while i < len(words):
            if not self._is_name_word(words[i]):
                i += 1
                continue
            j = i
            while j < len(words) and (self._is_name_word(words[j]) or words[j].casefold() in GENERIC
                                      or words[j].casefold() in CONNECTORS):
                j += 1
            names = [w for w in words[i:j] if self._is_name_word(w)]
            first = i   # La Rochelle, De La Salle: one name (ラ・ロッシェル, デ・ラ・サール)
            while i > 0 and (words[i - 1][:1].isupper() or words[i - 1] in _LOWER_ARTICLES) and words[i - 1].casefold() in _ARTICLES:
                i -= 1
            names = [" ".join([*words[i:first], names[0]]), *names] if i < first else names
            found, route, crossed = self._japanese_of(names, frozenset(w.casefold() for w in words[max(0, i - 2):j]))
            if found and not {w for n in names for w in n.split()} <= {w for n in crossed for w in n.split()}:
                route += NAME_ONLY   # University of California, Santa Barbara: California alone is no answer
            if found:
                end = j
                while end > i + 1 and words[end - 1].casefold() in CONNECTORS:
                    end -= 1
                start = i
                while start > 0 and words[start - 1].casefold() in GENERIC | CONNECTORS:
                    start -= 1   # "University of Peradeniya": the whole name as typed
                typed = " ".join(words[start:end])
                return start, end, Entry(f"names:{route}", "institution", found, (typed,))
            i = j
        return None

    def japanese_forms(self, word: str) -> tuple[str, ...]:
        """The index's Japanese forms of one Latin name word (Michigan: ミシガン), by sound or reading."""
        return self._japanese_of([word])[0]

    def _is_name_word(self, word: str) -> bool:
        folded = word.casefold()
        # A word typed with a capital is a name even where the dictionary knows it (Fujian, Bath)
        # and a function word never is one, whatever its sound is near ("from" is no フォーラム); two
        # letters may be a Vietnamese or Chinese name's syllable (Ho Chi Minh, Da Nang, Xi)
        return ((len(word) >= 3 or len(word) == 2 and word.istitle() and folded not in EN_STOP)
                and word[:1].isalpha() and not JAPANESE_CHAR.search(word) and folded not in GENERIC
                and folded not in CONNECTORS and (word[:1].isupper() or (folded not in EN_STOP
                                                                         and not self.known_word(folded))))

    def _japanese_of(self, names: list[str], said: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], str, list[str]]:
        """The Japanese forms of the name words as one name, or of its longest beginning that is one (Ho Chi
        Minh of Ho Chi Minh City), else of the first word that crosses alone: (forms, route, the words that
        crossed); `said`: the name's words, with two before (University of Ulsan)."""
        table = self.table
        for candidate in [" ".join(names[:k]) for k in range(len(names), 1, -1)] + names:
            key = latin_key(candidate)
            near = table.near(key, "japanese", SOUND_THRESHOLD, MAX_NAMES)
            # a rolled r, zi as ジ; as its own language reads it, nearer (Wrocław: ヴロツワフ, #30.2)
            for variant, least in [(v, SOUND_THRESHOLD) for v in latin_variants(candidate)] + [
                    (v, LATIN_CONTINENTAL) for v in continental_keys(candidate) if v != key]:
                other = table.near(variant, "japanese", least, MAX_NAMES)
                if other and (not near or other[0][0] > near[0][0]):
                    near = other
            how = f"sound {near[0][0]:.2f}" if near else ""
            if (not near or near[0][0] < 1.0) and (named := table.exonyms.get(key)):   # Florence: フィレンツェ
                near, how = [(1.0, n) for n in named[:MAX_NAMES]], "dictionary"
            # a Chinese-character name read closely (Hanyang: 漢陽, not 韓南 or 華南, which sound alike)
            read = korean_first(table, table.read_as(candidate, MAX_NAMES), candidate, said)
            if read:   # and no other by sound alone
                near = sorted(read + [(s, n) for s, n in near if _KATAKANA.fullmatch(n)], key=lambda t: -t[0])
                how = f"reading {near[0][0]:.2f}" if near[0] in read else how
            near = [(s, n) for s, n in near if s == 1.0 or (s, n) in read or not misheard(n, candidate, key)]
            # an English word is not a katakana name JMnedict spells otherwise (Ocean is no オセアニア,
            # Oceania), and a near reading is not kanji the dictionary or JMnedict reads as a word or a
            # Japanese place (Sao Paulo is no 教育, education)
            english = " " not in candidate and self.known_word(candidate.casefold())
            kept = [(s, n) for s, n in near if not (english and spelt_otherwise(n, candidate)) and not (
                s < 1.0 and not _KATAKANA.fullmatch(n) and (self.known_japanese(n) or english_of(n)))
                and not read_otherwise(table.latin, n, candidate)]
            if near:
                # and the Latin names it may be a misspelling of (Sungkyunkwam: Sungkyunkwan; Hawaii:
                # Hawai'i, though its near sound 海外 is a word) and only spellings of the same sound
                # when the other script's is exact (Fujian is 福建, not a misspelt Fu Jen; Vergatta is Vergata)
                least = 1.0 if near[0][0] == 1.0 else 0.8
                spelt = [n for _, n in table.near(key, "latin", least, 2, False) if n.casefold() != candidate.casefold()
                         and spelt_alike(n, candidate)]   # Ocean: not Oceania; Colombo: not Colombia
                if kept or spelt:
                    crossed = names if candidate == " ".join(names) else [candidate]
                    return tuple(n for _, n in kept) + tuple(spelt), how, crossed
        return (), "", []

    def acronym(self, word: str) -> Entry | None:
        return acronyms.entry_for(self.table, word, MAX_NAMES)
