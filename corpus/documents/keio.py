"""Keio University: the complete list of regional collaborations (English)."""
from __future__ import annotations

import re

from renkei.corpus.errors import RecordParseError
from renkei.corpus.records import Record
from renkei.corpus.text import parse_english_date, slugify

INSTITUTION = "Keio University"
_DATE = "Date of conclusion:"
_PARTNER = re.compile(r"^(Concluded with|Partners?):\s*(.+)$")
_REFERENCES = re.compile(r"^Reference sites?:\s*$")
_URL = re.compile(r"https?://\S+")


def _starts_undated_entry(line: str) -> bool:
    """An entry without a date line starts with a full sentence, unlike a reference-site title."""
    return line.endswith(".") and len(line.split()) >= 12 and not line.startswith('"')


def _split_partners(label: str, value: str) -> tuple[str, ...]:
    if label != "Partners":  # 'Partner:' names one body, even 'Institute of ... Science and Technology'
        return (value.strip().rstrip(","),)
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", value)
    return tuple(p.strip() for p in parts if p.strip())


def _short_title(sentence: str, limit: int = 80) -> str:
    first = sentence.split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def parse(text: str, source: str) -> list[Record]:
    lines = [line.strip() for line in text.splitlines()]
    entries: list[dict] = []
    current: dict | None = None
    in_refs = False
    for number, line in enumerate(lines, 1):
        if not line:
            continue
        if line.startswith(_DATE):
            date = parse_english_date(line[len(_DATE):])
            if date is None:
                raise RecordParseError(f"{source}:{number}: unreadable date {line!r}")
            current = {"date": date, "line": number, "partners": (), "body": [], "refs": []}
            entries.append(current)
            in_refs = False
        elif current is None:
            continue  # page header before the first entry
        elif (m := _PARTNER.match(line)) and not current["partners"] and not current["body"]:
            current["partners"] = _split_partners(m.group(1), m.group(2))
        elif _REFERENCES.match(line):
            in_refs = True
        elif in_refs and _starts_undated_entry(line):
            current = {"date": None, "line": number, "partners": (), "body": [line], "refs": []}
            entries.append(current)
            in_refs = False
        elif in_refs:
            current["refs"].append(line)
        else:
            current["body"].append(line)
    return [_record(entry, source) for entry in entries]


def _record(entry: dict, source: str) -> Record:
    body = "\n".join(entry["body"])
    partners = entry["partners"]
    if entry["date"]:
        title = " / ".join(partners) if partners else _short_title(body)
        record_id = f"keio/{entry['date']}/{slugify(title)}"
    else:
        title = _short_title(body)
        record_id = f"keio/undated/{slugify(' '.join(title.split()[:8]))}"
    refs = entry["refs"]
    urls = [u for r in refs for u in _URL.findall(r)]
    # Reference sites are link titles on the web page; keep them readable in the text and the
    # URLs (where the extraction kept any) in links.
    named_refs = [r for r in refs if not _URL.fullmatch(r)]
    if named_refs:
        body += "\nReference sites: " + "; ".join(named_refs)
    year = int(entry["date"][:4]) if entry["date"] else None
    return Record(
        id=record_id, source=source, institution=INSTITUTION, kind="regional-agreement",
        title=title, partners=partners, country="Japan", region="Asia", date=entry["date"],
        year=year, lang="en", text=body, links=tuple(urls),
        facts={"reference_sites": named_refs} if named_refs else {},
    )
