"""Documents in, records out: the bundled corpus and users' own files. Standard library only."""
from .errors import CorpusError, DuplicateRecordId, RecordParseError, UnsupportedDocument
from .parse import (CheckedPaths, InputFile, bundled_records, check_paths, iter_input_files, iter_paths_with_files,
                    load_paths, load_paths_with_files)
from .records import Record

__all__ = ["CheckedPaths", "CorpusError", "DuplicateRecordId", "InputFile", "Record", "RecordParseError",
           "UnsupportedDocument", "bundled_records", "check_paths", "iter_input_files", "iter_paths_with_files",
           "load_paths", "load_paths_with_files"]
