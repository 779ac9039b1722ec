"""Pregnancy rules: gestational age, due date, ANC contacts, postnatal (KF) windows, risk flags and referrals.

episode (the pregnancy record; G/P/A as at the start of this pregnancy):
    hpht                     "YYYY-MM-DD", first day of the last menstrual period (required)
    gravida 1..20, para 0..19, abortus 0..19    whole numbers; gravida counts this pregnancy: para + abortus < gravida
    previous_birth_date      "YYYY-MM-DD", before the HPHT; only when para > 0 (spacing)
    mother_birth_date        "YYYY-MM-DD" (age 10..60 at the HPHT; the server copies it from the person)
    pre_pregnancy_weight_kg  20..300      height_cm  100..230
    delivery_date            "YYYY-MM-DD", 20..45 completed weeks after the HPHT, once the baby is born
visit (one ANC contact; every measurement optional, a missing one skips its rule):
    visit_date "YYYY-MM-DD" (required; from the HPHT to 45 completed weeks after it, not after the delivery)
    weight_kg 20..300, muac_cm 10..60, systolic 50..300 / diastolic 20..200 (both or neither, dia < sys),
    hb_g_dl 2..25, fetal_heart_rate 50..250, fundal_height_cm 5..50 (recorded, no rule),
    ttd_given 0..120 (iron tablets given at this visit), danger_signs [code] ([] = checked, none found),
    tb_symptoms [code], class_attended bool, pmt_given bool (recorded, no rule)
    danger sign codes: bleeding, swelling_headache_seizure, high_fever, waters_broke_early,
    reduced_fetal_movement, severe_vomiting; TB codes: cough_2_weeks, fever, night_sweats, weight_loss.
previous_visit_dates: ISO dates of the earlier ANC contacts of this pregnancy (not this visit).

assess_pregnancy_visit -> {"visit_date", "edd", "gestational_age": {"weeks", "days", "total_days"}, "trimester": label,
    "anc": {"contact_number", "contact_code": "K3", "doctor_usg_required", "total", "target", "by_trimester"},
    "bmi": number | null (trimester I weight when no pre-pregnancy weight), "flags": [label], "referrals": [referral]}
assess_pregnancy_episode -> {"as_of", "edd", "status": label, "gestational_age" | null, "trimester" | null,
    "mother_age_years" | null, "spacing_months" | null, "bmi_pre_pregnancy" | null,
    "anc": {"total", "target", "by_trimester", "next_contact": {"code", "doctor_usg_required"} | null},
    "ttd": {"total", "target", "met"} | null, "postnatal": [{"code", "id", "en", "from", "to", "status"}] | null,
    "flags": [label], "referrals": [referral]}
by_trimester: [{"trimester": "tm1", "target", "done", "status": label (met|open|upcoming|missed)}].
label = {"code", "id", "en"}; referral = label + "urgent". Values: static/data/pregnancy_rules.json.
Bad input raises DomainValidationError (field -> {"code", "id", "en"}); list items read "visits[2].visit_date".
"""
from .adult import bmi
from .data import load
from .inputs import Reader, age_years, completed_months, iso, label, limits, raise_if, referral


def _rules():
    return load("pregnancy_rules")


def _flag(code):
    return next(entry for entry in _rules()["flags"] if entry["code"] == code)


def _status(code, kind="schedule_statuses"):
    return label(next(entry for entry in _rules()[kind] if entry["code"] == code))


def _trimester_index(weeks):
    """Trimester I <= 12 completed weeks, II 13-24, III >= 25 (Juknis ILP via DOMAIN.md §3)."""
    trimesters = _rules()["trimesters"]["list"]
    return next(i for i, tm in enumerate(trimesters) if tm["max_week"] is None or weeks <= tm["max_week"])


