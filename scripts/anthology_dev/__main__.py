"""The developers' commands: bench, audit and compare, behind `make bench`, `make audit` and `make compare`.

Run `python -m anthology_dev COMMAND --help` for any of them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from anthology_dev import audit, bench, compare


def cmd_bench(args: argparse.Namespace) -> int:
    """Build synthetic anthologies of N essays, the project against the floor; print JSON, then a table."""
    root = Path(__file__).resolve().parents[2]
    measure = None if args.no_search else bench.search_bytes
    results = []
    for shape in args.shape:
        for n in args.n:
            result = bench.run(root, n, shape, repeats=args.repeats, measure_search=measure,
                               one_cpu=not args.no_one_cpu)
            print(json.dumps(result), flush=True)
            results.append(result)
    for linear in bench.linearity(results):
        print(json.dumps(linear), flush=True)
    if results:
        print(bench.table(results), file=sys.stderr)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    """Lighthouse against the built site, plain and gzip: median scores per page, essays' first-visit bytes."""
    results = []
    for result in audit.run(Path(args.site), Path(args.lighthouse), args.chrome, runs=args.runs,
                            kinds=args.pages, servings=args.served):
        print(json.dumps(result), flush=True)  # as each page is measured: a run takes minutes
        results.append(result)
    held = all(target["holds"] for result in results for target in result["targets"].values())
    print("every target holds" if held else "some targets do not hold", file=sys.stderr)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Two built sites, file by file, byte for byte: print what differs; exit 1 if anything does."""
    for given in (args.old, args.new):
        if not given.strip() or not Path(given).is_dir():
            print(f"error: {given!r} is not a folder (make compare OLD=folder NEW=folder)", file=sys.stderr)
            return 2  # not 1, which says the sites differ
    old, new = Path(args.old), Path(args.new)
    differences = compare.compare_sites(old, new)
    print(compare.report(old, new, differences))
    return 1 if differences else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="anthology_dev", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    bench_command = commands.add_parser("bench", help=cmd_bench.__doc__, description=cmd_bench.__doc__)
    bench_command.add_argument("-n", type=int, nargs="+", default=[500, 1000, 5000], help="essay counts")
    bench_command.add_argument("--repeats", type=int, default=5, help="builds of each kind per N (median)")
    bench_command.add_argument("--shape", nargs="+", choices=["many-lists", "few-lists"], default=["many-lists", "few-lists"],
                       help="many-lists: 20 prompts, N/4 authors; few-lists: 4 prompts, 5 authors")
    bench_command.add_argument("--no-one-cpu", action="store_true", help="skip the builds pinned to one CPU")
    bench_command.add_argument("--no-search", action="store_true", help="skip the browser measurement")
    bench_command.set_defaults(run=cmd_bench)

    audit_command = commands.add_parser("audit", help=cmd_audit.__doc__, description=cmd_audit.__doc__)
    audit_command.add_argument("--site", default="site", help="the built site (make audit builds it)")
    audit_command.add_argument("--lighthouse", default=".venv/node/node_modules/.bin/lighthouse")
    audit_command.add_argument("--chrome", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    audit_command.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and serving (median)")
    audit_command.add_argument("--pages", nargs="+", choices=audit.KINDS, default=list(audit.KINDS),
                               help="which kinds of page (default: all; essay means every essay)")
    audit_command.add_argument("--served", nargs="+", choices=list(audit.SERVINGS), default=list(audit.SERVINGS),
                               help="plain (no compression), gzip (as GitHub Pages), or both (default)")
    audit_command.set_defaults(run=cmd_audit)

    compared = commands.add_parser("compare", help=cmd_compare.__doc__, description=cmd_compare.__doc__)
    compared.add_argument("old", help="a built site folder, e.g. the build before a change")
    compared.add_argument("new", help="another built site folder, e.g. the build after it")
    compared.set_defaults(run=cmd_compare)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
