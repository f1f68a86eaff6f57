import sys

import pytest


@pytest.fixture(autouse=True)
def _keep_main_module(monkeypatch):
    """AppTest leaves sys.modules["__main__"] pointing at the page script; a later test that
    spawns processes would then run the page in each child. Put the real one back."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
