"""Pyodide runs under Node here: without Node these tests must fail, not skip (parity is a requirement)."""

import shutil

import pytest


@pytest.fixture(autouse=True)
def node_is_installed() -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to run Pyodide: install it (.ci/install-system-packages does)")
