"""A blog post's page for `make import`: a saved file, or fetched from its web address.

Every cost is bounded (rules/limits.py): a page is read up to MAX_PAGE_BYTES; a fetch, all of it
(looking up the name, connecting, the answer's head and its body), gives up once FETCH_SECONDS have
passed; it follows at most MAX_REDIRECTS redirects, to http(s) addresses only (from https, to https
only). Whatever goes wrong is a `PageError` whose message is one line, for the maintainer: cannot
connect, an HTTP error, not a web page, too large, too slow, a broken answer, or text that cannot be
read.
"""

from __future__ import annotations

import codecs
import re
import threading
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from anthology.rules import limits

HTML_TYPES = {"text/html", "application/xhtml+xml"}
WEB = ("http", "https")
# A scheme and "://": what a web address (or another kind of address) starts with, and a path does not.
ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
TAG_OPENED = re.compile(r"<[A-Za-z]")


class PageError(Exception):
    """Why a page cannot be imported, in one line."""


@dataclass
class Page:
    text: str
    html: bool  # an HTML page, else a plain-text scrape
    address: str | None = None  # where it was fetched from, after redirects


def is_address(source: str) -> bool:
    return ADDRESS.match(source) is not None


def read_saved(path: Path) -> Page:
    """A saved page (.html, .htm) or a plain-text scrape, read as the page declares its text."""
    if not path.is_file():
        raise PageError(f"{path}: no such file")
    with path.open("rb") as handle:
        data = handle.read(limits.MAX_PAGE_BYTES + 1)
    if len(data) > limits.MAX_PAGE_BYTES:
        raise PageError(f"{path}: {_too_large()}")
    html = path.suffix.lower() in (".html", ".htm", ".xhtml")
    return _bounded(Page(decode(data, None, html, str(path)), html), str(path))


def _bounded(page: Page, shown: str) -> Page:
    """`page`, unless it opens more tags than a post's page does: reading each costs the importer."""
    if page.html and len(TAG_OPENED.findall(page.text)) > limits.MAX_PAGE_ELEMENTS:
        raise PageError(f"{shown}: more than {limits.MAX_PAGE_ELEMENTS:,} HTML tags, far more than a blog post's "
                        "page; save the post's text as a plain-text file and import that")
    return page


def fetch(address: str) -> Page:
    """The page at `address` (http or https), read as it declares its text."""
    # urllib3's timeouts bound each read, not the whole: a server sending its answer's head a byte
    # at a time would hold the fetch for hours. So the fetch runs in a thread given FETCH_SECONDS;
    # one left behind is a daemon, and its body's reads stop at the same deadline.
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(_fetch_or_error(address)), daemon=True)
    worker.start()
    worker.join(limits.FETCH_SECONDS)
    if not outcome:
        raise PageError(f"{address}: {_too_slow()}")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _fetch_or_error(address: str) -> Page | BaseException:
    try:
        return _fetch(address)
    except BaseException as err:  # noqa: BLE001 (any, raised again in the caller's thread)
        return err


def _fetch(address: str) -> Page:
    import urllib3

    scheme = address.split(":", 1)[0].lower()
    if scheme not in WEB:
        raise PageError(f"{address}: only http:// and https:// addresses can be fetched")
    pool = urllib3.PoolManager(
        retries=urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=limits.MAX_REDIRECTS,
                              raise_on_redirect=True, raise_on_status=False),
        timeout=urllib3.Timeout(total=limits.FETCH_SECONDS),
        # Uncompressed, asked for: a compressed reply's pieces can each grow a thousandfold.
        headers={"User-Agent": "anthology-import (a support writing anthology, importing one post)",
                 "Accept": "text/html,application/xhtml+xml", "Accept-Encoding": "identity"},
    )
    deadline = time.monotonic() + limits.FETCH_SECONDS
    try:
        if urllib3.util.parse_url(address).auth:  # not sent by urllib3: the page fetched would not be the one meant
            raise PageError(f"{address}: a user name or password in the address: a published post needs "
                            "neither; give its public address")
        response = pool.request("GET", address, preload_content=False)
    except urllib3.exceptions.MaxRetryError as err:
        raise PageError(f"{address}: {_reason(err.reason)}") from None
    except (urllib3.exceptions.HTTPError, ValueError) as err:  # a malformed address among them
        raise PageError(f"{address}: {_reason(err)}") from None
    try:
        return _read(response, address, deadline)
    except urllib3.exceptions.HTTPError as err:
        raise PageError(f"{address}: {_reason(err)}") from None
    finally:
        response.release_conn()


