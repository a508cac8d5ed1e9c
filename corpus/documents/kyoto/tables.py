"""Kyoto University: strategic partnerships, researcher exchange tables, exchange memoranda (English).

The tables were flattened from a PDF: two table columns can share a line, and some labels sit on
the wrong row. The document states its own totals; the parse checks itself against them.
"""
from __future__ import annotations

import re

from renkei.corpus.data_files import read_json
from renkei.corpus.errors import RecordParseError
from renkei.corpus.records import Record
from renkei.corpus.text import slugify

INSTITUTION = "Kyoto University"
_SECTIONS = ("Strategic Partnerships (SPs)", "On-site Laboratory Initiative", "Researchers from Abroad",
             "Researchers going Abroad", "Academic Exchange Memoranda")
_REGION_HEADER = re.compile(r"^([A-Z][A-Z ]+?)(?: \(([\d,]+)\))?$")
_REGIONS = {"ASIA": "Asia", "OCEANIA": "Oceania", "NORTH AMERICA": "North America",
            "LATIN AMERICA": "Latin America", "EUROPE": "Europe", "MIDDLE EAST": "Middle East",
            "AFRICA": "Africa", "OTHERS": None}
_YEAR = re.compile(r"^(\d{4}|-)$")
_URL = re.compile(r"<?(https?://[^\s>]+|www\.[^\s>]+)>?")
_AY = 2022


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def split_sections(lines: list[str]) -> dict[str, list[tuple[int, str]]]:
    sections: dict[str, list[tuple[int, str]]] = {}
    current = None
    for number, line in enumerate(lines, 1):
        if line.strip() in _SECTIONS:
            current = line.strip()
            sections[current] = []
        elif current:
            sections[current].append((number, line))
    missing = [s for s in _SECTIONS if s not in sections]
    if missing:
        raise RecordParseError(f"Kyoto document: section {missing[0]!r} not found")
    return sections


def table_records(sections: dict[str, list[tuple[int, str]]], source: str) -> list[Record]:
    """The prose sections, the researcher tables and the memoranda, as records."""
    records = [_prose_section(title, sections[title], source) for title in _SECTIONS[:2]]
    records += researcher_records(sections, source)
    return records + memoranda_records(sections["Academic Exchange Memoranda"], source)


def _prose_section(title: str, lines: list[tuple[int, str]], source: str) -> Record:
    body, links = [], []
    for _, line in lines:
        found = _URL.findall(line)
        if found and not _URL.sub("", line).strip():
            links += found
        elif line.strip():
            body.append(line.strip())
    return Record(id=f"kyoto/sections/{slugify(title)}", source=source, institution=INSTITUTION,
                  kind="section", title=title, lang="en", text="\n".join(body), links=tuple(links))


# --- researcher tables -------------------------------------------------------------------------

def researcher_table(lines: list[tuple[int, str]], source: str, title: str) -> dict:
    """Parse one two-column researcher table into {'rows': [(region, country, n)], 'regions', 'total'}.

    Fields 0-1 of a tab-split line are the left column, the rest the right; read the left column
    top to bottom, then the right, so every country falls under its region header.
    """
    left, right = [], []
    for number, line in lines:
        cells = line.split("\t")
        for column, part in ((left, cells[:2]), (right, cells[2:])):
            column += [(number, c.strip()) for c in part if c.strip()]
    rows, regions, total, region = [], {}, None, None
    fixes = read_json("kyoto_corrections.json")["researchers_country"]
    cells = [c for c in left + right if not c[1].startswith(("Country/Region", "Number of", "2022 academic"))]
    i = 0
    while i < len(cells):
        number, cell = cells[i]
        header = _REGION_HEADER.match(cell)
        if header and header.group(1).strip() in _REGIONS:
            region = header.group(1).strip()
            regions[region] = _number(header.group(2)) if header.group(2) else None
            i += 1
            continue
        if i + 1 >= len(cells) or not re.fullmatch(r"[\d,]+", cells[i + 1][1]):
            raise RecordParseError(f"{source}:{number}: no figure after {cell!r} in {title!r}")
        figure = _number(cells[i + 1][1])
        if cell == "Total":
            total = figure
        else:
            country = fixes.get(f"{title}/{region}/{cell}", {}).get("country", cell)
            rows.append((region, country, figure))
        i += 2
    for name, stated in regions.items():
        counted = sum(n for r, _, n in rows if r == name)
        if stated is not None and counted != stated:
            raise RecordParseError(f"{source}: {title}: {name} adds up to {counted}, the document says {stated}")
    if total is None or total != sum(n for *_, n in rows):
        raise RecordParseError(f"{source}: {title}: rows add up to {sum(n for *_, n in rows)}, "
                               f"the document says {total}")
    return {"rows": rows, "regions": regions, "total": total}


