"""Writes the measured rows into docs/PERFORMANCE.md between markers; the prose around them is kept as written."""
import time
from pathlib import Path

from .common import ROOT

DOC = ROOT / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


SECTIONS = ["ingest", "load", "sqlite", "pull", "reports", "client", "lighthouse", "field"]
HEADER = "| section | figure | measured | budget | verdict | load | run (UTC) | notes |"


def table(rows, command, machine, kept=()) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    lines = [BEGIN, f"Machine: {machine}. Latest command: `{command}` at {when} UTC (`--only` re-measures some sections "
             "and keeps the other rows); any row is reproduced by `python -m bench --only <its section>`. *load* = 1-minute load average when the figure was taken: the 2 cores are "
             "shared with other engineers' test runs, so figures taken above ~2 are pessimistic.", "",
             HEADER, "|---|---|---|---|---|---|---|---|"]
    order = [r.section for r in rows]
    for r in rows:
        verdict = {True: "ok", False: "**over**", None: ""}[r.ok]
        lines.append(f"| {r.section} | {r.name.strip()} | {r.shown()} | {r.budget} | {verdict} | {r.load:.1f} | "
                     f"{when} | {r.note} |")
    body = lines[5:] + [line for line in kept if line.split("|")[1].strip() not in order]
    body.sort(key=lambda line: SECTIONS.index(line.split("|")[1].strip()) if line.split("|")[1].strip() in SECTIONS
              else len(SECTIONS))  # stable: rows keep their order within a section
    lines = lines[:5] + body + [END]
    return "\n".join(lines)


def _previous_rows(block: str) -> list[str]:
    """Rows of the table already in the document (for the sections this run did not measure)."""
    lines = block.splitlines()
    if HEADER not in lines:
        return []
    return [line for line in lines[lines.index(HEADER) + 2:] if line.startswith("| ")]


def write(rows, command, machine) -> None:
    text = DOC.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        old, tail = rest.split(END, 1)
        text = head + table(rows, command, machine, _previous_rows(old)) + tail
    else:
        title, _, body = text.partition("\n")
        text = f"{title}\n\n## Summary: every figure against its budget\n\n{table(rows, command, machine)}\n{body}"
    DOC.write_text(text, encoding="utf-8")
