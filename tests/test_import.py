"""`make import` keeps the post: the reader of the imported essay, on GitHub or on the site, sees
the lines, numbers and words the post showed; nothing is invented; every change is listed.

The imported Markdown is rendered by GitHub's renderer (cmark-gfm, through cmarkgfm) and by the
site's (the essay page's renderer and sanitiser), and compared by what a reader sees
(test_github_rendering.structure). Web addresses are fetched from a server on 127.0.0.1, never
from the internet.
"""

from __future__ import annotations

import functools
import gzip
import html
import http.server
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anthology import __main__ as cli
from anthology.contributing import fetch as fetching
from anthology.contributing.importer import import_html, markdown_of
from anthology.files.source import read_essay
from anthology.rules import limits
from anthology.rendering.essay import Targets, render_essay
from conftest import ROOT
from test_github_rendering import github, structure

FIXTURES = ROOT / "tests" / "fixtures"
POST = FIXTURES / "wordpress-haiku-post.html"  # a WordPress post: a haiku, an address, years, no date
SLUG = "three-years-at-the-front-desk"
HAIKU = ["Silent queue at dawn —", "one ticket blinks, then another", "the coffee goes cold"]
ADDRESS = ["Queue Notes", "c/o Front Desk Software", "221 Harbour Street", "Wellington 6011"]
YEARS = ["2014. I answered my first ticket", "2017. I became the lead", "2019. I left the team"]
SAYING = "My manager’s favourite saying was “the customer isn’t wrong, they’re early”"


@pytest.fixture
def in_project(project, monkeypatch):
    monkeypatch.chdir(project.root)
    return project


def import_post(source: str, capsys, *extra: str) -> tuple[int, str, str]:
    code = cli.main(["import", "--source", source, "--author", "sarah-wetzel", "--prompt", "what-keeps-you-going",
                     *extra])
    out, err = capsys.readouterr()
    return code, out, err


