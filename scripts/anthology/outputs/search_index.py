"""The site's search: a Pagefind index of the essay pages, built while the site renders.

Pagefind splits its index into small chunks, so a reader fetches a few hundred kilobytes
before the first result instead of the full text of every page (Material's search). Only the
elements of an essay page marked `data-pagefind-body` are indexed: the essay and its byline,
so a search finds essays by their words, title or author — never the pages listing them.

Each essay's indexed part (overrides/partials/essay-body.html) is streamed to Pagefind's
indexing service (the binary shipped by the `pagefind` package, run with `--service`) as soon
as its Markdown is rendered, so the service indexes, and writes its bundle, while the build
goes on. The protocol is small — base64-encoded JSON messages ended by a comma — and spoken
here directly: the package's own client pauses before reading each answer, a wait that adds up
over thousands of pages (ARCHITECTURE.md, "Measurements").
"""

from __future__ import annotations

import base64
import html
import importlib
import json
import os
import queue
import re
import subprocess
import threading
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import markupever

from anthology.rendering.essay import NOTE_REFERENCE, OWN_MARKS

BUNDLE = "pagefind"
# Marks the page adds to the essay's words (a heading's ¶, a note's ↩ and its number): left out of
# the index by Pagefind itself (its `exclude_selectors`), so that excerpts hold the essay's words only.
FURNITURE = frozenset([*OWN_MARKS, NOTE_REFERENCE])
FURNITURE_SELECTORS = [f".{name}" for name in sorted(FURNITURE)]
# Pagefind counts a dash between spaces as a word, of which it indexes nothing: a phrase searched
# across it ("customer support — it found me") has a hole where the dash was, and is not found. In
# the indexed copy the space before such a dash becomes GLUE, at which Pagefind does not split
# words; search.js shows it as the space it was. GLUE is a non-character: no essay holds one
# (anthology.rules.text.NONCHARACTERS), so search.js can tell it apart.
GLUE = "\ufdd0"
DASHES = r"[-\u2010-\u2015\u2212\u2e3a\u2e3b]+"
SPACED_DASH = re.compile(rf"(?<!\s)\s+(?={DASHES}\s)")
# Where SPACED_DASH may match in a part's text, as the part is written (a no-break space is
# `&nbsp;` there): a space or the ';' of `&nbsp;`, a dash, a space. Only a quick test before the
# part is parsed; SPACED_DASH decides on each text.
MAYBE_SPACED_DASH = re.compile(rf"[\s;]{DASHES}(?:\s|&nbsp;)")
_FRAGMENT = markupever.HtmlOptions(full_document=False)


class SearchIndexError(Exception):
    pass


def indexed_document(part: str, language: str) -> str:
    """The indexed part of an essay page as a document of its own, in the essay's `language`:
    Pagefind files each page under its language's index, and splits Chinese and Japanese text
    (written without spaces) into words only in theirs. Spaced dashes are glued to the word
    before them (GLUE)."""
    if MAYBE_SPACED_DASH.search(part):  # an essay without one is not read
        tree = markupever.parse(part, _FRAGMENT)
        for node in tree.root().descendants():
            if isinstance(node, markupever.dom.Text) and SPACED_DASH.search(node.text()):
                node.content = SPACED_DASH.sub(GLUE, node.text())
        part = tree.serialize()
    return f'<html lang="{html.escape(language)}"><body>{part}</body></html>'


def merged_languages(languages: Iterable[str | None], own: str) -> list[str]:
    """The languages whose indexes the search page merges into the one Pagefind opens, given each
    essay's language (None: the site's, `own`). Pagefind opens the index of the page's language,
    or when no essay is in it, the one with most essays."""
    counts = Counter(language or own for language in languages)
    opened = own if own in counts else max(counts, key=counts.get, default=own)
    return sorted(language for language in counts if language != opened)


# The languages written without spaces between words, which only Pagefind's extended release
# splits into words (anthology.catalog.essays.written_in finds them).
UNSPACED = {"zh": "Chinese", "ja": "Japanese"}


