"""The table form of each report (used by CSV/XLSX exports): headers in the user's language, rows of values."""
from ..services.reports.births import FIGURES as BIRTH_FIGURES
from ..services.reports.immunization import idl_share
from ..services.reports.labels import dose_labels, growth_categories, label, report_ages, screening_classes, skilas_domains
from ..services.reports.pregnancy import ANC_CONTACTS
from ..services.reports.pregnancy import FLAGS as PREGNANCY_FLAGS
from ..services.reports.screening import GROUPS, PUMA_REFER, share
from ..services.reports.skdn import COUNTS, RATIOS
from ..visit_kinds import visit_kinds
from .report_export import Sheet

SKDN_RATIOS = [name for name, _, _ in RATIOS]
PREVALENCE = ("stunted_pct", "wasted_pct", "underweight_pct")


def _unit_name(report, t):
    return report["unit"].name or t("reports.unit.everything")


def _notes(report, t):
    return [f"{t('reports.unit')}: {_unit_name(report, t)}",
            f"{t('reports.month')}: {report['month'].key}"]


def band_label(band, t):
    ages = report_ages()
    return t("reports.band", **ages["bands"][band]) if band else t("reports.all_ages", **ages["all_ages"])


def left_group(group, t):
    """A departure age group's name with its ages from the rule data (catalog placeholders)."""
    return t(f"reports.left.group.{group}", **report_ages()["left"][group])


def sex_label(sex, t):
    return t(f"reports.sex.{sex}") if sex else t("reports.sex.total")


def level_label(row, t):
    return t(f"reports.level.{row['level']}")


def skdn_sheets(report, t, lang) -> list[Sheet]:
    notes = _notes(report, t)
    f2 = Sheet(t("reports.sheet.f2"), [t("reports.age_band"), t("reports.sex"), *COUNTS, *(f"{r} (%)" for r in SKDN_RATIOS)],
               [[band_label(r["band"], t), sex_label(r["sex"], t), *(r[c] for c in COUNTS), *(r[x] for x in SKDN_RATIOS)]
                for r in report["f2"]], notes)
    labels = {index: dict(bands) for index, bands in growth_categories().items()}
    nutrition = Sheet(t("reports.sheet.nutrition"),
                      [t("reports.index"), t("reports.category"), t("reports.sex.M"), t("reports.sex.F"),
                       t("reports.sex.total"), "%"], [], notes)
    for section in report["nutrition"]:
        for row in section["rows"]:
            nutrition.rows.append([t(f"reports.index.{section['index']}"),
                                   label(labels.get(section["index"], {}), row["category"], lang),
                                   row["M"], row["F"], row["total"], row["pct"]])
        nutrition.rows.append([t(f"reports.index.{section['index']}"), t(f"reports.prevalence.{section['flag']}"),
                               "", "", section["cases"], section["prevalence"]])
    vitamin = Sheet(t("reports.sheet.vitamin_a"), [t("reports.capsule"), t("reports.sex.M"), t("reports.sex.F"),
                                                   t("reports.given"), t("reports.eligible"), "%"],
                    [[t(f"reports.capsule.{r['capsule']}", **report_ages()["capsules"][r["capsule"]]), r["M"], r["F"], r["given"], r["eligible"], r["pct"]]
                     for r in report["vitamin_a"]], notes)
    rollup = Sheet(t("reports.sheet.rollup"),
                   [t("reports.level"), t("reports.facility"), *COUNTS, *(f"{r} (%)" for r in SKDN_RATIOS),
                    *(t(f"reports.prevalence.{p[:-4]}") + " (%)" for p in PREVALENCE)],
                   [[level_label(r, t), r["facility"].name, *(r[c] for c in COUNTS), *(r[x] for x in SKDN_RATIOS),
                     *(r[p] for p in PREVALENCE)] for r in report["rollup"]], notes)
    names = _facility_names(report)
    youth = Sheet(t("reports.sheet.youth"), [t("reports.youth.figure"), t("reports.sex.M"), t("reports.sex.F"),
                                              t("reports.sex.total"), *(f"% {t(f'reports.sex.{x}')}" for x in "MF")],
                  [[youth_line(r, t, lang), r["M"], r["F"], r["total"], r["pct_M"], r["pct_F"]]
                   for r in report["youth"]["lines"]], notes)
    bands = report["youth"]["bands"]
    youth_bands = Sheet(t("reports.sheet.youth_bands"),
                        [t("reports.youth.figure"), *(f"{t('reports.youth.band', **b)} {t(f'reports.sex.{x}')}"
                                                      for b in bands for x in "MF")],
                        [[youth_line(r, t, lang), *(r[b["code"]][x] for b in bands for x in "MF")]
                         for r in report["youth"]["by_band"]], notes)
    follow = Sheet(t("reports.sheet.follow_children"),
                   [t("reports.name"), t("reports.mother"), t("reports.level.posyandu"), t("reports.age_months"), "KMS",
                    "BGM", "2T", t("reports.index.wfa"), t("reports.index.hfa"), t("reports.index.wfh"),
                    t("reports.visit_date")],
                   [[r["name"], r["mother_name"], names.get(r["posyandu_id"]), r["age_months"], r["kms_code"],
                     "BGM" if r["bgm"] else "", "2T" if r["two_t"] else "",
                     label(labels.get("wfa", {}), r["wfa_category"], lang), label(labels.get("hfa", {}), r["hfa_category"], lang),
                     label(labels.get("wfh", {}), r["wfh_category"], lang), r["visit_date"].isoformat()]
                    for r in report["follow_up"]], notes)
    left = report["departures"]
    reasons = [t(f"reports.left.reason.{reason}") for reason in ("moved", "died", "other")]
    departures = Sheet(t("reports.sheet.left"), [t("reports.left.group"), *reasons, t("reports.left.total")],
                       [[left_group(r["group"], t), r["moved"], r["died"], r["other"], r["total"]]
                        for r in left["table"]], notes)
    who_left = Sheet(t("reports.sheet.left_names"),
                     [t("reports.name"), t("reports.mother"), t("reports.level.posyandu"), t("reports.left.group"),
                      t("reports.left.reason"), t("reports.left.date")],
                     [[r["name"], r["mother_name"], names.get(r["posyandu_id"]), left_group(r["group"], t),
                       t(f"reports.left.reason.{r['reason']}"), r["left_on"].isoformat()] for r in left["people"]], notes)
    # The immunization recap's sheets (doses per antigen dose, IDL), so one monthly file carries every programme.
    return [f2, nutrition, vitamin, rollup, follow, departures, who_left, youth, youth_bands,
            *immunization_sheets(report["immunization"], t, lang)[:1]]


