"""Readers: turn input paths (files, directories, globs, stdin, gzip) into RawDocuments.

Every input yields ``RawDocument`` records or ``Reject`` records; nothing raises for bad input.
"""

from tidings.readers.detect import read_source
from tidings.readers.paths import Source, expand_paths

__all__ = ["Source", "expand_paths", "read_source"]
