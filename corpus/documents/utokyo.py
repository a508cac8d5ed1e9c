"""The University of Tokyo: the Strategic Partnerships brochure (Japanese, extracted from a PDF).

The extraction keeps the page order but not the layout: each partner's narrative comes *before*
the line with its name and department codes, page headers repeat, and the department legend and
the partner list are scattered between narratives. The parser drops the furniture, reads the
legend, and gives each narrative to the name line that closes it.
"""
from __future__ import annotations

import re

from renkei.corpus.data_files import read_json
from renkei.corpus.errors import RecordParseError
from renkei.corpus.records import Record
from renkei.corpus.text import join_lines, slugify

INSTITUTION = "The University of Tokyo"

# Headings that open a prose section, with the id each section gets.
SECTION_HEADINGS = {
    "戦略的パートナーシップ大学とは": "what-are-strategic-partnerships",
    "戦略的パートナーシップ大学プロジェクトの目的": "aims",
    "戦略的パートナーシップ大学プロジェクトの概要": "project-outline",
    "パートナーシップ校および参画部局一覧": "department-list",
    "戦略的パートナーシップシンポジウム": "symposium",
}
# A section whose title comes after its prose (a sidebar on the last page).
TRAILING_TITLES = {"大学の国際化促進フォーラム": "forum"}
# Page furniture: running headers, diagram labels, headings without prose of their own.
FURNITURE = {
    "〈戦略的パートナーシップ〉", "戦略的パートナーシップ大学プロジェクトの工程", "参画部局凡例",
    "主要な戦略的パートナーシップ校", "Primary Strategic Partnership Universities",
    "戦略的パートナーシップ構築を見通せる大学", "Prospective Strategic Partner Universities",
    "主要な戦略的パートナーシップ校 戦略的パートナーシップ構築を見通せる大学",
    "第1期", "第2期", "第3期",  # phase labels of a diagram, in scrambled order
}
_LEGEND = re.compile(r"^(?P<name>[^、。\s]+?(?:研究科|研究所|学府|教育部|病院|センター|機構|本部)(?:（[A-Z]+）)?)"
                     r"(?P<code>[\u4e00-\u9fffA-Z][\u4e00-\u9fffA-Z ]{0,5})$")
_PARTNER = r"[^\s（(＊、。]+?(?:大学|群|校)"
_NAME_LINE = re.compile(rf"^(?P<name>{_PARTNER})\s*(?:（(?P<abbr>[A-Za-z]+)）)?\s+(?P<rest>\S.*)$")
_BARE_NAME = re.compile(rf"^{_PARTNER}(?:（[A-Za-z]+）)?$")
_LATIN_LINE = re.compile(r"^[A-Za-zÀ-ÿ ,.'’?\-&()]+$")
_URL = re.compile(r"^https?://\S+$")
_SP_MOU = re.compile(r"(\d{4})年(?:\d{1,2}月)?に(?:本学で初めて)?戦略的パートナーシップ覚書を締結")
_DEPT_COUNT = re.compile(r"(?:から|合計)(\d+)部局が参画")


def read_legend(lines: list[str]) -> tuple[dict[str, str], set[int]]:
    """Department codes -> full names, from entries like 法学政治学研究科法 or 人文社会系研究科人 文.

    An entry can wrap (公共政策学連携研究部・|教育部公 共); returns the line indexes it used too.
    """
    legend, used = {}, set()
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or "。" in text or i in used:
            continue
        candidates = [(text, {i})]
        nxt = next((j for j in range(i + 1, min(i + 3, len(lines))) if lines[j].strip()), None)
        if nxt is not None and len(text) <= 16 and not _LEGEND.match(text):
            candidates.append((text + lines[nxt].strip(), {i, nxt}))
        for joined, indexes in candidates:
            m = _LEGEND.match(joined)
            if m and len(m.group("code").replace(" ", "")) <= 4:
                legend[m.group("code").replace(" ", "")] = m.group("name")
                used |= indexes
                break
    return legend, used


def split_codes(rest: str, legend: dict[str, str]) -> list[str] | None:
    """Codes glued (工理) or split (総 文) -> legend codes, longest first; None if not all codes."""
    chars, codes, i = rest.replace(" ", ""), [], 0
    longest = max(map(len, legend))
    while i < len(chars):
        for size in range(min(longest, len(chars) - i), 0, -1):
            if chars[i:i + size] in legend:
                codes.append(chars[i:i + size])
                i += size
                break
        else:
            return None
    return codes


def read_group_members(lines: list[str]) -> dict[str, list[str]]:
    """Group partner (…大学群) -> English member names, from the list where they follow the name."""
    members: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        name = line.strip()
        if not (name.endswith("群") and _BARE_NAME.match(name)):
            continue
        block = []
        for follow in lines[i + 1:]:
            if not follow.strip() or not _LATIN_LINE.match(follow.strip()):
                break
            block.append(follow.strip())
        if block:
            members[name] = [m.strip() for m in " ".join(block).split(",") if m.strip()]
    return members


