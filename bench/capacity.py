"""Capacity model (issue 20): peak requests, ingest, storage and servers per kabupaten, province and nation.

    python -m bench.capacity          # the markdown of docs/DEPLOY.md "Capacity model"

Arithmetic only: every input below is MEASURED (named after the docs/PERFORMANCE.md figure it comes from, on the
2-core bench machine) or an ASSUMPTION (the reason given). Change an input, run again, paste the tables.
"""
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Input:
    value: float
    unit: str
    kind: str  # MEASURED or ASSUMPTION
    source: str


MEASURED, ASSUMED = "MEASURED", "ASSUMPTION"
INPUTS = {
    "bytes_per_visit": Input(1_870, "B", MEASURED, "province-year: 18.9 GB database / 10,096,622 visits, everything "
                                                  "beside the visits included (persons, change log, audit, reviews)"),
    "audit_share": Input(0.39, "", MEASURED, "province-year: audit_log 7.4 GB of 18.9 GB"),
    "index_share": Input(0.36, "", MEASURED, "province-year: indexes 6.8 GB of 18.9 GB (table of sizes)"),
    "sync_rps_paced": Input(27, "req/s", MEASURED, "load: 200 kader each syncing every 15 s on 2 cores (app, "
                                                   "PostgreSQL and the load generator together): p95 89 ms"),
    "sync_rps_saturated": Input(61, "req/s", MEASURED, "load: 200 kader at the same instant, closed loop: "
                                                       "throughput of 2 cores (p95 4.2 s: queueing)"),
    "db_floor_ops": Input(2_200, "ops/s", MEASURED, "ingest: raw INSERTs of the 4 rows an op writes, 500 ops "
                                                    "(no Python): what 2 cores of PostgreSQL take"),
    "skdn_seconds_per_posyandu": Input(7.146 / 2_650, "s", MEASURED, "province-year: SKDN for the whole province "
                                                                     "7,146 ms over 2,650 posyandu (linear: "
                                                                     "kabupaten 1,828 ms over 500)"),
    "pws_seconds_per_posyandu": Input(4.643 / 500, "s", MEASURED, "province-year: PWS 12 months of a kabupaten "
                                                                  "4,643 ms over 500 posyandu"),
    "puskesmas_month_end_seconds": Input(0.210 + 0.726, "s", MEASURED, "province-year: a puskesmas's monthly "
                                                                       "report 210 ms + PWS 726 ms"),
    "visits_per_posyandu_day": Input(150, "", ASSUMED, "issue 20: a posyandu day records 100-150 visits (the "
                                                       "bench's seed averages 159 a month)"),
    "busiest_day_share": Input(0.10, "", ASSUMED, "one posyandu day a month over ~20 working days, the busiest "
                                                  "day twice the average"),
    "upload_window_hours": Input(3, "h", ASSUMED, "phones upload when the kader is back in signal after the "
                                                  "morning session, not spread over the day"),
    "visits_per_push": Input(10, "", ASSUMED, "the load bench's push; the phone sends up to 100 per request, "
                                              "so 10 over-counts requests"),
    "visits_per_review_page": Input(20, "", ASSUMED, "a bidan verifies from the queue page; one page view per "
                                                     "20 visits, plus its POST"),
    "month_end_views_per_puskesmas": Input(10, "", ASSUMED, "monthly report and PWS opened ten times per "
                                                            "puskesmas in the week reports are due"),
}

SCOPES = [  # name, posyandu (issue 20: ~300,000 posyandu, ~10,400 puskesmas, 38 provinces; ~514 kabupaten/kota)
    ("kabupaten (average)", 300_000 / 514),
    ("province (average)", 300_000 / 38),
    ("province (largest, ~Jawa Barat)", 50_000),
    ("nation", 300_000),
]
POSYANDU_PER_PUSKESMAS = 300_000 / 10_400


def v(name):
    return INPUTS[name].value


def model(posyandu: float) -> dict:
    busiest_visits = posyandu * v("busiest_day_share") * v("visits_per_posyandu_day")
    window = v("upload_window_hours") * 3600
    requests = busiest_visits * (2 / v("visits_per_push") + 2 / v("visits_per_review_page"))  # push+pull, get+post
    visits_year = posyandu * v("visits_per_posyandu_day") * 12
    storage_year = visits_year * v("bytes_per_visit") / 1e9
    month_end = posyandu / POSYANDU_PER_PUSKESMAS * v("month_end_views_per_puskesmas") * v(
        "puskesmas_month_end_seconds")
    return {
        "visits_year": visits_year,
        "peak_ingest": busiest_visits / window,
        "peak_rps": requests / window,
        # sized by the paced figure (p95 89 ms at 44 % of the saturated throughput): the rest is headroom
        "servers": math.ceil(requests / window / v("sync_rps_paced")),
        "db_floor_share": busiest_visits / window / v("db_floor_ops"),
        "storage_year_gb": storage_year,
        "storage_year_no_audit_gb": storage_year * (1 - v("audit_share")),
        "index_year_gb": storage_year * v("index_share"),
        "month_end_db_hours": month_end / 3600,
        "skdn_whole_scope_s": posyandu * v("skdn_seconds_per_posyandu"),
        "pws_whole_scope_s": posyandu * v("pws_seconds_per_posyandu"),
    }


def markdown() -> str:
    lines = ["| input | value | kind | source |", "|---|---|---|---|"]
    for name, item in INPUTS.items():
        shown = f"{item.value:,.4g} {item.unit}".strip()
        lines.append(f"| `{name}` | {shown} | {item.kind} | {item.source} |")
    rows = [(name, posyandu, model(posyandu)) for name, posyandu in SCOPES]
    lines += ["", "| scope | posyandu | visits / year | peak ingest | peak requests | 2-core app servers "
              "| primary load (share of the 2-core INSERT floor) | storage / year (without audit) | indexes / year "
              "| month-end report DB time | SKDN / PWS of the whole scope |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, posyandu, m in rows:
        lines.append(
            f"| {name} | {posyandu:,.0f} | {m['visits_year'] / 1e6:,.1f} M | {m['peak_ingest']:,.1f} visits/s "
            f"| {m['peak_rps']:,.1f} req/s | {m['servers']} | {m['db_floor_share']:.1%} "
            f"| {m['storage_year_gb']:,.0f} GB ({m['storage_year_no_audit_gb']:,.0f} GB) | {m['index_year_gb']:,.0f} GB "
            f"| {m['month_end_db_hours']:,.1f} h | {m['skdn_whole_scope_s']:,.0f} s / {m['pws_whole_scope_s']:,.0f} s |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
