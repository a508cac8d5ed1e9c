"""Japanese addresses typed as one chunk: 宮城県南三陸町 is 宮城県 and 南三陸町.

Records name a partner town in English as "Miyagi Prefecture Minamisanriku Town", or in Japanese
with or without the prefecture; a user types the address run together, as it is written on a
letter. Cut at the prefecture, each part is a name the glossary and the names table know (the
chunk whole is none). A prefecture's own bodies stay whole: 東京都立大学, 宮城県庁, 県内."""
from __future__ import annotations

import re

PREFECTURES = tuple("""
北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県
新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県
奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県
熊本県 大分県 宮崎県 鹿児島県 沖縄県
""".split())
# What follows a prefecture: a municipality (…市, …区, …町, …村) or a county (…郡), up to 8 characters
# before its suffix; not a word of the prefecture's own (立: 県立大学, 庁, 内, 民, 議会, 警).
_PREFECTURE = re.compile("(" + "|".join(PREFECTURES) + ")(?=[^立庁内外民議警知政産全域下])")
_MUNICIPALITY = re.compile(r"[\u3005\u3400-\u9fff\u30a1-\u30ffー]{1,8}?[郡市区町村]")
_COUNTY = re.compile(r"[\u3400-\u9fff]{1,4}郡(?=[\u3400-\u9fff\u30a1-\u30ff])")


def address_parts(chunk: str) -> list[str]:
    """The chunk cut after its prefecture and county when the rest is a municipality, else whole."""
    found = _PREFECTURE.match(chunk)
    rest = chunk[found.end():] if found else ""
    if not found or not _MUNICIPALITY.match(rest):
        return [chunk]
    parts = [found.group()]
    county = _COUNTY.match(rest)
    if county and _MUNICIPALITY.match(rest, county.end()):
        parts.append(county.group())
        rest = rest[county.end():]
    return [*parts, rest]