def pagefind_binary() -> Path:
    """The binary that `pagefind[extended]` installs (requirements-search.txt: `make build`, the
    tests, the deploy), else the plain one of `pagefind[bin]` (requirements.txt: the preview), or
    the one PAGEFIND_BINARY_PATH names (as the pagefind package itself allows)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return importlib.import_module(package).get_executable()
        except (ImportError, FileNotFoundError):
            continue
    raise SearchIndexError("the pagefind binary is missing: reinstall requirements.txt")


def splits_words(binary: Path) -> bool:
    """Whether `binary` is Pagefind's extended release: only it splits Chinese and Japanese text
    into words; the plain one indexes each run of it as one word."""
    return "extended" in binary.name


class SearchIndexer:
    """Feeds essays' indexed parts to a Pagefind service running beside the build."""

    def __init__(self) -> None:
        binary = pagefind_binary()
        self.splits_words = splits_words(binary)
        try:
            self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        except OSError as err:
            raise SearchIndexError(f"cannot start the Pagefind binary {binary}: {err.strerror}") from None
        self._responses: dict[int, dict] = {}
        self._said: list[str] = []  # whatever the service printed outside the protocol
        self._arrived = threading.Condition()
        self._next_id = 0
        self._added: list[int] = []
        self._writing: Future | None = None
        # Messages go out through a queue: a full pipe (Pagefind busy) must not stop the build.
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._send_failed = False
        self._reader = threading.Thread(target=self._read, name="pagefind-reader", daemon=True)
        self._reader.start()
        threading.Thread(target=self._write_out, name="pagefind-sender", daemon=True).start()
        self._index_id = self._request({"type": "NewIndex",
                                        "config": {"exclude_selectors": FURNITURE_SELECTORS}})["index_id"]

    @property
    def added(self) -> int:
        return len(self._added)

    def add(self, html: str, url: str) -> None:
        """Queue one page, without waiting; `url` is site-relative ("essays/x/")."""
        if self._writing is not None:
            raise SearchIndexError(f"{url} came after the search bundle was started")
        payload = {"type": "AddFile", "index_id": self._index_id, "url": "/" + url,
                   "file_path": None, "file_contents": html}
        self._added.append(self._send(payload))

    def start_writing(self, site_dir: Path) -> None:
        """Write the bundle to `<site_dir>/pagefind/` in the background, once every page is in."""
        if self._writing is None:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pagefind-writer")
            self._writing = pool.submit(self._write, site_dir)
            pool.shutdown(wait=False)  # the write goes on; finish() waits for its result

    def finish(self, site_dir: Path) -> int:
        """Wait for the bundle (starting it if need be); returns how many pages had words."""
        try:
            self.start_writing(site_dir)
            return self._writing.result()
        finally:
            self.close()

    def _write(self, site_dir: Path) -> int:
        indexed = sum(1 for message in self._added if self._wait(message)["page_word_count"] > 0)
        self._request({"type": "WriteFiles", "index_id": self._index_id,
                       "output_path": str(site_dir / BUNDLE)})
        return indexed

    def close(self) -> None:
        self._outbox.put(None)
        if self._process.poll() is None:
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()

    # --- the protocol ----------------------------------------------------------------

    def _send(self, payload: dict) -> int:
        if self._send_failed:
            raise SearchIndexError("the Pagefind service stopped unexpectedly")
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}).encode("utf-8")
        self._outbox.put(base64.b64encode(message) + b",")
        return self._next_id

    def _write_out(self) -> None:
        """Write queued messages to the service; None closes its input, which ends it."""
        stdin = self._process.stdin
        try:
            while (message := self._outbox.get()) is not None:
                stdin.write(message)
                if self._outbox.empty():
                    stdin.flush()
            stdin.close()
        except (BrokenPipeError, ValueError):
            self._send_failed = True  # _wait reports the stopped service to whoever waits

    def _request(self, payload: dict) -> dict:
        return self._wait(self._send(payload))

    def _wait(self, message_id: int) -> dict:
        with self._arrived:
            while message_id not in self._responses:
                # Stopped, and all it printed read: the reader ends after the service's last word.
                if self._process.poll() is not None and not self._reader.is_alive():
                    said = " ".join(text for text in self._said if text)[-500:]
                    raise SearchIndexError("the Pagefind service stopped before answering"
                                           + (f"; it said: {said}" if said else ""))
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
                try:
                    response = json.loads(base64.b64decode(raw, validate=True))
                    message_id, payload = response.get("message_id") or 0, response["payload"]
                except (ValueError, KeyError, TypeError, AttributeError):
                    # Not the protocol: the service printing an error. Kept for the report.
                    self._said.append(raw.decode("utf-8", "replace").strip())
                    continue
                with self._arrived:
                    self._responses[message_id] = payload
                    self._arrived.notify_all()
        self._said.append(buffer.decode("utf-8", "replace").strip())
        with self._arrived:
            self._arrived.notify_all()
