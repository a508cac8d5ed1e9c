"""Documents in, records out: the bundled corpus and users' own files. Standard library only."""
from .errors import CorpusError, DuplicateRecordId, RecordParseError, UnsupportedDocument
from .parse import bundled_records, iter_input_files, load_paths, load_paths_with_files
from .records import Record

__all__ = ["CorpusError", "DuplicateRecordId", "Record", "RecordParseError", "UnsupportedDocument",
           "bundled_records", "iter_input_files", "load_paths", "load_paths_with_files"]
