"""The offer checker reads duties with the NOC finder: build (or load) its index once, before any
test starts a CLI subprocess that
would otherwise build it under that subprocess's time limit."""

from __future__ import annotations

import pytest

from impnav.noc.index import semantic_index


@pytest.fixture(scope="session", autouse=True)
def noc_index_ready() -> None:
    semantic_index()
