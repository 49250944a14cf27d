"""`python -m anthology_dev compare OLD NEW`: two built sites, file by file, byte for byte.

Every file under both folders is compared: the same paths, the same bytes. Three of Pagefind's
files are set aside: its filters (a filter's values are written in a different order by each run,
so the file's bytes and its hashed name change), the metadata file and the entry file, which name
them by hash. Its fragments, word index and scripts are the same bytes from build to build and are
compared. A zip (an ebook) that differs is opened and compared member by member (names, order,
bytes, dates), a gzip file by its header and its content, so that a difference is named where it
is; a text file's difference is shown as a short unified diff.
"""

from __future__ import annotations

import difflib
import fnmatch
import gzip
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# Pagefind's files that differ between any two builds of the same source (see the docstring).
SET_ASIDE = ("pagefind/filter/*", "pagefind/pagefind.*.pf_meta", "pagefind/pagefind-entry.json")
ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"
DIFF_LINES = 12  # lines of unified diff shown for one file
LINE_WIDTH = 160  # characters of one diff line shown, around where the two lines part
DIFF_LIMIT = 2_000_000  # bytes: a larger text file is not diffed, only its first difference located


@dataclass
class Difference:
    """One way in which the two sites differ: a path (a zip member after `!`), what, and detail lines."""

    path: str
    what: str
    detail: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join([f"{self.path}: {self.what}", *(f"    {line}" for line in self.detail)])


def site_files(site: Path, set_aside: tuple[str, ...] = SET_ASIDE) -> list[str]:
    """The files under `site` as sorted POSIX paths, those matching a set-aside pattern left out."""
    found = (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return sorted(path for path in found if not any(fnmatch.fnmatchcase(path, aside) for aside in set_aside))


def compare_sites(old: Path, new: Path, set_aside: tuple[str, ...] = SET_ASIDE) -> list[Difference]:
    """Every difference between two built sites, in path order."""
    old_files, new_files = set(site_files(old, set_aside)), set(site_files(new, set_aside))
    differences = []
    for path in sorted(old_files | new_files):
        if path not in new_files:
            differences.append(Difference(path, f"only in {old}"))
        elif path not in old_files:
            differences.append(Difference(path, f"only in {new}"))
        else:
            differences += compare_bytes(path, (old / path).read_bytes(), (new / path).read_bytes())
    return differences


def compare_bytes(path: str, old: bytes, new: bytes) -> list[Difference]:
    """How two versions of one file differ: nothing, zip members, gzip parts, text lines or bytes."""
    if old == new:
        return []
    if old.startswith(ZIP_MAGIC) and new.startswith(ZIP_MAGIC):
        return compare_zips(path, old, new)
    if old.startswith(GZIP_MAGIC) and new.startswith(GZIP_MAGIC):
        return compare_gzips(path, old, new)
    return [Difference(path, "differs", describe(old, new))]


def compare_zips(path: str, old: bytes, new: bytes) -> list[Difference]:
    """Two zips member by member: the list of names in order, then each member's bytes and date."""
    try:
        old_zip, new_zip = zipfile.ZipFile(io.BytesIO(old)), zipfile.ZipFile(io.BytesIO(new))
    except zipfile.BadZipFile as err:
        return [Difference(path, f"differs (not a readable zip: {err})", describe(old, new))]
    old_names, new_names = old_zip.namelist(), new_zip.namelist()
    differences = []
    if old_names != new_names:
        listing = difflib.unified_diff(old_names, new_names, "old members", "new members", n=1, lineterm="")
        differences.append(Difference(path, "members differ in names or order", capped(listing)))
    in_both = set(old_names) & set(new_names)
    for name in (name for name in old_names if name in in_both):
        old_info, new_info = old_zip.getinfo(name), new_zip.getinfo(name)
        differences += compare_bytes(f"{path}!{name}", old_zip.read(name), new_zip.read(name))
        if (old_info.date_time, old_info.compress_type) != (new_info.date_time, new_info.compress_type):
            differences.append(Difference(f"{path}!{name}", "member's date or compression differs", [
                f"old: {old_info.date_time}, compression {old_info.compress_type}",
                f"new: {new_info.date_time}, compression {new_info.compress_type}"]))
    if not differences:
        differences.append(Difference(path, "differs, though every member's name, bytes and date are the same "
                                            "(the zip's own records: comments, extra fields or compression)"))
    return differences


def compare_gzips(path: str, old: bytes, new: bytes) -> list[Difference]:
    """Two gzip files: the header's modification time, then the content they hold."""
    try:
        old_content, new_content = gzip.decompress(old), gzip.decompress(new)
    except (OSError, EOFError) as err:
        return [Difference(path, f"differs (not a readable gzip: {err})", describe(old, new))]
    differences = compare_bytes(f"{path}!content", old_content, new_content)
    old_time, new_time = int.from_bytes(old[4:8], "little"), int.from_bytes(new[4:8], "little")
    if old_time != new_time:
        differences.append(Difference(path, "gzip header's modification time differs",
                                      [f"old: {old_time}, new: {new_time} (seconds since 1970)"]))
    if not differences:
        differences.append(Difference(path, "differs, though its content and time are the same (the compression)"))
    return differences


def describe(old: bytes, new: bytes) -> list[str]:
    """Detail lines for two different files: a capped unified diff for text, sizes and an offset for bytes."""
    try:
        old_text, new_text = old.decode("utf-8"), new.decode("utf-8")
    except UnicodeDecodeError:
        at = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        return [f"binary: {len(old)} bytes against {len(new)}, first different byte at offset {at}"]
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b), min(len(old_lines), len(new_lines)))
    first = f"first difference at line {line + 1}"
    if old_lines == new_lines:
        return [f"{first}: the same lines, different line endings or final newline"]
    old_line = old_lines[line] if line < len(old_lines) else ""
    new_line = new_lines[line] if line < len(new_lines) else ""
    column = parting(old_line, new_line)
    if max(len(old), len(new)) > DIFF_LIMIT:
        return [f"{first} (too large to diff whole: the first two lines that differ)",
                *capped([f"-{old_line}", f"+{new_line}"], column)]
    listing = difflib.unified_diff(old_lines, new_lines, "old", "new", n=1, lineterm="")
    return [first, *capped(listing, column)]


