"""A slow link below the browser: a TCP proxy on loopback that carries the server's bytes to the browser at one
download rate shared by all open connections, chunk by chunk (as TCP flows share a bottleneck), with half the
round-trip time added each way and one round trip to open a connection.

Chromium's own emulation (CDP `Network.emulateNetworkConditions`) works inside the browser, per request: it does not
slow the service worker's own fetches, and it slows a response read from the HTTP cache as if it came over the link
(a worker's fetch that joins a download the page started arrives late). Through this proxy the browser's cache and
service worker behave as on a real link.

    with shaped_link(target_port=8080, bits=4e6, rtt_ms=150) as url: ...   # url: http://127.0.0.1:<port>
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

CHUNK = 8192  # bytes the link carries at a time: 16 ms at 4 Mbit/s


class Link:
    """The shared bottleneck: when the next bytes may leave."""

    def __init__(self, bits: float, rtt_ms: float) -> None:
        self.rate = bits / 8
        self.one_way = rtt_ms / 2000
        self.free_at = 0.0

    async def carry(self, size: int) -> None:
        """Wait until the link has carried `size` more bytes (after whatever other connections queued first)."""
        now = time.monotonic()
        self.free_at = max(now, self.free_at) + size / self.rate
        await asyncio.sleep(self.free_at - now)


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, link: Link, shaped: bool) -> None:
    """Copy one direction: read (at the link's rate when shaped), then deliver each chunk one-way-latency later."""
    arrivals: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while (item := await arrivals.get())[1]:
            at, data = item
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            writer.write(data)
            await writer.drain()

    delivering = asyncio.create_task(deliver())
    try:
        while data := await reader.read(CHUNK):
            if shaped:
                await link.carry(len(data))
            arrivals.put_nowait((time.monotonic() + link.one_way, data))
    except OSError:
        pass
    finally:
        arrivals.put_nowait((0.0, b""))
        with suppress(OSError):
            await delivering
        writer.close()


@contextmanager
def shaped_link(target_port: int, bits: float, rtt_ms: float) -> Iterator[str]:
    """Serve 127.0.0.1:<target_port> through the link; yields the base URL to browse."""
    link = Link(bits, rtt_ms)

    async def connection(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(2 * link.one_way)  # opening the connection: one round trip
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            _pump(client_reader, server_writer, link, shaped=False),
            _pump(server_reader, client_writer, link, shaped=True),
            return_exceptions=True,
        )

    loop = asyncio.new_event_loop()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    started = threading.Event()

    def serve() -> None:  # its own thread and loop: the caller may be running one (Playwright's sync API does)
        asyncio.set_event_loop(loop)
        loop.set_exception_handler(lambda _loop, _context: None)  # connections cut at the end are not news
        server = loop.run_until_complete(asyncio.start_server(connection, sock=listener))
        started.set()
        try:
            loop.run_forever()
        finally:  # drop the connections still open, quietly
            server.close()
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    started.wait(timeout=10)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
