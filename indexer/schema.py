"""The index schema: field names are constants other packages import, never string literals."""
from __future__ import annotations

import json
from typing import Any, Sequence

from whoosh.fields import ID, NUMERIC, TEXT, Schema

from renkei.corpus import Record
from renkei.corpus.glossary import Glossary

from renkei.indexer.analysis import (JAPANESE, BilingualTokenizer, GlossTokenizer, JapaneseBigramTokenizer, LinesTokenizer)

SCHEMA_VERSION = 10   # 10: the dates records mention, as when: terms among ENTITIES (corpus.when)

ID_FIELD = "id"
RECORD = "record"          # the whole record as JSON, for display
ORIGIN = "origin"          # the file a user's record came from, to replace it on re-adding
# Searchable text: names (title, partners, departments) and body, each with a bigram twin (parts
# of Japanese words). Few fields: query cost in whoosh grows with every term of every field.
NAMES, BODY = "names", "body"
NGRAM = {NAMES: "names_ng", BODY: "body_ng"}
GLOSS = "gloss"            # English glosses of the body's Japanese loanwords
TEXT_FIELDS = (NAMES, BODY)
# Structured fields, for filters, facets and sorting.
INSTITUTION, KIND, COUNTRY, REGION, YEAR, LANG = "institution", "kind", "country", "region", "year", "lang"
SOURCE, PARTNER_NAME, DEPARTMENT, SORT_DATE = "source", "partner_name", "department", "sort_date"
ENTITIES = "entities"      # glossary ids of the record's partners and country: filters across languages;
                           # and the days, months and fiscal years it mentions (corpus.when)
FACET_FIELDS = (INSTITUTION, KIND, COUNTRY, YEAR)

INSTITUTION_KEYS = {"Keio University": "keio", "Kyoto University": "kyoto", "The University of Tokyo": "utokyo"}


def build_schema() -> Schema:
    words, bigrams, gloss = BilingualTokenizer(), JapaneseBigramTokenizer(), GlossTokenizer()
    fields: dict[str, Any] = {
        # No RECORD and nothing stored but the id: whoosh stored each record again (55 of 390 MB at
        # 100k records, bench/size.py) and its keys, which only the fast segments' codes are read
        # for; their records are the only copy (columnar/blobs.py, columnar.segment.records_by_id).
        ID_FIELD: ID(stored=True, unique=True),
        ORIGIN: ID(),
        INSTITUTION: ID(), KIND: ID(), COUNTRY: ID(), REGION: ID(), LANG: ID(), SOURCE: ID(),
        YEAR: NUMERIC(int, bits=32, sortable=True, signed=False),
        SORT_DATE: ID(sortable=True),
        PARTNER_NAME: TEXT(analyzer=LinesTokenizer(), phrase=False),
        ENTITIES: TEXT(analyzer=LinesTokenizer(), phrase=False),
        DEPARTMENT: TEXT(analyzer=LinesTokenizer(), phrase=False),
    }
    for name in TEXT_FIELDS:
        fields[name] = TEXT(analyzer=words, phrase=True)
        fields[NGRAM[name]] = TEXT(analyzer=bigrams, phrase=True)
    fields[GLOSS] = TEXT(analyzer=gloss, phrase=False)
    return Schema(**fields)


def key(value: str | None) -> str:
    """The value stored in a structured field: lowercase, hyphenated ('Viet Nam' -> 'viet-nam')."""
    from renkei.corpus.text import slugify
    return slugify(value) if value else ""


def institution_key(name: str | None) -> str:
    return INSTITUTION_KEYS.get(name or "", key(name))


def names_lines(record: Record) -> list[str]:
    """The lines of a record's names field: its title, partners and departments, each once."""
    return list(dict.fromkeys((record.title, *record.partners, *record.departments)))


def document(record: Record, origin: str = "", entities: Sequence[str] = ()) -> dict[str, Any]:
    """The whoosh document for one record; `entities` are the glossary ids it is about."""
    from renkei.corpus.when import terms as date_terms   # here: a search, which imports this module, never needs it
    names = "\n".join(names_lines(record))
    values = {NAMES: names, BODY: record.text}
    doc: dict[str, Any] = {
        ID_FIELD: record.id, RECORD: json.dumps(record.to_dict(), ensure_ascii=False), ORIGIN: origin,
        INSTITUTION: institution_key(record.institution), KIND: record.kind, COUNTRY: key(record.country),
        REGION: key(record.region), LANG: record.lang, SOURCE: record.source,
        SORT_DATE: record.date or (f"{record.year:04d}" if record.year else ""),
        PARTNER_NAME: "\n".join(record.partners), DEPARTMENT: "\n".join(record.departments),
        ENTITIES: "\n".join([*entities, *date_terms(f"{record.title}\n{record.text}", record.date)]),
    }
    if record.year is not None:
        doc[YEAR] = record.year
    for name, value in values.items():
        if value:
            doc[name] = value
            if JAPANESE.search(value):   # bigrams come from Japanese runs only
                doc[NGRAM[name]] = value
    if JAPANESE.search(record.text):  # glosses come from Japanese words only
        doc[GLOSS] = record.text
    return doc


def entity_ids(record: Record, glossary: Glossary) -> list[str]:
    """The glossary entries a record is about: its partners (every member of a group) and country."""
    found = []
    for name in (*record.partners, record.country):
        entry = glossary.lookup(name) if name else None
        if entry is not None and entry.id not in found:
            found.append(entry.id)
    return found


def record_from_stored(stored: dict[str, Any]) -> Record:
    return record_from_json(stored[RECORD])


def record_from_json(text: str | bytes) -> Record:
    """A record from its JSON (an index's copy is UTF-8 bytes): decoded and read without
    json.loads' detection of the encoding and its checks around the value (a third of the read of
    a page's records at 1k); anything but one bare value is left to json.loads, to read or refuse."""
    decoded = text.decode("utf-8", "surrogatepass") if isinstance(text, bytes) else text   # as json.loads decodes UTF-8
    try:
        data, end = _DECODER.raw_decode(decoded)
    except json.JSONDecodeError:
        end = -1
    return Record.from_dict(data if end == len(decoded) else json.loads(text))


_DECODER = json.JSONDecoder()
