"""The API's OpenAPI 3.1 description, served at /api/openapi.json. The result objects are the JSON
Schema of `renkei search --json` (search/schema/results.schema.json), referenced, not copied."""
from __future__ import annotations

from typing import Any

from renkei.search.serve.params import MAX_API_LIMIT, MAX_OFFSET

_SCHEMA = "/api/schema/results.json"
_ERROR = {"description": "A bad request, an unknown record or id, or an index that cannot be read",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _param(name: str, description: str, schema: dict | None = None, many: bool = False) -> dict[str, Any]:
    schema = schema or {"type": "string"}
    if many:
        schema = {"type": "array", "items": schema}
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema,
            **({"style": "form", "explode": True} if many else {})}


def _ok(description: str, ref: str) -> dict[str, Any]:
    return {"200": {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}},
            "4XX": _ERROR}


def openapi_document(version: str, *, uploads: bool = False) -> dict[str, Any]:
    """The description of this server's API."""
    filters = [_param(n, f"Only records with this {n} (repeat for any of several): {e}", many=True)
               for n, e in (("institution", "keio, 京大, UTokyo"), ("country", "germany, 韓国"),
                            ("partner", "SNU"), ("kind", "memorandum"), ("year", "2009 or 2008..2012"), ("date", "2019-04, 令和4年度 or 2019-04-01..2020-03-31"),
                            ("lang", "ja or en"))]
    page = [_param("limit", "Hits on the page", {"type": "integer", "minimum": 0, "maximum": MAX_API_LIMIT,
                                                 "default": 10}),
            _param("offset", "Hits to skip", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0})]
    record_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                 "description": "A record id, percent-encoded (its slashes as %2F or as they are)"}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "renkei", "version": version,
                 "description": "Bilingual (Japanese/English) search over partnership agreements. Results are the "
                                "objects of `renkei search --json`."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search in Japanese, English or both (the `renkei search --json` object)",
                "parameters": [_param("q", "The query: words, \"phrases\", OR, -word, field:value"), *filters, *page,
                               _param("sort", "relevance or date", {"enum": ["relevance", "date"]}),
                               _param("facets", "Count the results by institution, kind, country, year",
                                      {"type": "boolean", "default": False})],
                "responses": _ok("One page of results", _SCHEMA)}},
            "/api/records/{id}": {"get": {"summary": "One whole record (`renkei show --json`)",
                                          "parameters": [record_id],
                                          "responses": _ok("The record", _SCHEMA + "#/$defs/record")}},
            "/api/records/{id}/similar": {"get": {
                "summary": "Records like this one, in either language (`renkei similar --json`)",
                "parameters": [record_id, _param("limit", "At most this many", {"type": "integer", "minimum": 1,
                                                                                "maximum": 100, "default": 10})],
                "responses": _ok("Similar records", _SCHEMA)}},
            "/api/facets": {"get": {
                "summary": "Counts by institution, kind, country and year: of a search, or of every record",
                "parameters": [_param("q", "The query (none: every record)"), *filters],
                "responses": _ok("Counts", "#/components/schemas/Facets")}},
            "/api/health": {"get": {"summary": "The index generation being served and its record count",
                                    "responses": _ok("Health", "#/components/schemas/Health")}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error", "status"],
                      "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}},
            "Facets": {"type": "object", "required": ["query", "filters", "total", "facets"],
                       "properties": {"query": {"type": "string"}, "filters": {"type": "object"},
                                      "total": {"type": "integer"},
                                      "facets": {"type": "object", "additionalProperties": {
                                          "type": "object", "additionalProperties": {"type": "integer"}}}}},
            "Health": {"type": "object", "required": ["status", "generation", "records"],
                       "properties": {"status": {"const": "ok"}, "generation": {"type": "string"},
                                      "records": {"type": "integer"}, "updated_at": {"type": ["string", "null"]},
                                      "uploads": {"type": "boolean"}}},
        }},
    }
    if uploads:
        doc["info"]["description"] += " This server takes uploads from its page (POST /upload, with its CSRF token)."
    return doc
