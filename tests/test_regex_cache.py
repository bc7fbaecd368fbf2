"""prdlint.regex_cache: a pattern given to the engine from the cache is the pattern re compiles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.version_info < (3, 11), reason="the cache hooks re._compiler (Python 3.11 on)")

# Run in a child process: install() changes re for the whole process.
CHILD = r"""
import re, sys
from prdlint.regex_cache import install
install()
from re import _compiler
cache = _compiler.compile.__self__
patterns = [(r"\b(?P<id>[A-Z]{2,5})-(\d+)\b", 0), (r"(?i)\blorem\s+ipsum\b", 0), (r"^\s*#+\s*(.*?)\s*$", re.M),
            (r"[\u4e00-\u9fff]+|caf\u00e9", re.IGNORECASE), (r"(a)(?(1)b|c)", 0)]
texts = ["US-12 and FR-3", "Lorem  IPSUM dolor", "# Title  \n## Sub", "\u6587\u6863 CAF\u00c9", "ab ac"]
compiled = [re.compile(source, flags) for source, flags in patterns]
fresh = [cache.original(source, flags) for source, flags in patterns]
for a, b in zip(compiled, fresh):
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in texts:
        assert [(m.span(), m.groups()) for m in a.finditer(text)] == [(m.span(), m.groups()) for m in b.finditer(text)]
print(len(cache.hits), len(cache.new))
"""


def _run(cache_dir: Path) -> tuple[int, int]:
    env = {**os.environ, "PRDLINT_CACHE_DIR": str(cache_dir)}
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    hits, new = out.stdout.split()
    return int(hits), int(new)


def test_the_second_run_takes_every_pattern_from_the_cache_with_the_same_matches(tmp_path: Path) -> None:
    first_hits, first_new = _run(tmp_path)
    assert first_hits == 0 and first_new >= 5
    hits, new = _run(tmp_path)
    assert hits >= 5 and new == 0


def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path) -> None:
    _run(tmp_path)
    (cache_file,) = tmp_path.glob("regexes-*.marshal")
    cache_file.write_bytes(b"not marshal data")
    hits, new = _run(tmp_path)
    assert hits == 0 and new >= 5
    assert _run(tmp_path)[0] >= 5  # and kept again


def test_the_library_leaves_re_alone() -> None:
    code = "import re, prdlint.api; from re import _compiler; print(hasattr(_compiler.compile, '__self__'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_entries_of_the_wrong_shape_are_compiled_again(tmp_path: Path) -> None:
    import marshal

    _run(tmp_path)
    (cache_file,) = tmp_path.glob("regexes-*.marshal")
    entries = marshal.loads(cache_file.read_bytes())
    broken = {key: (1, 2) if index % 2 else (0, b"\x00\x01", 0, {}, ()) for index, key in enumerate(entries)}
    cache_file.write_bytes(marshal.dumps(broken))
    hits, new = _run(tmp_path)  # the child's own assertions check every match against re's
    assert hits == 0 and new >= 5
