"""Files the app keeps under CS_DATA_DIR (exports built, imports uploaded): tidying what
no row owns any more, e.g. after a crash between writing a file and committing its row."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path


def remove_stale_files(folder: Path, keep: Callable[[Path], bool], *, age_seconds: float) -> int:
    """Delete the entries of `folder` older than `age_seconds` that `keep` does not claim
    (files and folders); the number removed. Younger ones may still be in the making."""
    if not folder.is_dir():
        return 0
    removed = 0
    cutoff = time.time() - age_seconds
    for path in folder.iterdir():
        if path.stat().st_mtime > cutoff or keep(path):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed += 1
    return removed
