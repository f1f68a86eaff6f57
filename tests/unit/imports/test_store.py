"""An uploaded file's name is only shown, never used as a path."""

from __future__ import annotations

import os

import pytest

from cslib import imports
from tests.unit.imports.helpers import csv_bytes, draft, new_admin

FILE = csv_bytes([["Company name"], ["Acme"]])


@pytest.mark.parametrize("name", ["../../etc/passwd.csv", "C:\\x\\evil.csv", "/tmp/../evil.csv"])
def test_an_uploaded_files_path_is_dropped_and_it_is_kept_under_a_random_name(db, name):
    admin = new_admin(db)
    info = draft(db, admin, FILE, name=name)
    assert "/" not in info.file_name and "\\" not in info.file_name
    assert info.file_name.endswith(".csv")
    kept = os.listdir(imports.imports_dir())
    assert len(kept) == 1 and kept[0] != info.file_name and kept[0].endswith(".csv")
