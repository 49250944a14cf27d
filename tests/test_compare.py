"""`python -m anthology_dev compare OLD NEW`: two built sites, byte for byte, a difference named where it is."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest

from anthology_dev import __main__ as dev

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <title>Six reasons we keep coming back</title>
  </head>
  <body>
    <h1>Six reasons we keep coming back</h1>
    <p>“The thank-you at the end of a call.” 客户支持不只是回答问题。</p>
  </body>
</html>
"""
MEMBERS = [("mimetype", b"application/epub+zip"),
           ("META-INF/container.xml", b"<?xml version='1.0'?><container/>"),
           ("EPUB/text/chapter-1.xhtml", "<p>“The thank-you at the end of a call.”</p>\n".encode()),
           ("EPUB/cover.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))]


def write_epub(path: Path, members=MEMBERS, date=(2017, 5, 1, 0, 0, 0)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as book:
        for name, data in members:
            book.writestr(zipfile.ZipInfo(name, date_time=date), data)


@pytest.fixture
def sites(tmp_path) -> tuple[Path, Path]:
    """Two identical tiny sites: a page, a feed, a catalog, an ebook, a sitemap and Pagefind's files."""
    old = tmp_path / "old"
    (old / "essays" / "six-reasons").mkdir(parents=True)
    (old / "essays" / "six-reasons" / "index.html").write_text(PAGE, encoding="utf-8")
    (old / "feed.xml").write_text("<rss><channel><title>Support Writing Anthology</title></channel></rss>\n")
    (old / "anthology.json").write_text('{\n  "version": 2,\n  "essays": []\n}\n')
    (old / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=1796515200))
    write_epub(old / "editions" / "anthology.epub")
    for name in ("fragment/en_6082e1e.pf_fragment", "filter/en_2e2f79e.pf_filter", "pagefind.en_82397c581e.pf_meta",
                 "pagefind-entry.json"):
        (old / "pagefind" / name).parent.mkdir(parents=True, exist_ok=True)
        (old / "pagefind" / name).write_bytes(b"one build")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    return old, new


def compare(old: Path, new: Path, capsys) -> tuple[int, str]:
    code = dev.main(["compare", str(old), str(new)])
    return code, capsys.readouterr().out


ASIDE = "set aside: pagefind/filter/*, pagefind/pagefind.*.pf_meta, pagefind/pagefind-entry.json"


def test_identical_sites_are_the_same_bytes_with_pagefinds_unstable_files_set_aside(sites, capsys):
    old, new = sites
    # What differs between any two builds: the filters (renamed by their hash), the meta and entry files.
    (new / "pagefind" / "filter" / "en_2e2f79e.pf_filter").rename(new / "pagefind" / "filter" / "en_c02b6a4.pf_filter")
    (new / "pagefind" / "pagefind.en_82397c581e.pf_meta").rename(new / "pagefind" / "pagefind.en_7cf84dc033.pf_meta")
    (new / "pagefind" / "pagefind-entry.json").write_bytes(b"another build")
    code, out = compare(old, new, capsys)
    assert code == 0, out
    assert out == f"6 files compared ({ASIDE}): the same bytes.\n"


def test_a_changed_search_fragment_is_named(sites, capsys):
    old, new = sites
    (new / "pagefind" / "fragment" / "en_6082e1e.pf_fragment").write_bytes(b"another build")
    code, out = compare(old, new, capsys)
    assert code == 1
    assert out.startswith("pagefind/fragment/en_6082e1e.pf_fragment: differs\n")


def test_a_changed_byte_in_a_page_is_named_with_its_line(sites, capsys):
    old, new = sites
    page = new / "essays" / "six-reasons" / "index.html"
    page.write_bytes(page.read_bytes().replace("客户支持".encode(), "客戶支持".encode()))
    code, out = compare(old, new, capsys)
    assert code == 1
    assert out.startswith("essays/six-reasons/index.html: differs\n    first difference at line 8\n")
    assert "    -    <p>“The thank-you at the end of a call.” 客户支持不只是回答问题。</p>" in out
    assert "    +    <p>“The thank-you at the end of a call.” 客戶支持不只是回答问题。</p>" in out
    assert out.endswith(f"6 files compared ({ASIDE}): 1 differ.\n")


def test_a_changed_ebook_member_is_named_inside_the_ebook(sites, capsys):
    old, new = sites
    changed = [(name, data.replace(b"call", b"chat")) for name, data in MEMBERS]
    write_epub(new / "editions" / "anthology.epub", changed)
    code, out = compare(old, new, capsys)
    assert code == 1
    assert "editions/anthology.epub!EPUB/text/chapter-1.xhtml: differs\n" in out
    assert "    +<p>“The thank-you at the end of a chat.”</p>" in out
    assert out.count(": differ") == 1  # no other member is named


def test_an_ebook_with_members_reordered_or_redated_says_so(sites, capsys):
    old, new = sites
    write_epub(new / "editions" / "anthology.epub", [MEMBERS[1], MEMBERS[0], *MEMBERS[2:]])
    code, out = compare(old, new, capsys)
    assert code == 1
    assert "editions/anthology.epub: members differ in names or order" in out
    write_epub(new / "editions" / "anthology.epub", date=(2026, 12, 6, 16, 3, 50))
    code, out = compare(old, new, capsys)
    assert code == 1
    assert "editions/anthology.epub!mimetype: member's date or compression differs" in out
    assert "new: (2026, 12, 6, 16, 3, 50), compression 0" in out


def test_a_binary_member_and_a_gzip_header_are_told_apart(sites, capsys):
    old, new = sites
    changed = [(name, data[:-1] + b"\x00" if name.endswith(".png") else data) for name, data in MEMBERS]
    write_epub(new / "editions" / "anthology.epub", changed)
    (new / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=1796601600))
    code, out = compare(old, new, capsys)
    assert code == 1
    assert ("editions/anthology.epub!EPUB/cover.png: differs\n"
            "    binary: 264 bytes against 264, first different byte at offset 263") in out
    assert "sitemap.xml.gz: gzip header's modification time differs\n    old: 1796515200, new: 1796601600" in out
    assert "sitemap.xml.gz!content" not in out


def test_a_file_on_one_side_only_is_named(sites, capsys):
    old, new = sites
    (old / "feed.json").write_text("{}\n")
    (new / "anthology.json").unlink()
    code, out = compare(old, new, capsys)
    assert code == 1
    assert f"anthology.json: only in {old}\n" in out
    assert f"feed.json: only in {old}\n" in out
    assert out.endswith(f"7 files compared ({ASIDE}): 2 differ.\n")


def test_a_long_minified_line_is_shown_where_it_differs(sites, capsys):
    old, new = sites
    line = ",".join(f'"essay-{n}"' for n in range(400))
    (old / "anthology.json").write_text(line + "\n")
    (new / "anthology.json").write_text(line.replace('"essay-300"', '"essay-3OO"') + "\n")
    code, out = compare(old, new, capsys)
    assert code == 1
    shown = [row for row in out.splitlines() if row.startswith("    +") and not row.startswith("    +++")]
    assert len(shown) == 1 and '"essay-3OO"' in shown[0] and len(shown[0]) < 200


def test_a_missing_folder_is_an_error_not_a_difference(sites, tmp_path, capsys):
    old, _ = sites
    assert dev.main(["compare", str(old), str(tmp_path / "nowhere")]) == 2
    assert "nowhere' is not a folder" in capsys.readouterr().err
    # `make compare` without OLD or NEW passes an empty string, which is not the current folder.
    assert dev.main(["compare", "", str(old)]) == 2
    assert "'' is not a folder (make compare OLD=folder NEW=folder)" in capsys.readouterr().err


def test_a_file_too_large_to_diff_shows_its_first_differing_lines(sites, capsys, monkeypatch):
    from anthology_dev import compare as compare_module

    monkeypatch.setattr(compare_module, "DIFF_LIMIT", 100)
    old, new = sites
    page = new / "essays" / "six-reasons" / "index.html"
    page.write_text(PAGE.replace("</h1>", "</h1>\n<p>Added.</p>"), encoding="utf-8")
    code, out = compare(old, new, capsys)
    assert code == 1
    assert ("essays/six-reasons/index.html: differs\n"
            "    first difference at line 8 (too large to diff whole: the first two lines that differ)\n"
            "    -    <p>“The thank-you at the end of a call.” 客户支持不只是回答问题。</p>\n"
            "    +<p>Added.</p>\n") in out
