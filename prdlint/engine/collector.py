"""The cyclic garbage collector paused while one document is linted."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic cyclic garbage collection off while a file is linted.

    A document's objects have no reference cycles, so reference counting frees them; the
    collector would only scan the growing object graph of a big document again and again
    (a cost that grows faster than the document).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