def youth_line(row, t, lang) -> str:
    """A youth recap line's name: the rule data's (a BMI-for-age category) or the catalog's."""
    return (row["name"].get(lang) or row["name"]["id"]) if row.get("name") else t(f"reports.youth.{row['key']}")


def _facility_names(report) -> dict:
    return {facility.id: facility.name for facility in report["unit"].posyandu}


PREGNANCY_COLUMNS = ("pregnant", "visited", *(f"K{n}" for n in ANC_CONTACTS), *PREGNANCY_FLAGS, "high_risk")


def pregnancy_sheets(report, t, lang) -> list[Sheet]:
    headers = [t("reports.level"), t("reports.facility"), *(t(f"reports.preg.{c}") for c in PREGNANCY_COLUMNS)]
    rows = [[level_label(r, t), r["facility"].name, *(r[c] for c in PREGNANCY_COLUMNS)] for r in report["rollup"]]
    rows.append([t("reports.level.total"), _unit_name(report, t), *(report["totals"][c] for c in PREGNANCY_COLUMNS)])
    names = _facility_names(report)
    follow = Sheet(t("reports.sheet.follow_pregnancies"),
                   [t("reports.name"), t("reports.level.posyandu"), "HPHT", t("reports.preg.contacts"),
                    *(t(f"reports.preg.{flag}") for flag in PREGNANCY_FLAGS)],
                   [[r["name"], names.get(r["posyandu_id"]), r["hpht"].isoformat(), r["contacts"],
                     *(1 if r[flag] else 0 for flag in PREGNANCY_FLAGS)] for r in report["follow_up"]],
                   _notes(report, t))
    return [Sheet(t("reports.sheet.pregnancy"), headers, rows, _notes(report, t)), follow]


def screening_lines(t, lang) -> list[tuple[str, str]]:
    """(figure key, row label) for every line of the screening recap, in display order."""
    classes = screening_classes()
    lines = [("screened", t("reports.scr.screened"))]
    for facet in ("bp", "glucose", "bmi", "adl"):
        for code, labels in classes.get(facet, []):
            lines.append((f"{facet}:{code}", f"{t(f'reports.scr.{facet}')}: {labels.get(lang) or labels['id']}"))
    lines += [("central_obesity", t("reports.scr.central_obesity")), ("puma_high", t("reports.scr.puma_high", min=PUMA_REFER)),
              ("skilas_positive", t("reports.scr.skilas_positive"))]
    for domain in skilas_domains():
        lines.append((f"skilas:{domain['code']}", f"SKILAS: {domain.get(lang) or domain['id']}"))
    lines.append(("referral", t("reports.scr.referral")))
    return lines


