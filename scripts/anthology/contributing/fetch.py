"""A blog post's page for `make import`: a saved file, or fetched from its web address.

Every cost is bounded: a page is read up to limits.MAX_PAGE_BYTES; a fetch gives up once limits.FETCH_SECONDS
have passed, looked at between any two reads, and no read waits longer than that (so a server
that sends a byte a second is stopped as one that sends nothing: within twice limits.FETCH_SECONDS);
it follows at most limits.MAX_REDIRECTS redirects, to http(s) addresses only. Whatever goes wrong is a
`PageError` whose message is one line, for the maintainer: cannot connect, an HTTP error, not a
web page, too large, too slow, or text that cannot be read.
"""

from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from anthology.rules import limits

HTML_TYPES = {"text/html", "application/xhtml+xml"}
WEB = ("http", "https")
# A scheme and "://": what a web address (or another kind of address) starts with, and a path does not.
ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


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
        raise PageError(f"{path}: larger than {limits.MAX_PAGE_BYTES // (1024 * 1024)} MB, too large for a blog post")
    html = path.suffix.lower() in (".html", ".htm", ".xhtml")
    return Page(decode(data, None, html, str(path)), html)


def fetch(address: str) -> Page:
    """The page at `address` (http or https), read as it declares its text."""
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


def _read(response, address: str, deadline: float) -> Page:
    final = response.geturl() or address
    if response.status >= 400:
        raise PageError(f"{address}: the server answered HTTP {response.status} {response.reason or ''}".rstrip())
    header = Message()
    header["content-type"] = response.headers.get("Content-Type", "")
    if header.get_content_type() not in HTML_TYPES:
        raise PageError(f"{address}: not a web page (its type is {header.get_content_type()}, not text/html)")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.MAX_PAGE_BYTES:
        raise PageError(f"{address}: larger than {limits.MAX_PAGE_BYTES // (1024 * 1024)} MB, too large for a blog post")
    data = bytearray()
    # read1: what one read from the connection gives, so that the deadline is looked at between
    # any two of them (a full 16 KB read from a server that drips would not end before it).
    while chunk := response.read1(16 * 1024):
        data += chunk
        if len(data) > limits.MAX_PAGE_BYTES:
            raise PageError(f"{address}: larger than {limits.MAX_PAGE_BYTES // (1024 * 1024)} MB, too large for a blog post")
        if time.monotonic() > deadline:
            raise PageError(f"{address}: no whole page within {limits.FETCH_SECONDS:g} seconds")
    return Page(decode(bytes(data), header.get_param("charset"), True, address), True, final)


def _reason(err: BaseException) -> str:
    import urllib3

    # First: urllib3's NewConnectionError is also a ConnectTimeoutError.
    if isinstance(err, urllib3.exceptions.NewConnectionError):
        return "cannot connect to the server (is the address right, and the machine online?)"
    if isinstance(err, urllib3.exceptions.TimeoutError):
        return f"no answer within {limits.FETCH_SECONDS:g} seconds"
    if isinstance(err, urllib3.exceptions.SSLError):
        return "the server's certificate cannot be trusted"
    if isinstance(err, urllib3.exceptions.ResponseError):
        return f"more than {limits.MAX_REDIRECTS} redirects"
    if isinstance(err, urllib3.exceptions.LocationValueError | ValueError):
        return "not an address that can be fetched (only http:// and https://, redirects included)"
    return f"cannot be fetched ({type(err).__name__})"


def decode(data: bytes, charset: str | None, html: bool, shown: str) -> str:
    """`data` as text: by its byte order mark, else the `charset` its server declared, else the
    one the page declares in a <meta> (an HTML page), else UTF-8."""
    from bs4.dammit import EncodingDetector

    data, bom = EncodingDetector.strip_byte_order_mark(data)
    encoding = bom or charset or (EncodingDetector.find_declared_encoding(data, is_html=True) if html else None)
    encoding = (encoding or "utf-8").strip().lower()
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise PageError(f"{shown}: its text is in an unknown encoding, '{encoding}'") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise PageError(f"{shown}: its text cannot be read as {encoding} (line {line} has a byte that is not "
                        f"{encoding}); save the page again as UTF-8") from None