def parting(old_line: str, new_line: str) -> int:
    """Where two lines first differ (a column from 0)."""
    return next((i for i, (a, b) in enumerate(zip(old_line, new_line)) if a != b), min(len(old_line), len(new_line)))


def capped(lines, column: int = 0) -> list[str]:
    """At most DIFF_LINES lines, each cut to LINE_WIDTH characters around `column` (minified files are one line)."""
    shown = []
    for count, line in enumerate(lines):
        if count == DIFF_LINES:
            shown.append("... (diff cut here)")
            break
        start = max(0, column - LINE_WIDTH // 2) if len(line) > LINE_WIDTH else 0
        cut = line[:1] + line[1 + start:1 + start + LINE_WIDTH] if start else line[:LINE_WIDTH]
        shown.append(cut + (" ..." if len(line) > start + LINE_WIDTH + 1 else ""))
    return shown


def report(old: Path, new: Path, differences: list[Difference], set_aside: tuple[str, ...] = SET_ASIDE) -> str:
    """What a person reads: every difference, then one summary line."""
    compared = len(set(site_files(old, set_aside)) | set(site_files(new, set_aside)))
    aside = ", ".join(set_aside) or "nothing"
    paths = len({d.path.split("!", 1)[0] for d in differences})
    summary = (f"{compared} files compared (set aside: {aside}): "
               + ("the same bytes." if not differences else f"{paths} differ."))
    return "\n".join([*(str(d) for d in differences), summary])
