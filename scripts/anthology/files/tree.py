"""What is under docs/, looked at before anything is read, without following anything.

docs/ is the contributors' area and MkDocs publishes whatever it finds there, following links.
So every entry is looked at with lstat first: a symbolic link (to a file or a folder), a device,
a pipe or a socket is refused at its path, as is any file that is not an essay, a registry or
an image of its own kind and size. Nothing here opens a file but to read an image's header.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageSequence

from anthology.rules.addresses import (
    AUTHORS_FILE,
    ESSAYS_DIR,
    ID_WORDS,
    IMAGES_DIR,
    PROMPTS_FILE,
    REGISTRY_DIR,
    WINDOWS_NAMES,
    slug_for,
)
from anthology.rules.limits import MAX_ENTRIES, MAX_IMAGE_BYTES, MAX_IMAGE_DECODED, MAX_IMAGE_FRAMES, MAX_IMAGE_PIXELS
from anthology.rules.problems import Problem
from anthology.rules.schema import MESSAGES

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs builds as pages
# An image is what its name says: Pillow reads its header (never the pixels) as this format.
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
IMAGE_NAME = re.compile(ID_WORDS + r"\.(?:png|jpe?g|gif|webp)")


@dataclass
class Tree:
    """The files under docs/ that the anthology may read, and the problems with the rest."""

    essays: list[Path] = field(default_factory=list)
    registries: dict[str, Path] = field(default_factory=dict)  # by file name
    images: dict[str, Path] = field(default_factory=dict)  # by file name
    problems: list[Problem] = field(default_factory=list)
    # Entries no build may go near (a link, a device, too many): even a preview stops on them.
    dangerous: list[Problem] = field(default_factory=list)


def scan(docs_dir: Path, essays: str, registry: str, shown) -> Tree:
    """Every entry under `docs_dir`, sorted into a `Tree`. `essays` and `registry` are the
    folder names (plugin options); `shown(path)` names a path in messages. Looks at no more
    than MAX_ENTRIES entries; follows no link."""
    tree = Tree()
    if docs_dir.is_symlink() or not docs_dir.is_dir():
        _danger(tree, shown(docs_dir), "must be a folder, not a link or a file")
        return tree
    folders, count = [docs_dir], 0
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            count += 1
            if count > MAX_ENTRIES:
                _danger(tree, shown(docs_dir), f"holds more than {MAX_ENTRIES:,} files and folders")
                return tree
            path = Path(entry.path)
            status = entry.stat(follow_symlinks=False)
            mode = status.st_mode
            if stat.S_ISLNK(mode):
                _danger(tree, shown(path), "is a symbolic link: the build does not follow links; "
                        "commit the file itself")
            elif stat.S_ISDIR(mode):
                folders.append(path)
            elif not stat.S_ISREG(mode):
                _danger(tree, shown(path), "is not a regular file (a device, a pipe or a socket)")
            elif not entry.name.startswith("."):  # MkDocs skips hidden files, as we do
                _sort(tree, path, path.relative_to(docs_dir), status.st_size, essays, registry, shown)
    tree.essays.sort()
    return tree


def _danger(tree: Tree, shown: str, message: str) -> None:
    problem = Problem(shown, None, None, message)
    tree.problems.append(problem)
    tree.dangerous.append(problem)


def _sort(tree: Tree, path: Path, relative: Path, size: int, essays: str, registry: str, shown) -> None:
    folder = relative.parent.as_posix()
    if folder == essays and relative.suffix == ".md":
        tree.essays.append(path)
    elif folder == registry and relative.name in (AUTHORS_FILE, PROMPTS_FILE):
        tree.registries[relative.name] = path
    elif folder == IMAGES_DIR:
        problem = _image_problem(path, relative.name, size)
        if problem:
            tree.problems.append(Problem(shown(path), None, None, problem))
        else:
            tree.images[relative.name] = path
    else:
        tree.problems.append(Problem(shown(path), None, None, _stray_message(relative, essays)))


def _image_problem(path: Path, name: str, size: int) -> str | None:
    if not IMAGE_NAME.fullmatch(name):
        return ("is not an image name the site takes: lowercase words joined by hyphens, ending "
                f"{', '.join(sorted(IMAGE_FORMATS))}, like 'my-team.png'")
    if Path(name).stem in WINDOWS_NAMES:
        return MESSAGES["windows"].format(value=name)
    if size > MAX_IMAGE_BYTES:
        return (f"is {-(-size // 1024):,} KB; images may be {MAX_IMAGE_BYTES // 1024:,} KB at most: "
                "save it smaller (a width of 1,600 pixels is plenty)")
    suffix = Path(name).suffix
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[IMAGE_FORMATS[suffix]]) as image:
                width, height = image.size
                if width * height <= MAX_IMAGE_PIXELS:
                    return _frames_problem(image, suffix)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        pass  # far more than the limit: Pillow would not even say how many
    except (OSError, ValueError, SyntaxError):
        return f"is not a {suffix[1:].upper()} image, whatever its name says"
    return (f"is more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels, the most an image may have (a "
            "small file can hold a huge picture that a phone must unpack): save it smaller")


def _frames_problem(image: Image.Image, suffix: str) -> str | None:
    """Every frame decoded, as a browser and the ebooks' check for animation will decode them:
    a valid header can hide frames that cannot be read."""
    frames = pixels = 0  # read whole
    try:
        for frame in ImageSequence.Iterator(image):
            pixels += frame.size[0] * frame.size[1]
            if frames == MAX_IMAGE_FRAMES or pixels > MAX_IMAGE_DECODED:
                return (f"has more than {MAX_IMAGE_FRAMES} frames, or more than {MAX_IMAGE_DECODED // 1_000_000} "
                        "million pixels in all its frames: save a shorter or smaller animation, or a still image")
            frame.load()
            frames += 1
    # A damaged file makes Pillow's decoders raise many kinds of error (struct.error, EOFError,
    # IndexError ...): whatever it is, the image cannot be shown.
    except Exception:  # noqa: BLE001
        return (f"is a damaged {suffix[1:].upper()} image: frame {frames + 1} cannot be read; save it again "
                "from an image editor")
    return None


def _stray_message(relative: Path, essays: str) -> str:
    if relative.as_posix().startswith(essays + "/") or relative.suffix.lower() in MARKDOWN_SUFFIXES:
        return (f"is not where essays go: an essay is docs/{essays}/<slug>.md (no sub-folders, "
                f"the '.md' ending); move it to docs/{essays}/{slug_for(relative.stem)}.md")
    return (f"is not an essay, a registry or an image: docs/ holds only docs/{essays}/<slug>.md, "
            f"the two registries and images in docs/{IMAGES_DIR}/; the site's own files live outside docs/")



@dataclass
class Sources:
    """Where the anthology's files are, and how to name them in messages."""

    docs_dir: Path
    shown_root: Path  # paths in messages are relative to this (the project folder)
    essays: str = ESSAYS_DIR  # folders under docs_dir
    registry: str = REGISTRY_DIR

    def __post_init__(self) -> None:
        # Absolute, not resolved: a link is looked at, never followed (anthology.files.tree).
        self.docs_dir = self.docs_dir.absolute()
        self.shown_root = self.shown_root.absolute()

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.shown_root).as_posix()
        except ValueError:
            return path.as_posix()

    def scan(self) -> Tree:
        return scan(self.docs_dir, self.essays, self.registry, self.shown)

    def registry_file(self, name: str) -> Path:
        return self.docs_dir / self.registry / name
