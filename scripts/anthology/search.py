"""The site's search: a Pagefind index of the essay pages, built while the site renders.

Pagefind splits its index into small chunks, so a reader fetches a few hundred kilobytes
before the first result instead of the full text of every page (Material's search). Only the
elements of an essay page marked `data-pagefind-body` are indexed: the essay and its byline,
so a search finds essays by their words, title or author — never the pages listing them.

Each essay page is handed to Pagefind's indexing service (the binary shipped by the `pagefind`
package, run with `--service`) as soon as MkDocs has rendered it. The service is a separate
process, so indexing runs on the second core while MkDocs renders the next page.

Why not the package's own `PagefindIndex` client: its reader sleeps 0.1 s before each
response, so 500 pages took 50 s (measured with `make bench`). The protocol is small —
base64-encoded JSON messages ended by a comma — so this module speaks it directly.
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from pathlib import Path

BUNDLE = "pagefind"


class SearchIndexError(Exception):
    pass


class SearchIndexer:
    """Feeds rendered essay pages to a Pagefind service running beside the build."""

    def __init__(self) -> None:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchIndexError("the pagefind binary is missing: reinstall requirements.txt")
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._responses: dict[int, dict] = {}
        self._arrived = threading.Condition()
        self._next_id = 0
        self._added: list[int] = []
        threading.Thread(target=self._read, name="pagefind-reader", daemon=True).start()
        self._index_id = self._request({"type": "NewIndex", "config": None})["index_id"]

    def add(self, html: str, url: str) -> None:
        """Queue one page, without waiting; `url` is site-relative ("essays/x/")."""
        payload = {"type": "AddFile", "index_id": self._index_id, "url": "/" + url,
                   "file_path": None, "file_contents": html}
        self._added.append(self._send(payload))

    def finish(self, site_dir: Path) -> int:
        """Write the bundle to `<site_dir>/pagefind/`; returns how many pages had words."""
        try:
            indexed = sum(1 for message in self._added if self._wait(message)["page_word_count"] > 0)
            self._request({"type": "WriteFiles", "index_id": self._index_id,
                           "output_path": str(site_dir / BUNDLE)})
            return indexed
        finally:
            self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()

    # --- the protocol ----------------------------------------------------------------

    def _send(self, payload: dict) -> int:
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except BrokenPipeError:
            raise SearchIndexError("the Pagefind service stopped unexpectedly") from None
        return self._next_id

    def _request(self, payload: dict) -> dict:
        return self._wait(self._send(payload))

    def _wait(self, message_id: int) -> dict:
        with self._arrived:
            while message_id not in self._responses:
                if self._process.poll() is not None:
                    raise SearchIndexError("the Pagefind service stopped before answering")
                self._arrived.wait(timeout=1)
            payload = self._responses.pop(message_id)
        if payload.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {payload.get('message')}")
        return payload

    def _read(self) -> None:
        buffer = b""
        for chunk in iter(lambda: self._process.stdout.read1(1 << 16), b""):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                response = json.loads(base64.b64decode(raw))
                with self._arrived:
                    self._responses[response.get("message_id") or 0] = response["payload"]
                    self._arrived.notify_all()
        with self._arrived:
            self._arrived.notify_all()
