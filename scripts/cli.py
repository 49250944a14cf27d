"""The anthology's command line: `python scripts/cli.py check` (and, later, new/import/bench).

Each command is behind a Make target; `--help` on every command says what it does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from anthology.catalog import Sources, load_catalog  # noqa: E402
from anthology.problems import AnthologyError  # noqa: E402


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every essay and registry without rendering the site."""
    sources = Sources(docs_dir=Path(args.docs), shown_root=Path.cwd())
    try:
        catalog = load_catalog(sources)
    except AnthologyError as err:
        for problem in err.problems:
            print(problem.github() if args.format == "github" else str(problem))
        count = len(err.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    print(f"OK: {len(catalog.essays)} essays, {len(catalog.prompts)} prompts, "
          f"{len(catalog.authors)} authors.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="anthology", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help=cmd_check.__doc__, description=cmd_check.__doc__)
    check.add_argument("--docs", default="docs", help="the docs folder (default: docs)")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="'github' prints workflow annotations for pull requests")
    check.set_defaults(run=cmd_check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