def gestational_age(hpht, day):
    """Gestational age from the HPHT in completed weeks + days (day numbers in, as from inputs.Reader)."""
    total = day - hpht
    return {"weeks": total // 7, "days": total % 7, "total_days": total}


def _findings(codes):
    """Flags and referral reasons for the found codes, in the order of the data file (danger signs first)."""
    found = [entry for entry in _rules()["flags"] if entry["code"] in codes]
    return {"flags": [label(entry) for entry in found],
            "referrals": [referral(entry) for entry in found if entry["refer"]]}


def _read_episode(episode, errors):
    lim = _rules()["limits"]
    reader = Reader(episode, "episode", errors)
    e = {"hpht": reader.date("hpht", required=True),
         "gravida": reader.number("gravida", lim["gravida"], integer=True),
         "para": reader.number("para", lim["para"], integer=True),
         "abortus": reader.number("abortus", lim["abortus"], integer=True),
         "previous_birth": reader.date("previous_birth_date"),
         "mother_birth": reader.date("mother_birth_date"),
         "pre_weight": reader.number("pre_pregnancy_weight_kg", limits()["weight_kg"]),
         "height": reader.number("height_cm", limits()["height_cm"]),
         "delivery": reader.date("delivery_date"), "age": None}
    hpht = e["hpht"]
    if e["gravida"] is not None and (e["para"] or 0) + (e["abortus"] or 0) >= e["gravida"]:
        reader.fail("para", "para_abortus_exceed_gravida")
    if e["previous_birth"] is not None:
        if e["para"] == 0:
            reader.fail("previous_birth_date", "no_previous_birth")
        elif hpht is not None and e["previous_birth"] >= hpht:
            reader.fail("previous_birth_date", "not_before_hpht")
    if e["mother_birth"] is not None and hpht is not None:
        age = age_years(e["mother_birth"], hpht) if e["mother_birth"] <= hpht else -1
        if lim["mother_age_years"]["min"] <= age <= lim["mother_age_years"]["max"]:
            e["age"] = age
        else:
            reader.fail("mother_birth_date", "age_out_of_range", **lim["mother_age_years"])
    if e["delivery"] is not None and hpht is not None:
        weeks = (e["delivery"] - hpht) // 7
        bounds = lim["delivery_weeks_after_hpht"]
        if not bounds["min"] <= weeks <= bounds["max"]:
            reader.fail("delivery_date", "delivery_out_of_range", **bounds)
    return e, reader


def anc_progress(hpht, contact_days, as_of, closed):
    """ANC contacts per trimester against the minimum 1/2/3 (6 in all); a trimester already over is 'missed'.

    Source: Juknis ILP (KMK HK.01.07/MENKES/2015/2023) via DOMAIN.md §3; targets in pregnancy_rules.json.
    """
    rules = _rules()
    trimesters = rules["trimesters"]["list"]
    current = _trimester_index((as_of - hpht) // 7)
    done = [0] * len(trimesters)
    for day in contact_days:
        done[_trimester_index((day - hpht) // 7)] += 1
    rows = []
    for i, tm in enumerate(trimesters):
        if done[i] >= tm["anc_target"]:
            status = "met"
        elif closed or i < current:
            status = "missed"
        else:
            status = "open" if i == current else "upcoming"
        rows.append({"trimester": tm["code"], "target": tm["anc_target"], "done": done[i], "status": _status(status)})
    return {"total": len(contact_days), "target": rules["anc"]["min_contacts"], "by_trimester": rows}


def _contact(number):
    """K-number of an ANC contact; K1 and K5 are with a doctor and USG (Juknis ILP via DOMAIN.md §3)."""
    return f"K{number}", number in _rules()["anc"]["doctor_usg_contacts"]


def postnatal_schedule(delivery, as_of, visit_days):
    """KF1 6 h-2 d, KF2 3-7 d, KF3 8-28 d, KF4 29-42 d after birth; done when a postnatal visit falls inside.

    Source: Juknis ILP via DOMAIN.md §3; windows in postnatal_rules.json `kf.windows` (one home with the KF visits).
    """
    rows = []
    for kf in load("postnatal_rules")["kf"]["windows"]:
        start, end = delivery + kf["from_day"], delivery + kf["to_day"]
        if any(start <= day <= end for day in visit_days):
            status = "done"
        elif as_of > end:
            status = "missed"
        else:
            status = "open" if as_of >= start else "upcoming"
        rows.append({**label(kf), "from": iso(start), "to": iso(end), "status": _status(status)})
    return rows


def _check_dates(reader, key, day, hpht, upper, upper_code, lower_code="before_hpht"):
    """A date of the episode must not fall before `hpht` nor after `upper` (reported as `upper_code`)."""
    if day is None:
        return
    if hpht is not None and day < hpht:
        reader.fail(key, lower_code)
    elif upper is not None and day > upper:
        reader.fail(key, upper_code)


def assess_pregnancy_visit(episode, visit, previous_visit_dates=()):
    """Assess one pregnancy visit: GA, trimester, EDD (HPHT + 280 d), ANC contact number, flags and referrals.

    Flags: danger signs (Buku KIA 2023: any one refers now), anaemia Hb < 11 (TM II < 10.5), Hb < 7 urgent,
    hypertension >= 140/90 (pre-eclampsia risk from 20 weeks), >= 160/110 severe and urgent, KEK MUAC < 23.5,
    BMI < 18.5 in TM I, fetal heart rate outside 120-160, TB symptoms. Source: Juknis ILP and Buku KIA via DOMAIN.md §3.
    """
    rules, errors = _rules(), {}
    lim = rules["limits"]
    e, episode_reader = _read_episode(episode, errors)
    reader = Reader(visit, "visit", errors)
    day = reader.date("visit_date", required=True)
    weight = reader.number("weight_kg", limits()["weight_kg"])
    muac = reader.number("muac_cm", limits()["muac_cm"])
    pressure = reader.blood_pressure()
    hb = reader.number("hb_g_dl", lim["hb_g_dl"])
    heart_rate = reader.number("fetal_heart_rate", lim["fetal_heart_rate"])
    reader.number("fundal_height_cm", lim["fundal_height_cm"])  # recorded for the bidan; validated, no rule
    reader.number("ttd_given", lim["ttd_given"], integer=True)  # summed over visits by the episode
    danger = reader.codes("danger_signs", [f["code"] for f in rules["flags"] if f.get("danger_sign")]) or []
    tb = reader.codes("tb_symptoms", [s["code"] for s in rules["tb_symptoms"]["list"]])
    reader.boolean("class_attended")
    reader.boolean("pmt_given")
    dates_reader = Reader({"previous_visit_dates": previous_visit_dates}, "", errors)
    previous = dates_reader.dates("previous_visit_dates")
    hpht = e["hpht"]
    if hpht is not None and day is not None:
        if hpht > day:
            episode_reader.fail("hpht", "after_visit_date")
        elif (day - hpht) // 7 > lim["hpht_max_weeks_before_visit"]:
            episode_reader.fail("hpht", "hpht_too_old", max=lim["hpht_max_weeks_before_visit"])
    _check_dates(reader, "visit_date", day, None, e["delivery"], "after_delivery")
    for i, previous_day in enumerate(previous):
        _check_dates(dates_reader, f"previous_visit_dates[{i}]", previous_day, hpht, day, "after_visit_date")
    raise_if(errors)

    age = gestational_age(hpht, day)
    tm_index = _trimester_index(age["weeks"])
    codes = set(danger)
    if hb is not None:
        anaemia = _flag("anaemia")
        threshold = anaemia["hb_below_tm2"] if tm_index == 1 else anaemia["hb_below"]
        if hb < _flag("anaemia_severe")["hb_below"]:
            codes.add("anaemia_severe")
        elif hb < threshold:
            codes.add("anaemia")
    if pressure is not None:
        high = _flag("hypertension")
        if pressure[0] >= high["systolic_min"] or pressure[1] >= high["diastolic_min"]:
            after_20_weeks = age["weeks"] >= _flag("preeclampsia_risk")["from_week"]
            codes.add("preeclampsia_risk" if after_20_weeks else "hypertension")
        severe = _flag("hypertension_severe")
        if pressure[0] >= severe["systolic_min"] or pressure[1] >= severe["diastolic_min"]:
            codes.add("hypertension_severe")
    if muac is not None and muac < _flag("kek")["muac_below"]:
        codes.add("kek")
    visit_bmi = None
    if tm_index == 0 and e["pre_weight"] is None and weight is not None and e["height"] is not None:
        visit_bmi = bmi(weight, e["height"])
        if visit_bmi < _flag("underweight")["bmi_below"]:
            codes.add("underweight")
    normal = _flag("fetal_heart_rate_abnormal")
    if heart_rate is not None and not normal["normal_min"] <= heart_rate <= normal["normal_max"]:
        codes.add("fetal_heart_rate_abnormal")
    if tb:
        codes.add("tb_symptoms")
    number = len(previous) + 1
    code, doctor = _contact(number)
    anc = {"contact_number": number, "contact_code": code, "doctor_usg_required": doctor,
           **anc_progress(hpht, [*previous, day], day, closed=False)}
    return {"visit_date": iso(day), "edd": iso(hpht + rules["edd_days_after_hpht"]["value"]),
            "gestational_age": age, "trimester": label(rules["trimesters"]["list"][tm_index]),
            "anc": anc, "bmi": visit_bmi, **_findings(codes)}


def assess_pregnancy_episode(episode, as_of, visits=(), postnatal_visit_dates=()):
    """Assess a pregnancy as of a date: status, EDD, 4 Terlalu, pre-pregnancy BMI, ANC/TTD progress, KF windows.

    visits: [{"visit_date", "ttd_given"?}] of this pregnancy (extra keys ignored); postnatal_visit_dates: ISO dates
    (need delivery_date). 4 Terlalu: age < 20 or > 35 at the HPHT, < 2 years since the previous birth, para > 3
    (UNCONFIRMED, stricter of > 3 / > 4). TTD target >= 90. Source: Buku KIA and Juknis ILP via DOMAIN.md §3.
    """
    rules, errors = _rules(), {}
    e, episode_reader = _read_episode(episode, errors)
    reader = Reader({"as_of": as_of, "visits": visits, "postnatal_visit_dates": postnatal_visit_dates}, "", errors)
    day = reader.date("as_of", required=True)
    contacts, tablets = [], []
    for i, row in enumerate(reader.items("visits") or []):
        row_reader = Reader(row, f"visits[{i}]", errors, f"visits[{i}].")
        contacts.append(row_reader.date("visit_date", required=True))
        tablets.append(row_reader.number("ttd_given", rules["limits"]["ttd_given"], integer=True))
    postnatal = reader.dates("postnatal_visit_dates")
    hpht, delivery = e["hpht"], e["delivery"]
    _check_dates(episode_reader, "hpht", hpht, None, day, "after_as_of")
    _check_dates(episode_reader, "delivery_date", delivery, None, day, "after_as_of")
    last_contact, last_code = (delivery, "after_delivery") if delivery is not None else (day, "after_as_of")
    for i, contact in enumerate(contacts):
        _check_dates(reader, f"visits[{i}].visit_date", contact, hpht, last_contact, last_code)
    if postnatal and delivery is None:
        episode_reader.fail("delivery_date", "required")
    for i, visit_day in enumerate(postnatal):
        _check_dates(reader, f"postnatal_visit_dates[{i}]", visit_day, delivery, day, "after_as_of", "before_delivery")
    raise_if(errors)

    weeks = (day - hpht) // 7
    delivered = delivery is not None
    if delivered:
        last_kf = load("postnatal_rules")["kf"]["windows"][-1]["to_day"]
        status = "postpartum" if day - delivery <= last_kf else "ended"
    else:
        status = "pregnant" if weeks <= rules["limits"]["hpht_max_weeks_before_visit"] else "outcome_not_recorded"
    codes = {status} if status == "outcome_not_recorded" else set()
    if e["age"] is not None and e["age"] < _flag("too_young")["age_below"]:
        codes.add("too_young")
    if e["age"] is not None and e["age"] > _flag("too_old")["age_above"]:
        codes.add("too_old")
    spacing = completed_months(e["previous_birth"], hpht) if e["previous_birth"] is not None else None
    if spacing is not None and spacing < _flag("too_close")["spacing_months_below"]:
        codes.add("too_close")
    if e["para"] is not None and e["para"] > _flag("too_many")["para_above"]:
        codes.add("too_many")
    pre_bmi = bmi(e["pre_weight"], e["height"]) if e["pre_weight"] is not None and e["height"] is not None else None
    if pre_bmi is not None and pre_bmi < _flag("underweight")["bmi_below"]:
        codes.add("underweight")
    anc = anc_progress(hpht, contacts, delivery if delivered else day, closed=delivered)
    anc["next_contact"] = None
    if status == "pregnant":
        code, doctor = _contact(len(contacts) + 1)
        anc["next_contact"] = {"code": code, "doctor_usg_required": doctor}
    given = [count for count in tablets if count is not None]
    target = rules["ttd_target_tablets"]["value"]
    return {"as_of": iso(day), "edd": iso(hpht + rules["edd_days_after_hpht"]["value"]),
            "status": _status(status, "statuses"),
            "gestational_age": None if delivered else gestational_age(hpht, day),
            "trimester": None if delivered else label(rules["trimesters"]["list"][_trimester_index(weeks)]),
            "mother_age_years": e["age"], "spacing_months": spacing, "bmi_pre_pregnancy": pre_bmi, "anc": anc,
            "ttd": {"total": sum(given), "target": target, "met": sum(given) >= target} if given else None,
            "postnatal": postnatal_schedule(delivery, day, postnatal) if delivered else None,
            **_findings(codes)}