def screening_sheets(report, t, lang) -> list[Sheet]:
    groups = report["groups"]
    columns = [*GROUPS, "total"]
    headers = [t("reports.indicator")]
    for group in columns:
        headers += [t(f"reports.group.{group}"), f"{t(f'reports.group.{group}')} (%)"]
    rows = []
    for key, text in screening_lines(t, lang):
        row = [text]
        for group in columns:
            figures = groups[group]
            row += [figures.get(key, 0), None if key == "screened" else share(figures, key)]
        rows.append(row)
    rollup = Sheet(t("reports.sheet.rollup"), [t("reports.level"), t("reports.facility"),
                                               *(t(f"reports.group.{g}") for g in columns), t("reports.scr.referral")],
                   [[level_label(r, t), r["facility"].name, *(r["groups"][g].get("screened", 0) for g in columns),
                     r["groups"]["total"].get("referral", 0)] for r in report["rollup"]]
                   + [[t("reports.level.total"), _unit_name(report, t), *(groups[g].get("screened", 0) for g in columns),
                       groups["total"].get("referral", 0)]], _notes(report, t))
    names, classes = _facility_names(report), screening_classes()
    bp, glucose = dict(classes.get("bp", [])), dict(classes.get("glucose", []))
    follow = Sheet(t("reports.sheet.follow_screenings"),
                   [t("reports.name"), t("reports.level.posyandu"), t("reports.group"), t("reports.scr.bp"),
                    t("reports.scr.glucose"), "PUMA", "SKILAS", "ADL"],
                   [[r["name"], names.get(r["posyandu_id"]), t(f"reports.group.{r['age_group']}"),
                     label(bp, r["bp_class"], lang), label(glucose, r["glucose_class"], lang), r["puma_score"],
                     t("reports.scr.positive") if r["skilas_positive"] else "", r["adl_level"]]
                    for r in report["follow_up"]], _notes(report, t))
    return [Sheet(t("reports.sheet.screening"), headers, rows, _notes(report, t)), rollup, follow]


def immunization_lines(t, lang) -> list[tuple[str, str]]:
    """(figure key, row label) of the immunization recap: each dose of the schedule, then the totals."""
    lines = [(f"dose:{code}", name.get(lang) or name["id"]) for code, name in dose_labels()]
    return lines + [(key, t(f"reports.imm.{key}")) for key in ("doses", "at_posyandu", "not_counted")]


def immunization_sheets(report, t, lang) -> list[Sheet]:
    totals = report["totals"]
    doses = Sheet(t("reports.sheet.immunization"), [t("reports.indicator"), t("reports.imm.count")],
                  [[text, totals.get(key, 0)] for key, text in immunization_lines(t, lang)]
                  + [[t("reports.imm.idl_cohort"), totals.get("idl_cohort", 0)],
                     [t("reports.imm.idl_complete"), totals.get("idl_complete", 0)],
                     [t("reports.imm.idl_pct"), report["idl_pct"]]], _notes(report, t))
    headers = [t("reports.level"), t("reports.facility"), t("reports.imm.doses"), t("reports.imm.idl_cohort"),
               t("reports.imm.idl_complete"), t("reports.imm.idl_pct")]
    row = lambda f: [f.get("doses", 0), f.get("idl_cohort", 0), f.get("idl_complete", 0), idl_share(f)]  # noqa: E731
    rollup = Sheet(t("reports.sheet.rollup"), headers,
                   [[level_label(r, t), r["facility"].name, *row(r["figures"])] for r in report["rollup"]]
                   + [[t("reports.level.total"), _unit_name(report, t), *row(totals)]], _notes(report, t))
    return [doses, rollup]


def births_sheets(report, t, lang) -> list[Sheet]:
    """The births recap: each figure with its share, then the roll-up (births, live, BBLR and its share)."""
    totals, pcts = report["totals"], report["shares"]
    figures = Sheet(t("reports.sheet.births"), [t("reports.indicator"), t("reports.imm.count"), "%"],
                    [[t(f"reports.births.{key}"), totals[key], pcts.get(key)] for key in BIRTH_FIGURES],
                    _notes(report, t))
    columns = ("deliveries", "live_births", "stillbirths", "at_facility", "by_health_worker", "low_birth_weight")
    headers = [t("reports.level"), t("reports.facility"), *(t(f"reports.births.{key}") for key in columns),
               t("reports.births.low_birth_weight_pct")]
    row = lambda f, s: [*(f.get(key, 0) for key in columns), s["low_birth_weight"]]  # noqa: E731
    rollup = Sheet(t("reports.sheet.rollup"), headers,
                   [[level_label(r, t), r["facility"].name, *row(r["figures"], r["shares"])] for r in report["rollup"]]
                   + [[t("reports.level.total"), _unit_name(report, t), *row(totals, pcts)]], _notes(report, t))
    return [figures, rollup]
