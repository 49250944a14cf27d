"""Every page the build writes is valid HTML, by the W3C Nu Html Checker (vnu-jar, from npm)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

from conftest import ROOT, require as _require

VNU = ROOT / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_built_page_is_valid_html(site):
    _require(shutil.which("java") is not None, "no Java runtime: apt-get install -y default-jre-headless")
    _require(VNU.is_file(), f"vnu.jar not found at {VNU}: run make install-test")
    pages = sorted(str(p) for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 20
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit(str(site), 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert errors == [], "\n".join(errors[:20])


def test_no_published_page_links_to_a_local_address(site):
    # The guide names the preview's address as text; a link to it would lead a reader nowhere.
    for path in site.rglob("*.html"):
        for address in re.findall(r'(?:href|src|action)="([^"]*)"', path.read_text(encoding="utf-8")):
            assert not re.match(r"(https?:)?//(127\.|localhost|\[::1\])", address), (path, address)


def test_the_audit_server_answers_with_gzip_like_github_pages(site):
    # `make audit` measures an essay's first visit as GitHub Pages would send it: compressed.
    import gzip
    import urllib.request

    from anthology_dev.static_server import SiteServer

    served = SiteServer(site, compress=True)
    try:
        request = urllib.request.Request(served.url + "essays/this-is-my-jam/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = gzip.decompress(response.read())
        assert body == (site / "essays" / "this-is-my-jam" / "index.html").read_bytes()
        with urllib.request.urlopen(served.url + "essays/this-is-my-jam/") as plain:
            assert plain.headers["Content-Encoding"] is None
    finally:
        served.stop()
