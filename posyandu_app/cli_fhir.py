"""Flask commands for FHIR: fhir-export (Bulk Data NDJSON of a puskesmas's verified visits of a month) and
fhir-worker (sends the outbound queue; schedule it, e.g. every 5 minutes with --once)."""
from calendar import monthrange
from datetime import date
from pathlib import Path

import click
from flask import current_app

from . import replica
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
    ctx = Context(current_app.config["FHIR_ORGANIZATION_ID"] or None)
    resources = replica.read(fhir_export.export, posyandu, first, last, ctx)  # a bulk read: the replica's work
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    files = bulk.ndjson(resources)
    for name, text in files.items():
        (folder / f"{name}.ndjson").write_text(text, encoding="utf-8")
    counts = ", ".join(f"{text.count(chr(10))} {name}" for name, text in files.items()) or "nothing"
    click.echo(f"{code} {month}: {counts} -> {folder}")


def worker_config(config):
    from .services.integration.fhir_client import FhirConfig
    codes = tuple(code.strip().upper() for code in config["FHIR_PUSKESMAS"].split(",") if code.strip())
    return FhirConfig(config["FHIR_BASE_URL"], config["FHIR_TOKEN_URL"], config["FHIR_CLIENT_ID"],
                      config["FHIR_CLIENT_SECRET"], config["FHIR_ORGANIZATION_ID"] or None, codes,
                      config["FHIR_BATCH_SIZE"], config["FHIR_MAX_ATTEMPTS"], config["FHIR_BACKOFF_SECONDS"],
                      config["FHIR_TIMEOUT_SECONDS"])


@click.command("fhir-worker")
@click.option("--once", is_flag=True, help="One pass, then exit (for cron or a systemd timer).")
@click.option("--interval", default=60, show_default=True, help="Seconds between passes when not --once.")
def fhir_worker_command(once, interval):
    """Send verified visits of FHIR_PUSKESMAS to FHIR_BASE_URL (only when an administrator turned sending on)."""
    import time

    from .clock import utc_now
    from .services.integration import fhir_worker
    config = worker_config(current_app.config)
    while True:
        totals = fhir_worker.run_once(config, utc_now())
        click.echo(" ".join(f"{key}={value}" for key, value in totals.items()))
        if once:
            return
        time.sleep(interval)