# (figure, its share) of the KF/KN coverage recap, in display order; the roll-up's columns (docs/REPORTS.md)
HOME_VISIT_LINES = (("newborns", None), ("kn1", "kn1_pct"), ("kn_complete", "kn_complete_pct"), ("kf_cohort", None),
                    ("kf_complete", "kf_complete_pct"), ("kn_visits", None), ("kn_danger", None),
                    ("kn_referred", "kn_referred_pct"), ("kf_visits", None), ("kf_danger", None),
                    ("kf_referred", "kf_referred_pct"))
HOME_VISIT_ROLLUP = ("kn1_pct", "kn_complete_pct", "kf_complete_pct")


def home_visit_sheets(report, t, lang) -> list[Sheet]:
    lines = [[t(f"reports.hv.{key}"), report["totals"][key], report["shares"][share] if share else None]
             for key, share in HOME_VISIT_LINES]
    coverage = Sheet(t("reports.sheet.home_visits"), [t("reports.indicator"), t("reports.hv.count"), "%"], lines,
                     _notes(report, t))
    figures = [key for key, _ in HOME_VISIT_LINES]
    headers = [t("reports.level"), t("reports.facility"), *(t(f"reports.hv.{key}") for key in figures),
               *(t(f"reports.hv.{share}") for share in HOME_VISIT_ROLLUP)]
    row = lambda r: [*(r["figures"][key] for key in figures), *(r["shares"][s] for s in HOME_VISIT_ROLLUP)]  # noqa: E731
    total = {"figures": report["totals"], "shares": report["shares"]}
    rollup = Sheet(t("reports.sheet.rollup"), headers,
                   [[level_label(r, t), r["facility"].name, *row(r)] for r in report["rollup"]]
                   + [[t("reports.level.total"), _unit_name(report, t), *row(total)]], _notes(report, t))
    return [coverage, rollup]


def pws_sheets(board, t, lang) -> list[Sheet]:
    months = [m.key for m in board["months"]]
    headers = [t("reports.level"), t("reports.facility"), t("reports.indicator"), *months, t("reports.status")]
    rows = []

    def add(level, name, block):
        for indicator, values in block["series"].items():
            rows.append([t(f"reports.level.{level}"), name, t(f"reports.pws.{indicator}"), *values,
                         t(f"reports.light.{block['lights'][indicator]}")])

    add("total", _unit_name(board, t), board["overall"])
    for desa in board["desa"]:
        add("desa", desa["facility"].name, desa)
        for row in desa["posyandu"]:
            add("posyandu", row["facility"].name, row)
    return [Sheet(t("reports.sheet.pws"), headers, rows, _notes(board, t)), pws_programme_sheet(board, t, lang)]


def pws_programme_sheet(board, t, lang) -> Sheet:
    """The immunization and adolescent-girl tables of the board: % per month, the last month's numerator and
    denominator, the light of the last month."""
    months = [m.key for m in board["months"]]
    programmes = board.get("programmes") or {}
    rows = []
    for table in ("immunization", "youth"):
        for row in programmes.get(table, []):
            name = (row["name"].get(lang) or row["name"]["id"]) if row["name"] else t(f"reports.pws.{row['key']}")
            rows.append([t(f"reports.pws.{'imm' if table == 'immunization' else table}_title"), name, *row["values"],
                         row["numerators"][-1], row["denominators"][-1], t(f"reports.light.{row['light']}")])
    headers = [t("reports.group"), t("reports.indicator"), *months, t("reports.pws.numerator"),
               t("reports.pws.denominator"), t("reports.status")]
    return Sheet(t("reports.sheet.pws_programmes"), headers, rows, _notes(board, t))


def late_sheets(rows, report, t, lang) -> list[Sheet]:
    entities = [kind.entity for kind in visit_kinds()]
    headers = [t("reports.desa"), t("reports.facility"), *(t(f"reports.late.{entity}") for entity in entities),
               t("reports.late.last_visit"), t("reports.late.last_upload"), t("reports.status")]
    return [Sheet(t("reports.sheet.late"), headers,
                  [[r["pustu"].name, r["facility"].name, *(r["counts"][entity] for entity in entities),
                    r["last_visit"].isoformat() if r["last_visit"] else None,
                    r["last_upload"].strftime("%Y-%m-%d %H:%M") if r["last_upload"] else None,
                    _late_status(r, t)] for r in rows], _notes(report, t))]


def _late_status(row, t) -> str:
    if row["waiting"]:
        return t("reports.late.waiting", day=row["due_on"].isoformat())
    return t("reports.late.late" if row["late"] else "reports.late.ok")