def parse(text: str, source: str) -> list[Record]:
    lines = text.splitlines()
    legend, legend_lines = read_legend(lines)
    members = read_group_members(lines)
    all_members = {m for group in members.values() for m in group}
    partners_data = read_json("utokyo_partners.json")

    records: list[Record] = []
    buffer: list[str] = []
    section: dict | None = None

    def flush_section() -> None:
        nonlocal section
        if section is not None and (buffer or section["extra"]):
            records.append(_section_record(section, buffer, source))
        buffer.clear()
        section = None

    for i, raw in enumerate(lines):
        line = raw.strip()
        if i in legend_lines:
            if section is not None and section["key"] == "department-list" and not section["extra"]:
                section["extra"] = [name if name.endswith(f"（{code}）") else f"{name}（{code}）"
                                    for code, name in legend.items()]
            flush_section()
            continue
        if not line or line in FURNITURE:
            continue
        if line in SECTION_HEADINGS:
            flush_section()
            section = {"key": SECTION_HEADINGS[line], "title": line, "line": i + 1, "extra": [], "links": []}
            continue
        if line in TRAILING_TITLES:
            section = {"key": TRAILING_TITLES[line], "title": line, "line": i + 1, "extra": [], "links": []}
            flush_section()
            continue
        if _URL.match(line):
            if records and records[-1].kind == "section":
                last = records.pop()
                records.append(Record(**{**last.to_dict(), "links": (*last.links, line),
                                         "partners": last.partners, "departments": last.departments}))
            continue
        if section is not None and not buffer and _LATIN_LINE.match(line) and len(line.split()) <= 6:
            section["title"] += f" ({line})"  # the English heading under the Japanese one
            continue
        name_line = _NAME_LINE.match(line)
        if name_line and name_line.group("name") in partners_data:
            rest = name_line.group("rest")
            codes = [] if rest.startswith("＊") else split_codes(rest, legend)
            if codes is not None:
                if section is not None:
                    raise RecordParseError(f"{source}:{i + 1}: partner line inside section {section['title']!r}")
                records.append(_partner_record(name_line, codes, legend, buffer, members, partners_data,
                                               source, i + 1))
                buffer.clear()
                continue
        if ((_BARE_NAME.match(line) and re.sub(r"（.*", "", line) in partners_data) or line.startswith("＊") or split_codes(line, legend) is not None
                or (_LATIN_LINE.match(line) and {p.strip() for p in line.split(",") if p.strip()} <= all_members)):
            continue  # the partner list page: names, code rows, notes, group member lists
        buffer.append(line)
    flush_section()
    if buffer:
        raise RecordParseError(f"{source}: text after the last partner or section: {buffer[0][:40]!r}")
    return records


def _section_record(section: dict, lines: list[str], source: str) -> Record:
    bullets = [line for line in lines if line.startswith("●")]
    text = join_lines(lines)
    if section["extra"]:
        text += "\n参画部局凡例: " + "、".join(section["extra"])
    return Record(id=f"utokyo/sections/{section['key']}", source=source, institution=INSTITUTION,
                  kind="section", title=section["title"], lang="ja", text=text,
                  links=tuple(section["links"]), facts={"bullets": len(bullets)} if bullets else {})


def _partner_record(match: re.Match, codes: list[str], legend: dict[str, str], narrative: list[str],
                    members: dict[str, list[str]], partners_data: dict, source: str, line: int) -> Record:
    name, abbr, rest = match.group("name"), match.group("abbr"), match.group("rest")
    if not narrative:
        raise RecordParseError(f"{source}:{line}: no narrative before partner line {name!r}")
    info = partners_data[name]
    text = join_lines(narrative)
    if rest.startswith("＊"):
        text += "\n" + rest
    departments = tuple(legend[c] for c in codes)
    stated = _DEPT_COUNT.search(text)
    if stated and int(stated.group(1)) != len(departments):
        raise RecordParseError(f"{source}:{line}: {name} lists {len(departments)} departments, "
                               f"its narrative says {stated.group(1)}")
    mou = _SP_MOU.search(text)
    facts = {"tier": info["tier"], "name_en": info["en"]}
    if abbr:
        facts["abbreviation"] = abbr
    return Record(
        id=f"utokyo/partners/{slugify(info['en'])}", source=source, institution=INSTITUTION,
        kind="strategic-partnership", title=f"{name}（{abbr}）" if abbr else name,
        partners=(name, *members.get(name, [])), country=info["country"], region=info["region"],
        year=int(mou.group(1)) if mou else None, departments=departments, lang="ja", text=text,
        facts=facts,
    )