def researcher_records(sections: dict, source: str) -> list[Record]:
    inbound = researcher_table(sections["Researchers from Abroad"], source, "Researchers from Abroad")
    outbound = researcher_table(sections["Researchers going Abroad"], source, "Researchers going Abroad")
    by_country: dict[str, dict] = {}
    for key, table in (("researchers_from_abroad", inbound), ("researchers_going_abroad", outbound)):
        for region, country, n in table["rows"]:
            entry = by_country.setdefault(country, {"region": _REGIONS.get(region)})
            entry[key] = n
    records = []
    for country, entry in by_country.items():
        known = country != "Others"
        place = country if known else "other countries and regions"
        came, went = entry.get("researchers_from_abroad"), entry.get("researchers_going_abroad")
        sentences = [f"Kyoto University researcher exchange with {place}, academic year {_AY} (Apr. 1–Mar. 31)."]
        if came is not None:
            sentences.append(f"Researchers from abroad: {came}.")
        if went is not None:
            sentences.append(f"Researchers going abroad: {went}.")
        records.append(Record(
            id=f"kyoto/researchers/{slugify(country)}", source=source, institution=INSTITUTION,
            kind="researcher-exchange", title=f"Researchers exchanged with {place} (AY {_AY})",
            country=country if known else None, region=entry["region"], year=_AY, lang="en",
            text=" ".join(sentences),
            facts={k: entry[k] for k in ("researchers_from_abroad", "researchers_going_abroad") if k in entry},
        ))
    return records


# --- exchange memoranda ------------------------------------------------------------------------

def memoranda_rows(lines: list[tuple[int, str]], source: str) -> tuple[list[dict], tuple[int, int], str]:
    """Rows of the memoranda table as dicts, the stated (MOU, SEA) totals, and the footnote text."""
    fixes = read_json("kyoto_corrections.json")["memoranda_country"]
    rows, stated, footnotes = [], None, ""
    region = country = None
    for number, line in lines:
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if not cells or cells[0] == "Country/Region" or cells[0].startswith("As of ") or cells == ["MOU", "SEA"]:
            continue
        if cells[0].startswith("¹"):
            footnotes = " ".join(cells)
            continue
        head = _REGION_HEADER.match(cells[0].split(" (")[0]) if len(cells) == 1 else None
        if head and head.group(1) in _REGIONS:
            # Keep the country label: the flattening can put a region header inside a country's
            # rows (OCEANIA sits between Australia's first and second rows).
            region = head.group(1)
            continue
        if cells[0] == "Total":
            stated = (_number(cells[1]), _number(cells[2]))
            continue
        if len(cells) not in (3, 4) or not (_YEAR.match(cells[-1]) and _YEAR.match(cells[-2])):
            raise RecordParseError(f"{source}:{number}: unreadable memoranda row {line.strip()!r}")
        if len(cells) == 4:
            country = cells[0]
        name = cells[-3]
        marks = set(re.findall(r"[¹²]", name))
        name = re.sub(r"\s*[¹²]", "", name).strip()
        fix = fixes.get(name, {})
        rows.append({
            "institution": name, "line": number,
            "country": fix.get("country", country if region != "OTHERS" else None),
            "region": fix.get("region", _REGIONS.get(region)),
            "mou_year": None if cells[-2] == "-" else int(cells[-2]),
            "sea_year": None if cells[-1] == "-" else int(cells[-1]),
            "strategic_partner": "¹" in marks, "footnote_2": "²" in marks,
        })
    if stated is None:
        raise RecordParseError(f"{source}: memoranda table has no Total line")
    counted = (sum(r["mou_year"] is not None for r in rows), sum(r["sea_year"] is not None for r in rows))
    if counted != stated:
        raise RecordParseError(f"{source}: memoranda rows count {counted} MOU/SEA, the document says {stated}")
    return rows, stated, footnotes


def memoranda_records(lines: list[tuple[int, str]], source: str) -> list[Record]:
    rows, _, footnotes = memoranda_rows(lines, source)
    note_2 = footnotes.split("²", 1)[1].strip() if "²" in footnotes else ""
    note_2 = note_2.split(". Many", 1)[0].rstrip(".") + "." if note_2 else ""
    records = []
    for row in rows:
        name, mou, sea = row["institution"], row["mou_year"], row["sea_year"]
        where = f" ({row['country']})" if row["country"] else ""
        # Name only the agreements that exist: a row without a student exchange agreement must not
        # be found by "student exchange".
        text = [f"Academic exchange memorandum between Kyoto University and {name}{where}."]
        if mou:
            text.append(f"Memorandum of understanding (MOU) concluded in {mou}.")
        if sea:
            text.append(f"Student exchange agreement (SEA) concluded in {sea}.")
        if row["strategic_partner"]:
            text.append("A strategic partner of Kyoto University.")
        if row["footnote_2"] and note_2:
            text.append(note_2)
        years = [y for y in (mou, sea) if y]
        records.append(Record(
            id=f"kyoto/memoranda/{slugify(name)}", source=source, institution=INSTITUTION,
            kind="exchange-memorandum", title=name, partners=(name,), country=row["country"],
            region=row["region"], year=min(years) if years else None, mou_year=mou, sea_year=sea,
            lang="en", text=" ".join(text),
            facts={"strategic_partner": True} if row["strategic_partner"] else {},
        ))
    return records
