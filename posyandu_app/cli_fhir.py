"""Flask commands for FHIR: fhir-export (Bulk Data NDJSON of a puskesmas's verified visits of a month) and
fhir-worker (sends the outbound queue; schedule it, e.g. every 5 minutes with --once)."""
from calendar import monthrange
from datetime import date
from pathlib import Path

import click
from flask import current_app

from .fhir import bulk
from .fhir.resources import Context
from .services.integration import fhir_export


def _month(text: str) -> tuple[date, date]:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    except (ValueError, TypeError):
        raise click.BadParameter("use YYYY-MM, e.g. 2026-11") from None


@click.command("fhir-export")
@click.option("--puskesmas", "code", required=True, help="Puskesmas code, e.g. PKM-SKM.")
@click.option("--month", required=True, help="Month of the visits, YYYY-MM.")
@click.option("-o", "--output", "output", required=True, type=click.Path(file_okay=False),
              help="Folder for the NDJSON files (one per resource type, e.g. Observation.ndjson).")
def fhir_export_command(code, month, output):
    """Verified visits of a puskesmas in a month as FHIR R4 Bulk Data NDJSON (the same data give the same files)."""
    first, last = _month(month)
    try:
        posyandu = fhir_export.posyandu_of_puskesmas(code)
    except fhir_export.NotFound:
        raise click.ClickException(f"no puskesmas with code {code}") from None
    resources = fhir_export.export(posyandu, first, last, Context(current_app.config["FHIR_ORGANIZATION_ID"] or None))
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    files = bulk.ndjson(resources)
    for name, text in files.items():
        (folder / f"{name}.ndjson").write_text(text, encoding="utf-8")
    counts = ", ".join(f"{text.count(chr(10))} {name}" for name, text in files.items()) or "nothing"
    click.echo(f"{code} {month}: {counts} -> {folder}")
