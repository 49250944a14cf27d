"""A throwaway copy of the anthology's configuration, for the tests and the benchmark.

It points at this checkout's theme overrides (the plugin is installed), so an anthology in any
folder builds exactly as the real one does.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def project_config(root: Path, folder: Path) -> Path:
    """A copy of the project's mkdocs.yml for `folder`, using this checkout's theme overrides."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {root / 'overrides'}")
    shutil.copy(root / "CONTRIBUTING.md", folder / "CONTRIBUTING.md")
    path = folder / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    return path
