"""`python -m bench`: every performance figure against its budget in one run; --write puts them in PERFORMANCE.md.

    python -m bench                      # everything (~10 min on 2 cores), table on stdout
    python -m bench --quick              # fewer rounds and runs (~4 min)
    python -m bench --only ingest,load   # some sections: ingest, load, sqlite, pull, reports, client, lighthouse, field
    python -m bench --write              # also replace the measured table in docs/PERFORMANCE.md

Creates and drops its own PostgreSQL databases on --database-server (default postgresql://postgres@127.0.0.1:5432/)
and starts gunicorn itself on a free 127.0.0.1 port. Not part of the test suite: figures, not assertions.
"""
import argparse
import time
import traceback

from . import client_side, report_doc, server_side
from .common import DEFAULT_SERVER, load_average, machine, row

SECTIONS = {
    "ingest": server_side.ingest,
    "load": server_side.load,
    "sqlite": server_side.sqlite,
    "pull": server_side.pull,
    "reports": server_side.reports,
    "client": client_side.sizes,
    "lighthouse": client_side.lighthouse,
    "field": client_side.field,
}


def print_table(rows):
    width = max(len(r.name) for r in rows) + 2
    print(f"\n{'section':<11}{'figure':<{width}}{'measured':>16}  {'budget':<16}{'':<6}load")
    for r in rows:
        print(f"{r.section:<11}{r.name:<{width}}{r.shown():>16}  {r.budget:<16}{r.verdict():<6}{r.load:.1f}"
              + (f"   {r.note}" if r.note and r.value is None else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--quick", action="store_true", help="fewer rounds and runs (smoke check of the bench)")
    parser.add_argument("--write", action="store_true", help="write the table into docs/PERFORMANCE.md")
    parser.add_argument("--database-server", default=DEFAULT_SERVER)
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(SECTIONS)
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
    print(f"machine: {machine()}; load average at start {load_average():.1f}")
    rows, started = [], time.monotonic()
    for name in names:
        print(f"\n== {name} (load {load_average():.1f})", flush=True)
        section_started = time.monotonic()
        try:
            found = SECTIONS[name](args.database_server, args.quick)
        except Exception as exc:  # one broken section must not hide the others' figures
            traceback.print_exc()
            found = [row(name, f"{name} section failed", None, "", note=f"{exc.__class__.__name__}: {exc}")]
        for r in found:
            print(f"  {r.name}: {r.shown()} {r.budget} {r.verdict()} (load {r.load:.1f}) {r.note}", flush=True)
        print(f"  ({time.monotonic() - section_started:.0f} s)")
        rows += found
    print_table(rows)
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    if args.write:
        command = "python -m bench" + (" --quick" if args.quick else "") + (f" --only {args.only}" if args.only else "")
        report_doc.write(rows, command, machine())
        print("docs/PERFORMANCE.md updated")


if __name__ == "__main__":
    main()