def _too_large() -> str:
    return f"larger than {limits.MAX_PAGE_BYTES // (1024 * 1024)} MB, too large for a blog post"


def _too_slow() -> str:
    return (f"no whole page within {limits.FETCH_SECONDS:g} seconds (the server is slow or does not answer: "
            "try again later, or save the page in a browser and import the file)")


def _read(response, address: str, deadline: float) -> Page:
    # After no redirect, urllib3 gives the path alone.
    final = urljoin(address, response.geturl() or address)
    if urlsplit(address).scheme.lower() == "https" and urlsplit(final).scheme.lower() != "https":
        raise PageError(f"{address}: redirected to {final}, an http address: the page would come unencrypted, "
                        "open to change on its way; give that address as the SOURCE if it is the post's")
    if response.status >= 400:
        raise PageError(f"{address}: the server answered HTTP {response.status} {response.reason or ''}".rstrip())
    header = Message()
    header["content-type"] = response.headers.get("Content-Type", "")
    if header.get_content_type() not in HTML_TYPES:
        raise PageError(f"{address}: not a web page (its type is {header.get_content_type()}, not text/html)")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.MAX_PAGE_BYTES:
        raise PageError(f"{address}: {_too_large()}")
    data = bytearray()
    # read1: what one read from the connection gives, so that the deadline is looked at between
    # any two of them (a full 16 KB read from a server that drips would not end before it).
    while chunk := response.read1(16 * 1024):
        data += chunk
        if len(data) > limits.MAX_PAGE_BYTES:
            raise PageError(f"{address}: {_too_large()}")
        if time.monotonic() > deadline:
            raise PageError(f"{address}: {_too_slow()}")
    return _bounded(Page(decode(bytes(data), header.get_param("charset"), True, address), True, final), address)


def _reason(err: BaseException) -> str:
    import urllib3

    # First: urllib3's NewConnectionError is also a ConnectTimeoutError.
    if isinstance(err, urllib3.exceptions.NewConnectionError):
        return "cannot connect to the server (is the address right, and the machine online?)"
    if isinstance(err, urllib3.exceptions.TimeoutError):
        return _too_slow()
    if isinstance(err, urllib3.exceptions.SSLError):
        return "the server's certificate cannot be trusted"
    if isinstance(err, urllib3.exceptions.ResponseError):
        return f"more than {limits.MAX_REDIRECTS} redirects"
    if isinstance(err, urllib3.exceptions.LocationValueError | ValueError):
        return "not an address that can be fetched (only http:// and https://, redirects included)"
    if isinstance(err, urllib3.exceptions.ProtocolError | urllib3.exceptions.InvalidHeader
                  | urllib3.exceptions.DecodeError):
        return ("the server's answer is broken (cut short, or not HTTP): try again later, or save the page in a "
                "browser and import the file")
    return f"cannot be fetched ({type(err).__name__})"


def decode(data: bytes, charset: str | None, html: bool, shown: str) -> str:
    """`data` as text: by its byte order mark, else the `charset` its server declared, else the
    one the page declares in a <meta> (an HTML page), else UTF-8. A declared name means what it
    means to a browser (the WHATWG's labels): ISO-8859-1 is read as Windows-1252, as servers
    that say it mean, or a post's curly quotes would be read as invisible controls."""
    import webencodings
    from bs4.dammit import EncodingDetector

    data, bom = EncodingDetector.strip_byte_order_mark(data)
    label = bom or charset or (EncodingDetector.find_declared_encoding(data, is_html=True) if html else None)
    label = (label or "utf-8").strip().lower()
    known = webencodings.lookup(label)
    try:
        codec = known.codec_info if known else codecs.lookup(label)
    except LookupError:
        raise PageError(f"{shown}: its text is in an unknown encoding, '{label}'") from None
    encoding = known.name if known else label
    try:
        return codec.decode(data)[0]
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise PageError(f"{shown}: its text cannot be read as {encoding} (line {line} has a byte that is not "
                        f"{encoding}); save the page again as UTF-8") from None