def paragraphs(page: str) -> list[list[str]]:
    """Each paragraph of `page` (HTML) as the lines a reader sees, a <br> ending a line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with("\x00")
    return [[" ".join(line.split()) for line in p.get_text().split("\x00")] for p in soup.find_all("p")]


def essay_page(body: str) -> str:
    """The essay's page, as the site shows it: check's verdict must be that it has no problem."""
    rendered, problems = render_essay(body, 1, "docs/essays/essay.md", Targets(frozenset({"essay"}), frozenset()))
    assert not problems, [str(problem) for problem in problems]
    return rendered.html


# --- the post, as its reader saw it ------------------------------------------------------


def test_an_imported_post_shows_its_lines_and_years_as_written(in_project, capsys):
    code, out, _ = import_post(str(POST), capsys)
    assert code == 0, out
    essay = read_essay(in_project.essay(SLUG), SLUG)
    for page in (github(essay.body), essay_page(essay.body)):
        shown = paragraphs(page)
        assert HAIKU in shown and ADDRESS in shown  # each line its own, as on the blog
        starts = [lines[0] for lines in shown]
        for year in YEARS:  # each year its own paragraph, with its own number: not a list from 2014
            assert any(start.startswith(year) for start in starts), year
        assert "<ol" not in page and "<li" not in page
        assert any(start.startswith(SAYING) for start in starts)  # the writer's curly quotes
    assert cli.main(["check"]) == 0


def test_nothing_is_invented_the_date_is_left_out(in_project, capsys):
    # The post says "Posted on March 3, 2017" in its text and its address has 2017/03/03; its
    # metadata has no date. The essay then has none: the site says the date is unknown.
    page = POST.read_text(encoding="utf-8")
    assert "Posted on March 3, 2017" in page and "/2017/03/03/" in page
    code, out, _ = import_post(str(POST), capsys)
    assert code == 0
    assert "date" not in read_essay(in_project.essay(SLUG), SLUG).front.data
    assert "no date found in the page's metadata" in out


def test_every_change_is_listed_at_its_line_of_the_file(in_project, capsys):
    code, out, _ = import_post(str(POST), capsys)
    assert code == 0
    lines = in_project.essay(SLUG).read_text(encoding="utf-8").split("\n")
    listed = dict(re.findall(r"^  line (\d+): (.*)$", out, re.MULTILINE))
    breaks = {int(line): int(count) for line, what in listed.items()
              if (count := re.match(r"(\d+) line breaks? kept as", what) and what.split()[0])}
    assert {lines[line - 1] for line in breaks} == {HAIKU[0] + "\\", ADDRESS[0] + "\\"}
    for line, count in breaks.items():  # the breaks' lines end in a backslash, the paragraph's last does not
        assert all(text.endswith("\\") for text in lines[line - 1: line - 1 + count])
        assert not lines[line - 1 + count].endswith("\\")
    escaped = {int(line): what for line, what in listed.items() if "escaped" in what}
    assert sorted(what.split("'")[1] for what in escaped.values()) == ["2014.", "2017.", "2019."]
    for line, what in escaped.items():
        assert lines[line - 1].startswith(what.split("'")[1][:-1] + "\\.")
    # The page as a whole: the image, the video and the comment form that an essay cannot hold.
    dropped = next(line for line in out.splitlines() if line.startswith("  - dropped"))
    assert "1 <img> ('My desk, with the sticky note above the monitor')" in dropped
    assert "1 <iframe>" in dropped and "1 <form>" in dropped


def test_the_kept_paragraphs_are_not_listed_as_removed(in_project, capsys):
    # The haiku's lines and the curly quotes once made the kept text differ from the page's.
    code, out, _ = import_post(str(POST), capsys)
    removed = out.split("Removed as blog furniture", 1)[1]
    for kept in ("Silent queue", "2014.", "2019.", "favourite saying", "Harbour Street"):
        assert kept not in removed
    assert "Leave a Reply" in removed and "Proudly powered by WordPress" in removed


# --- the date: the page's own metadata, in order -------------------------------------------

ARTICLE_TIME = '<span class="posted-on"><time class="entry-date published" datetime="{}">a date</time></span>'
RECENT_TIME = '<aside><ul><li>Older post <time datetime="{}">then</time></li></ul></aside>'
JSON_LD = ('<script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [{{"@type": '
           '"WebSite", "name": "Queue Notes"}}, {{"@type": "BlogPosting", "datePublished": "{}"}}]}}</script>')
META = '<meta property="article:published_time" content="{}">'


def with_metadata(head: str = "", in_article: str = "", after: str = "") -> str:
    page = POST.read_text(encoding="utf-8")
    page = page.replace("</head>", head + "</head>")
    page = page.replace('<h1 class="entry-title">Three years at the front desk</h1>',
                        '<h1 class="entry-title">Three years at the front desk</h1>' + in_article)
    return page.replace("</body>", after + "</body>")


@pytest.mark.parametrize("page, date, source", [
    (with_metadata(META.format("2017-03-02T22:10:00+13:00"), ARTICLE_TIME.format("2017-03-05"),
                   JSON_LD.format("2017-03-06")), "2017-03-02", "article:published_time"),
    (with_metadata("", ARTICLE_TIME.format("2017-03-05T10:00:00Z"), JSON_LD.format("2017-03-06")),
     "2017-03-05", "<time datetime>"),
    (with_metadata("", "", JSON_LD.format("2017-03-06T08:00:00+00:00")), "2017-03-06", "JSON-LD datePublished"),
    # A value that is not a date is passed over, and said.
    (with_metadata(META.format("yesterday"), ARTICLE_TIME.format("2017-03-05")), "2017-03-05", "<time datetime>"),
    # So is a date no essay can have (a CMS's empty date, a year to come), for the next that can be.
    (with_metadata(META.format("0001-01-01T00:00:00Z"), "", JSON_LD.format("2017-03-06")), "2017-03-06",
     "JSON-LD datePublished"),
    (with_metadata(META.format("9999-12-31"), ARTICLE_TIME.format("2017-03-05")), "2017-03-05", "<time datetime>"),
    # Another post's date beside this one is not this post's.
    (with_metadata("", "", RECENT_TIME.format("2016-11-30")), None, None),
    (with_metadata(), None, None),
])
def test_the_date_is_only_the_pages_own(page, date, source):
    result = import_html(page)
    assert result.date == date
    said = [change.what for change in result.changes if change.line is None]
    if source:
        assert f"date {date} from the page's {source}" in said[0]
    else:
        assert said[0].startswith("no date found in the page's metadata")
    if "yesterday" in page:
        assert "article:published_time 'yesterday' is not a date" in said[0]
    if "9999-12-31" in page:
        assert "article:published_time '9999-12-31': '9999-12-31' is outside the years 1900 to" in said[0]


# --- any paragraph start stays text ----------------------------------------------------------

# What a line of a post may start with that Markdown reads as something else, and text after it.
STARTS = ["2014. ", "1. ", "3) ", "- ", "+ ", "* ", "# ", "###### ", "> ", "---", "===", "***", "___", "```",
          "~~~", "[a]: /x ", "[^1]: ", "<div>", "<!-- ", "&copy; ", "| a | b |", "|---|---|", ":--", "    ", ""]
TEXT = st.text(st.sampled_from(list("^{}%$@\t abXY019 .,;:!?'\"()-#>+*=_`~[]<&\\/|“”’—")), max_size=16)
LINE = st.builds(str.__add__, st.sampled_from(STARTS), TEXT).map(lambda line: " ".join(line.split())).filter(bool)


WRAPS = {"a paragraph": "<p>{}</p>", "a list's item": "<ul><li>{}</li></ul>",
         "a quote": "<blockquote><p>{}</p></blockquote>"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(WRAPS)), st.lists(LINE, min_size=1, max_size=4)),
                min_size=1, max_size=3))
def test_a_paragraph_shows_as_written_however_it_starts(texts):
    # Paragraphs of lines (a <br> between two), alone, in a list or in a quote: GitHub and the
    # site show each with those lines, and check accepts it.
    # (A paragraph between two: markdownify writes two lists one after the other as one list.)
    page = "<p>then</p>".join(WRAPS[wrap].format("<br>\n".join(html.escape(line) for line in lines))
                              for wrap, lines in texts)
    body, _ = markdown_of(page)
    expected = structure(page)
    assert structure(github(body)) == expected, body
    assert structure(essay_page(body)) == expected, body


@pytest.mark.parametrize("page, shown", [
    ("<ul><li>2014. a year<br># not a heading</li></ul>", "<ul><li>2014. a year<br>\n# not a heading</li></ul>"),
    ("<blockquote><p>2019. I left.<br>&gt; not nested</p></blockquote>",
     "<blockquote><p>2019. I left.<br>\n&gt; not nested</p></blockquote>"),
    ("<div>+ bare text<br><span>- in a span</span></div>", "<p>+ bare text<br>\n- in a span</p>"),
    ("<p>a<br><br>b</p>", "<p>a</p><p>b</p>"),  # two breaks in a row: a blank line, as the page showed
    ("<pre>2014. a<br>- b</pre>", "<pre><code>2014. a\n- b</code></pre>"),  # code: as it is
])
def test_a_line_in_a_list_or_quote_stays_text(page, shown):
    body, _ = markdown_of(page)
    assert structure(github(body)) == structure(essay_page(body)) == structure(shown), body


def test_a_line_break_in_code_is_kept_or_said():
    assert markdown_of("<pre>2014. a<br>- b</pre>")[0] == "```\n2014. a\n- b\n```\n"
    body, changes = markdown_of("<p>Type <code>git add<br>git commit</code> and wait.</p>")
    assert body == "Type `git add git commit` and wait.\n"
    assert [(change.line, change.what) for change in changes] == [
        (1, "a line break in code set in a line made a space: Markdown's code in a line has none")]


def test_a_change_inside_a_list_is_listed():
    body, changes = markdown_of("<ul><li>2014. a year<br># not a heading</li></ul>")
    assert body == "- 2014\\. a year\\\n  \\# not a heading\n"
    assert [(change.line, change.what.split(" so")[0]) for change in changes] == [
        (1, "'2014.' escaped as '2014\\.'"), (1, "1 line break kept as a hard break (a backslash at the line's end)"),
        (2, "'#' escaped as '\\#'")]


# --- a web address --------------------------------------------------------------------------


def in_windows_1252() -> str:
    """The post with its quotes and dashes as characters, not references: as Windows-1252 holds them."""
    return html.unescape(POST.read_text(encoding="utf-8").replace("&#8211;", "-"))


@functools.cache
def zeros_gzipped() -> bytes:
    return gzip.compress(bytes(16 * 1024 * 1024), compresslevel=9)


class Pages(http.server.BaseHTTPRequestHandler):
    """The test server's pages, each answering one way a fetch can go."""

    def do_GET(self):
        route = getattr(self, "page_" + self.path.strip("/").replace("-", "_"), None)
        if route is None:
            self.answer(404, "text/html", b"<h1>Not Found</h1>")
        else:
            route()

    def answer(self, status: int, kind: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def page_post(self):
        self.answer(200, "text/html; charset=UTF-8", POST.read_bytes())

    def page_moved(self):
        self.answer(301, "text/html", b"", Location="/post")

    def page_to_a_file(self):
        self.answer(302, "text/html", b"", Location="file:///etc/passwd")

    def page_loop(self):
        self.answer(302, "text/html", b"", Location="/loop")

    def page_many_tags(self):  # under 5 MB, and more tags than the importer should read one by one
        self.answer(200, "text/html", b"<html><body><article><p>" + b"x<br>" * 60_000 + b"</p></article></body></html>")

    def page_gone(self):
        self.answer(410, "text/html", b"<h1>Gone</h1>")

    def page_pdf(self):
        self.answer(200, "application/pdf", b"%PDF-1.4\n")

    def page_latin(self):  # declared UTF-8, written in Windows-1252
        self.answer(200, "text/html; charset=utf-8", in_windows_1252().encode("cp1252"))

    def page_windows(self):  # declared Windows-1252, and written in it: read as declared
        self.answer(200, "text/html; charset=windows-1252", in_windows_1252().encode("cp1252"))

    def page_huge(self):  # no Content-Length: only reading it says how large it is
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"word " * 1000 + b"</p>\n"
        for _ in range(limits.MAX_PAGE_BYTES // len(chunk) + 2):
            self.wfile.write(chunk)

    def page_huge_declared(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(limits.MAX_PAGE_BYTES + 1))
        self.end_headers()

    def page_silent(self):  # answers nothing for longer than a fetch waits
        time.sleep(3)

    def page_drip(self):  # a byte at a time, never done
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(40):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:  # the fetch gave up, as it should (a broken pipe, or reset)
            pass

    def page_slow_headers(self):  # the answer's head a byte at a time, never done
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ")
        try:
            for _ in range(300):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:  # the fetch gave up, as it should
            pass

    def page_gzip_bomb(self):  # sent compressed though asked not to: 16 MB of zeros a member, 2 GB in all
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        try:
            for _ in range(128):
                self.wfile.write(zeros_gzipped())
        except OSError:  # the fetch gave up, as it should
            pass

    def page_meta_only(self):  # the charset only in the page's <meta>
        self.answer(200, "text/html", in_windows_1252().replace('charset="UTF-8"', 'charset="windows-1252"')
                    .encode("cp1252"))

    def page_bom(self):  # UTF-8 with a byte order mark, which outranks the server's word
        self.answer(200, "text/html; charset=windows-1252", b"\xef\xbb\xbf" + in_windows_1252().encode("utf-8"))

    def page_to_http(self):  # from the https server to the same page on the plain one
        self.answer(302, "text/html", b"", Location=f"{self.plain_server}/post")

    def page_short(self):  # says 1000 bytes, sends 12 and closes
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<p>short</p>")
        self.close_connection = True

    def page_latin_1(self):  # declared ISO-8859-1, as many servers say of Windows-1252 text: a browser reads it so
        self.answer(200, "text/html; charset=ISO-8859-1", in_windows_1252().encode("cp1252"))

    def page_uncanonical(self):  # the post without its own address: the address fetched is the original
        self.answer(200, "text/html; charset=utf-8", re.sub(rb'<(?:link rel="canonical"|meta property="og:url")[^>]*>',
                                                            b"", POST.read_bytes()))

    def page_to_a_password(self):
        self.answer(302, "text/html", b"", Location=f"http://reader:secret@{self.headers['Host']}/uncanonical")

    def page_from_the_future(self):  # metadata that lies: a date no essay can have
        self.answer(200, "text/html; charset=utf-8", POST.read_bytes().replace(
            b"<title>", b'<meta property="article:published_time" content="9999-12-31T00:00:00Z"><title>'))

    def page_long_title(self):  # a title longer than any essay's may be
        self.answer(200, "text/html; charset=utf-8", POST.read_bytes().replace(
            b"Three years at the front desk", b"Three years " * 30))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_web_address_is_fetched_and_imported(in_project, capsys, server):
    code, out, err = import_post(f"{server}/moved", capsys)  # a redirect, followed
    assert code == 0, err
    essay = read_essay(in_project.essay(SLUG), SLUG)
    assert HAIKU in paragraphs(github(essay.body))
    assert essay.front.data["original_url"] == "https://queuenotes.example.org/2017/03/03/three-years-at-the-front-desk/"
    assert f"Created docs/essays/{SLUG}.md from {server}/moved" in out
    assert cli.main(["check"]) == 0


def test_a_page_in_the_encoding_it_declares_is_read_in_it(in_project, capsys, server):
    code, _, err = import_post(f"{server}/windows", capsys)
    assert code == 0, err
    assert SAYING in read_essay(in_project.essay(SLUG), SLUG).body


@pytest.mark.parametrize("path", ["/latin-1", "/meta-only", "/bom"])
def test_a_page_is_read_in_its_encoding_as_a_browser_reads_it(in_project, capsys, server, path):
    code, _, err = import_post(server + path, capsys)
    assert code == 0, err
    assert SAYING in read_essay(in_project.essay(SLUG), SLUG).body


def test_the_address_fetched_is_the_original_when_the_page_names_none(in_project, capsys, server):
    code, _, err = import_post(f"{server}/uncanonical", capsys)
    assert code == 0, err
    assert read_essay(in_project.essay(SLUG), SLUG).front.data["original_url"] == f"{server}/uncanonical"


def test_an_address_with_a_password_is_not_the_essays_original(in_project, capsys, server):
    code, out, err = import_post(f"{server}/to-a-password", capsys)
    assert code == 0, err
    assert "original_url" not in read_essay(in_project.essay(SLUG), SLUG).front.data
    left_out = re.search(r"the page's original_url '(.*)' is left out: (.*)", out)
    assert left_out and left_out[1].startswith("http://reader:secret@127.0.0.1:")
    assert left_out[2].startswith("is not an address a browser opens as written")
    assert cli.main(["check"]) == 0


def test_a_date_no_essay_can_have_is_left_out_and_said(in_project, capsys, server):
    code, out, err = import_post(f"{server}/from-the-future", capsys)
    assert code == 0, err
    assert "date" not in read_essay(in_project.essay(SLUG), SLUG).front.data
    assert "article:published_time '9999-12-31T00:00:00Z': '9999-12-31' is outside the years 1900 to" in out
    assert cli.main(["check"]) == 0


def test_a_slug_cannot_put_the_essay_outside_the_essays(in_project, capsys, server):
    before = in_project.snapshot()
    code, out, err = import_post(f"{server}/post", capsys, "--slug", "../../outside")
    assert code == 1 and "SLUG '../../outside' must be lowercase words joined by hyphens" in err
    assert in_project.snapshot() == before and not (in_project.root / "outside.md").exists()


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory, server):
    """The test server's pages over https, with a certificate of its own (made by openssl)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl makes the test server's certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", folder / "key.pem", "-out", folder / "cert.pem"],
                   check=True, capture_output=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", folder / "cert.pem"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("trusted, path, said", [
    (True, "/to-http", "redirected to http://"),
    (False, "/post", "the server's certificate cannot be trusted"),
])
def test_an_https_page_comes_encrypted_or_not_at_all(in_project, capsys, server, tls_server, monkeypatch,
                                                      trusted, path, said):
    address, certificate = tls_server
    if trusted:
        monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
        assert import_post(f"{address}/post", capsys)[0] == 0  # the certificate is trusted: fetched
        in_project.essay(SLUG).unlink()
    monkeypatch.setattr(Pages, "plain_server", server, raising=False)
    before = in_project.snapshot()
    code, out, err = import_post(address + path, capsys)
    assert code == 1 and err.startswith(f"error: {address}{path}: {said}") and err.count("\n") == 1
    assert in_project.snapshot() == before


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("path, said", [
    ("/gone", "the server answered HTTP 410 Gone"),
    ("/nowhere", "the server answered HTTP 404 Not Found"),
    ("/pdf", "not a web page (its type is application/pdf, not text/html)"),
    ("/latin", "its text cannot be read as utf-8"),
    ("/huge", "larger than 5 MB, too large for a blog post"),
    ("/huge-declared", "larger than 5 MB, too large for a blog post"),
    ("/to-a-file", "not an address that can be fetched (only http:// and https://, redirects included)"),
    ("/loop", "more than 5 redirects"),
    ("/silent", "no whole page within 1 seconds"),
    ("/drip", "no whole page within 1 seconds"),
    ("closed port", "cannot connect to the server"),
    ("file:///etc/passwd", "only http:// and https:// addresses can be fetched"),
    ("ftp://127.0.0.1/post.html", "only http:// and https:// addresses can be fetched"),
    ("/slow-headers", "no whole page within 1 seconds"),
    ("/gzip-bomb", "larger than 5 MB, too large for a blog post"),
    ("/short", "the server's answer is broken (cut short, or not HTTP)"),
    ("/many-tags", "more than 50,000 HTML tags, far more than a blog post's page; save the post's text as a "
                   "plain-text file and import that"),
    ("http://reader:secret@127.0.0.1/post", "a user name or password in the address: a published post needs"),
    ("/long-title", "title: is longer than 200 characters; shorten it (nothing was written"),
])
def test_a_page_that_cannot_be_fetched_or_read_is_said_in_one_line(in_project, capsys, server, monkeypatch,
                                                                    path, said):
    monkeypatch.setattr(limits, "FETCH_SECONDS", 1.0)
    address = (f"http://127.0.0.1:{free_port()}/post" if path == "closed port"
               else path if "://" in path else server + path)
    before = in_project.snapshot()
    started = time.monotonic()
    code, out, err = import_post(address, capsys)
    assert code == 1
    assert err == f"error: {address}: {said}" + err.split(said, 1)[1]
    assert err.count("\n") == 1 and "Traceback" not in err + out
    assert in_project.snapshot() == before
    assert time.monotonic() - started < 10  # bounded: the fetch gives up, it does not hang


# --- a saved file ------------------------------------------------------------------------------


def test_a_scrape_keeps_its_years_and_lists_what_it_restored(in_project, capsys, tmp_path):
    # A plain-text copy loses the post's structure; the importer restores lists and headings,
    # says so at their lines, and a year is not a list's number.
    scrape = tmp_path / "post.txt"
    scrape.write_text("Three years at the front desk\n"
                      "When people ask me what support work is like, I tell them about three years.\n"
                      "2014. I answered my first ticket for a small accounting app.\n"
                      "2017. I became the lead of a team of four.\n"
                      "• patience with the first reply\n"
                      "• curiosity about the second\n"
                      "Leave a Reply\n"
                      "Nice post!\n", encoding="utf-8")
    code, out, err = import_post(str(scrape), capsys)
    assert code == 0, err
    body = read_essay(in_project.essay(SLUG), SLUG).body
    shown = paragraphs(essay_page(body))
    assert [["2014. I answered my first ticket for a small accounting app."],
            ["2017. I became the lead of a team of four."]] == [lines for lines in shown if lines[0][:2] == "20"]
    assert structure(github(body)) == structure(essay_page(body))
    lines = in_project.essay(SLUG).read_text(encoding="utf-8").split("\n")
    listed = dict(re.findall(r"^  line (\d+): (.*)$", out, re.MULTILINE))
    assert {lines[int(line) - 1]: what for line, what in listed.items()} == {
        "2014\\. I answered my first ticket for a small accounting app.":
            "'2014.' escaped as '2014\\.' so that it is not read as a numbered list",
        "2017\\. I became the lead of a team of four.":
            "'2017.' escaped as '2017\\.' so that it is not read as a numbered list",
        "- patience with the first reply": "made a list",
    }
    assert "the first line, 'Three years at the front desk', taken as the title" in out
    assert "Nice post!" in out.split("Removed as blog furniture", 1)[1]


def test_a_saved_page_is_read_in_the_encoding_it_declares(in_project, capsys, tmp_path):
    page = tmp_path / "post.html"
    page.write_bytes(in_windows_1252().replace('charset="UTF-8"', 'charset="windows-1252"').encode("cp1252"))
    code, _, err = import_post(str(page), capsys)
    assert code == 0, err
    assert SAYING in read_essay(in_project.essay(SLUG), SLUG).body


@pytest.mark.parametrize("name, content, said", [
    ("post.txt", "A year at the desk\nI started in 2014 – and I’m still here.\n".encode("cp1252"),
     "its text cannot be read as utf-8 (line 2 has a byte that is not utf-8); save the page again as UTF-8"),
    ("post.html", b"<p>" + b"word " * (limits.MAX_PAGE_BYTES // 5) + b"</p>",
     "larger than 5 MB, too large for a blog post"),
    # A page of line breaks took the importer a minute and a gigabyte at 5 MB.
    ("post.html", b"<p>" + b"x<br>" * 60_000 + b"</p>", "more than 50,000 HTML tags, far more than a blog post's "
     "page; save the post's text as a plain-text file and import that"),
])
def test_a_saved_file_that_cannot_be_read_is_said_in_one_line(in_project, capsys, tmp_path, name, content, said):
    source = tmp_path / name
    source.write_bytes(content)
    before = in_project.snapshot()
    code, out, err = import_post(str(source), capsys)
    assert (code, err) == (1, f"error: {source}: {said}\n")
    assert in_project.snapshot() == before


def test_a_page_saved_on_windows_imports_as_the_same_essay(in_project, capsys, tmp_path):
    # A byte order mark and CRLF line ends, as Windows editors save: the same essay, line for line.
    assert import_post(str(POST), capsys, "--slug", "as-saved")[0] == 0
    page = tmp_path / "post.htm"
    page.write_bytes(b"\xef\xbb\xbf" + POST.read_bytes().replace(b"\n", b"\r\n"))
    code, _, err = import_post(str(page), capsys, "--slug", "on-windows")
    assert code == 0, err
    assert in_project.essay("on-windows").read_bytes() == in_project.essay("as-saved").read_bytes()


@pytest.mark.parametrize("source, address", [
    ("https://queuenotes.example.org/2017/03/03/x/", True), ("HTTP://EXAMPLE.ORG/", True),
    ("file:///home/me/post.html", True), (r"C:\Users\me\Downloads\post.html", False),
    ("~/Downloads/post.html", False), ("posts/2017:03:03.html", False),
])
def test_a_source_is_a_web_address_only_when_it_says_so(source, address):
    assert fetching.is_address(source) is address


def test_a_page_holding_the_importers_placeholders_gets_no_line_break_from_them():
    # The importer marks line breaks with non-characters while it works; a page's own are taken
    # out (they are not text: check refuses them), and said.
    page = POST.read_text(encoding="utf-8").replace("the coffee goes cold", "the coffee\ufdd0 goes\ufdd2 cold")
    result = import_html(page)
    assert "Silent queue at dawn —\\\none ticket blinks, then another\\\nthe coffee goes cold\n" in result.body
    assert "2 characters U+FDD0 to U+FDD4 (not text) taken out" in [change.what for change in result.changes]


@pytest.mark.parametrize("reference", ["&#27;", "&#x1B;", "&#x1b", "&#8;", "&#xFFFE;"])
def test_a_reference_to_a_character_that_is_not_text_does_not_lose_the_post(reference):
    # One such reference anywhere made the page's tree unreadable to the extractor: "no essay text
    # found". A browser shows nothing for it; it is taken out, and said.
    page = POST.read_text(encoding="utf-8").replace("the coffee goes cold", f"the coffee {reference}goes cold")
    result = import_html(page)
    assert "Silent queue at dawn —\\\none ticket blinks, then another\\\nthe coffee goes cold\n" in result.body
    assert f"1 reference to a character that is not text ({reference}) taken out" in [
        change.what for change in result.changes]
