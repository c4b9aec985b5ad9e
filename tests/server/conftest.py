"""The built site served by nginx with the production configuration of deploy/ (Debian's nginx, as published).

Every test in this folder that asks for `base_url` gets nginx's address: the browser helpers of tests/sitetools.py
run unchanged against the real web server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.nginx_conf import LocalNginx, serve_locally


@pytest.fixture(scope="session")
def nginx(site_dir: Path) -> Iterator[LocalNginx]:
    """nginx (not a daemon) on a free loopback port with deploy/'s configuration rendered for site_dir."""
    try:
        with serve_locally(site_dir) as server:
            yield server
    except FileNotFoundError as missing:
        pytest.fail(f"{missing} (.ci/install-system-packages installs it)")


@pytest.fixture(scope="session")
def base_url(nginx: LocalNginx) -> str:
    return nginx.url
