"""A static server for a built site on 127.0.0.1, for the tests, `make bench` and `make audit`.

Like GitHub Pages, a missing path gets the site's own 404.html with status 404.
"""

from __future__ import annotations

import functools
import gzip
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# Text, as GitHub Pages compresses it (Pagefind compresses its own index files).
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg")


class SiteHandler(SimpleHTTPRequestHandler):
    gzip = False  # answer with gzip where the client takes it, as GitHub Pages does

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and accepted and path.is_file() and path.suffix in COMPRESSED):
            return super().do_GET()  # as it is: also redirects a folder's address to its "/"
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # keep test output readable
        pass


class SiteServer:
    """Serves `root` on a free port until `stop()`."""

    def __init__(self, root: Path, compress: bool = False):
        kind = type("Handler", (SiteHandler,), {"gzip": compress})
        handler = functools.partial(kind, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
