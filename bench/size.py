"""What an index's bytes are, component by component:

    python -m bench.size INDEX [--json]

INDEX is an index folder (its live generation is measured) or a generation folder. Lines are:
whoosh's segments by kind (term table, postings by field, stored fields, lengths, columns), the
fast postings by field and kind (postings, frequencies, positions, character offsets, lengths,
vocabulary), the records' copy, the rows' ids, and each other file of the generation. Sizes are
bytes on disk (a file's length); a total closes the table.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

# The fast segments' files, by name: FIELD.KIND.npy / FIELD.terms, or a per-row file.
_FIELD_FILE = re.compile(r"(?P<field>[a-z_]+)\.(?P<kind>[a-z]+)(\.npy)?\Z")
_KINDS = {"docs": "postings (rows)", "freq": "frequencies", "poff": "vocabulary (postings offsets)",
          "pstart": "positions offsets", "pos": "positions", "startchar": "character offsets",
          "endchar": "character offsets", "len": "field lengths", "terms": "vocabulary",
          "tstart": "vocabulary", "codes": "filter codes", "deleted": "deleted rows"}


def generation_of(path: Path) -> Path:
    current = path / "CURRENT"
    return path / current.read_text(encoding="utf-8").strip() if current.is_file() else path


def breakdown(generation: Path) -> dict[str, int]:
    """component -> bytes, for every file of the generation."""
    sizes: dict[str, int] = defaultdict(int)
    for file in sorted(p for p in generation.rglob("*") if p.is_file()):
        rel = file.relative_to(generation)
        if rel.parts[0] == "fast":
            sizes[_fast_component(rel)] += file.stat().st_size
        elif file.suffix == ".seg":
            for name, size in _whoosh_segment(file).items():
                sizes[name] += size
        elif file.name.endswith(".toc") or file.name.endswith("WRITELOCK"):
            sizes["whoosh: table of contents"] += file.stat().st_size
        else:
            sizes[f"other: {rel}"] += file.stat().st_size
    return dict(sizes)


def _fast_component(rel: Path) -> str:
    name = rel.name
    if len(rel.parts) == 2:   # fast/manifest.json, fast/sNNNNNN.deleted.npy
        return "fast: deleted rows" if name.endswith(".deleted.npy") else "fast: manifest"
    if name.startswith("records"):
        return "fast: records (JSON copy)"
    if name == "rows.json":
        return "fast: rows.json (ids, origins)"
    if name in ("keys.json", "year.npy", "date.npy") or name.endswith(".codes.npy"):
        return "fast: filter codes, year, date"
    found = _FIELD_FILE.match(name)
    if found:
        return f"fast: {found['field']} {_KINDS.get(found['kind'], found['kind'])}"
    return f"fast: {name}"


def _whoosh_segment(path: Path) -> dict[str, int]:
    """A compound segment's parts; its postings file split by field (each term's postings block,
    or its inlined postings in the term table)."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import StructFile

    with open(path, "rb") as handle:
        storage = CompoundStorage(StructFile(handle), use_mmap=False)
        parts = {name: info["length"] for name, info in storage._dir.items()}
        storage.close()
    out: dict[str, int] = defaultdict(int)
    postings = 0
    for name, size in parts.items():
        if name.endswith(".pst"):
            postings += size
        elif name.endswith(".trm"):
            out["whoosh: term table"] += size
        elif name.endswith("._stored.col"):
            out["whoosh: stored fields"] += size
        elif re.search(r"\._\w+_len\.col\Z", name):
            out["whoosh: field lengths"] += size
        elif name.endswith(".col"):
            out["whoosh: sort columns"] += size
        else:
            out[f"whoosh: {name.rsplit('.', 1)[-1]}"] += size
    by_field = _postings_by_field(path.parent, path.name)
    counted = sum(by_field.values())
    for field, size in by_field.items():
        out[f"whoosh: {field} postings"] += size
    out["whoosh: postings headers"] += postings - counted
    out["whoosh: table of contents"] += path.stat().st_size - sum(parts.values())   # the compound file's directory
    return out


def _postings_by_field(folder: Path, segment_name: str) -> dict[str, int]:
    """Bytes of postings per field in one whoosh segment (blocks in the postings file)."""
    from whoosh import index
    ix = index.open_dir(str(folder))
    out: dict[str, int] = defaultdict(int)
    for segment in ix._segments():
        if segment.make_filename(".seg") != segment_name:
            continue
        storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
        terms = segment.codec().terms_reader(storage, segment)
        for (field, _), info in terms.items():
            if not info.is_inlined():
                length = info.extent()[1]   # whoosh 2.7 reads it back as a 1-tuple
                out[field] += length[0] if isinstance(length, tuple) else length
        terms.close()
    ix.close()
    return dict(out)


def table(sizes: dict[str, int]) -> str:
    total = sum(sizes.values())
    lines = [f"{'component':<52} {'MB':>9} {'%':>6}"]
    for name, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        if size:
            lines.append(f"{name:<52} {size / 1e6:9.2f} {100 * size / total:6.1f}")
    groups: dict[str, int] = defaultdict(int)
    for name, size in sizes.items():
        groups[name.split(":", 1)[0]] += size
    for group, size in sorted(groups.items(), key=lambda kv: -kv[1]):
        lines.append(f"{'= ' + group + ' (all)':<52} {size / 1e6:9.2f} {100 * size / total:6.1f}")
    lines.append(f"{'= total':<52} {total / 1e6:9.2f} {100.0:6.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.size", description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path, help="an index folder, or one generation of it")
    parser.add_argument("--json", action="store_true", help="component -> bytes as JSON")
    args = parser.parse_args(argv)
    sizes = breakdown(generation_of(args.index))
    print(json.dumps(sizes, indent=1, sort_keys=True) if args.json else table(sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
