"""What is typed is kept or visibly refused (issue 14.2): every field of every form, read from the DOM, is filled
with a valid distinct value, saved offline, synced, and found in the server's record. A field the test cannot
place in the record fails the test; a section that is off takes no input."""
from datetime import date, timedelta

import pytest

from posyandu_app.extensions import db
from posyandu_app.models import (Delivery, GrowthVisit, NewbornVisit, Person, PostnatalVisit, PregnancyEpisode,
                                 PregnancyVisit, Screening, YouthScreening)
from posyandu_app.services.serialize import serialize

from .helpers import (first_page, login, open_person, open_sections, pending_count, stored_rows, wait_for_worker,
                      wait_until)

TODAY = date.today()
BABY_BORN = TODAY - timedelta(days=120)
NEWBORN = TODAY - timedelta(days=2)
HPHT = TODAY - timedelta(weeks=38)
PUPIL_BORN = TODAY - timedelta(days=10 * 365 + 77)


def nik(born, serial="0042"):
    return f"357801{born.day:02d}{born.month:02d}{born.year % 100:02d}{serial}"


# Values a generic text cannot be: numbers in range for that form, dates that fit the story, formatted codes.
VALUES = {
    "person_new": {"name": "Uji Semua Kolom", "birth_date": BABY_BORN.isoformat(), "nik": nik(BABY_BORN),
                   "rt": "007", "rw": "012", "phone": "0812-3456-7890", "birth_weight_kg": "3,2",
                   "birth_length_cm": "49,5"},
    "growth": {"visit_date": (TODAY - timedelta(days=1)).isoformat(), "weight_kg": "6,3", "length_cm": "62,5",
               "head_cm": "40,5", "muac_cm": "13,5"},
    "episode_new": {"hpht": HPHT.isoformat(), "gravida": "3", "para": "1", "abortus": "1",
                    "previous_birth_date": (TODAY - timedelta(days=3 * 365)).isoformat(),
                    "pre_pregnancy_weight_kg": "52,5", "height_cm": "156"},
    "anc": {"visit_date": (TODAY - timedelta(days=2)).isoformat(), "weight_kg": "61,5", "muac_cm": "24,5",
            "systolic": "118", "diastolic": "76", "hb_g_dl": "11,8", "fundal_height_cm": "35",
            "fetal_heart_rate": "142", "ttd_given": "30"},
    "episode_edit": {"hpht": (HPHT + timedelta(days=1)).isoformat(), "gravida": "4", "para": "2", "abortus": "0",
                     "previous_birth_date": (TODAY - timedelta(days=4 * 365)).isoformat(),
                     "pre_pregnancy_weight_kg": "53,5", "height_cm": "157", "outcome": "delivered",
                     "delivery_date": (TODAY - timedelta(days=1)).isoformat()},
    "delivery": {"visit_date": (TODAY - timedelta(days=1)).isoformat(), "outcome": "live_birth", "babies": "1",
                 "birth_weight_kg": "3,1", "birth_length_cm": "49,5"},  # a live birth: the newborn's name is asked
    "newborn_new": {"name": "Bayi Baru Uji", "birth_date": NEWBORN.isoformat(), "nik": nik(NEWBORN, "0051"),
                    "rt": "007", "rw": "012", "phone": "0812-3456-7891", "birth_weight_kg": "3,1",
                    "birth_length_cm": "49"},
    "kn": {"visit_date": TODAY.isoformat(), "temperature_c": "36,8", "breaths_per_min": "48"},
    "kf": {"visit_date": TODAY.isoformat()},
    "screening": {"visit_date": (TODAY - timedelta(days=1)).isoformat(), "weight_kg": "61,5", "height_cm": "166",
                  "waist_cm": "92", "systolic": "128", "diastolic": "82", "glucose_mg_dl": "105",
                  "puma_cigarettes_per_day": "20", "puma_smoking_years": "30", "skilas_muac_cm": "23,5"},
    # A whole class from a pasted list (screens/class_list.js): one line, its class given by the form.
    "class_register": {"school": "SD Uji Semua Kolom", "class_name": "6B",
                       "lines": f"Uji Kelas Anak; P; {PUPIL_BORN:%d/%m/%Y}"},
    "class_session": {"weight_kg": "25,5", "length_cm": "131,5", "hb_g_dl": "12,4"},
}
# Where each field of the class forms lands: (record, its field); the pasted line is the person's name, sex, birth.
CLASS_FIELDS = {"school": ("pupil", "school"), "class_name": ("pupil", "class_name"),
                "weight_kg": ("pupil_growth", "weight_kg"), "length_cm": ("pupil_growth", "length_cm"),
                "hb_g_dl": ("pupil_youth", "hb_g_dl")}

# Every enabled field of the form, in DOM order.
SCAN = """form => [...form.elements]
    .filter((e) => e.name && !e.matches(':disabled') && ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName)
                   && !['submit', 'button'].includes(e.type))
    .map((e) => ({ id: e.id, name: e.name, tag: e.tagName, type: e.type, value: e.value, checked: e.checked,
                   numeric: ['numeric', 'decimal'].includes(e.inputMode), max: e.maxLength,
                   options: e.tagName === 'SELECT' ? [...e.options].map((o) => o.value) : null }))"""


def fill_every_field(page, key, ticks=True):
    """Fill every enabled field (fields a fill enables are filled too); -> [(name, kind, value)] expected.
    Without `ticks` the checkboxes stay as they are: what can be typed must still be kept (or refused)."""
    form = page.locator("#screen form")
    values, expected, done = VALUES[key], [], set()
    while True:
        open_sections(page)  # a folded section (SKILAS, ADL) is one tap away: its fields count like the others
        todo = [f for f in form.evaluate(SCAN) if f["id"] not in done]
        if not todo:
            return expected
        for f in todo:
            done.add(f["id"])
            name, element = f["name"], page.locator(f"[id='{f['id']}']")
            if f["type"] == "radio":
                group = [g for g in form.evaluate(SCAN) if g["name"] == name]
                if any(g["id"] in done and g["id"] != f["id"] for g in group):
                    continue  # one choice per group
                done.update(g["id"] for g in group)
                pick = next((g for g in group if g["value"] == values.get(name)), None) \
                    or next(g for g in reversed(group) if not g["checked"])
                page.locator(f"[id='{pick['id']}']").check()
                expected.append((name, "radio", pick["value"]))
            elif f["type"] == "checkbox":
                if not ticks:
                    continue
                element.set_checked(not f["checked"])
                grouped = f["value"] != "on"
                expected.append((name, "member" if grouped else "bool", f["value"] if grouped else not f["checked"]))
            elif f["tag"] == "SELECT":
                value = values.get(name) or next(o for o in reversed(f["options"]) if o and o != f["value"])
                element.select_option(value)
                expected.append((name, "select", value))
            else:
                value = values.get(name)
                assert value is not None or not (f["numeric"] or f["type"] in ("date", "tel")), \
                    f"{key}: no valid value known for the field {name!r}: add one to VALUES"
                value = value or f"Isi {name} {key}"[: f["max"] if f["max"] > 0 else None]
                element.fill(value, timeout=3000)
                expected.append((name, "text", value))


# Answer groups stored as one object: the form's `<group>_<answer>` is record[group][answer].
GROUPS = ("puma", "skilas", "adl")
TOGGLES = {"puma_on": lambda record, on: (record["puma"] is not None) == on}


def stored_value(record, name):
    if name in record:
        return record[name]
    group = next((g for g in GROUPS if name.startswith(f"{g}_") and g in record), None)
    assert group, f"the field {name!r} has no place in the record"
    answers = record[group]
    if answers is None:
        return None  # the whole answer group was dropped: reported as typed but not stored
    assert name[len(group) + 1:] in answers, f"the field {name!r} has no place in record[{group!r}]"
    return answers[name[len(group) + 1:]]


def same(kind, typed, stored):
    if kind == "member":
        return typed in (stored or [])
    if kind == "bool":
        return stored is typed
    if isinstance(stored, bool):
        return stored is (typed in ("yes", "on"))
    if isinstance(stored, (int, float)):
        return float(typed.replace(",", ".")) == stored
    return str(stored) == typed


def assert_all_stored(form, expected, record):
    lost = []
    for name, kind, typed in expected:
        if name in TOGGLES:
            ok = TOGGLES[name](record, typed)
        else:
            ok = same(kind, typed, stored_value(record, name))
        if not ok:
            lost.append((name, typed, record.get(name, "(group answer)")))
    assert not lost, f"{form}: typed but not stored: {lost}"


def _delivery_record():
    """The delivery as stored, with the newborn it registered: her name is typed on the delivery form."""
    delivery = Delivery.query.one()
    baby = db.session.get(Person, delivery.baby_id)
    assert (baby.birth_date, baby.birth_weight_kg, baby.sex) == (delivery.visit_date, delivery.birth_weight_kg,
                                                                 delivery.baby_sex)
    return {**serialize("delivery", delivery), "baby_name": baby.name}


def save(page, button="Simpan & lihat hasil"):
    page.get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize("ticks", [True, False], ids=["every field", "every field but the checkboxes"])
def test_every_field_of_every_form_reaches_the_server_record(live_server, world, make, phone, ticks):
    due = make.person(db.session.get(Person, world["ids"]["mother"]).posyandu, name="Ratna Sari", sex="F",
                      birth_date=TODAY - timedelta(days=30 * 365), mother_name="Sumarni")
    make.pregnancy_episode(due, hpht=TODAY - timedelta(weeks=39))  # about to give birth
    db.session.remove()
    page = first_page(phone())
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    page.context.set_offline(True)
    typed = {}

    page.get_by_role("link", name="+ Daftar baru").click()
    typed["person_new"] = fill_every_field(page, ticks=ticks, key="person_new")
    save(page, "Simpan")
    page.wait_for_selector("#screen[data-screen=detail]")

    page.get_by_role("link", name="Timbang & ukur").click()
    typed["growth"] = fill_every_field(page, ticks=ticks, key="growth")
    save(page)
    page.wait_for_selector("#screen[data-screen=visit]")

    open_person(page, world["names"]["mother"])
    page.get_by_role("link", name="Daftarkan kehamilan").click()
    typed["episode_new"] = fill_every_field(page, ticks=ticks, key="episode_new")
    save(page, "Simpan")
    page.wait_for_selector("#screen[data-screen=pregnancy] >> text=Kunjungan ibu hamil")
    typed["anc"] = fill_every_field(page, ticks=ticks, key="anc")
    save(page)
    page.wait_for_selector("#screen[data-screen=visit]")
    open_person(page, world["names"]["mother"])
    page.get_by_role("link", name="Ubah data kehamilan").click()
    typed["episode_edit"] = fill_every_field(page, ticks=ticks, key="episode_edit")
    save(page, "Simpan")
    page.wait_for_selector("#screen[data-screen=detail]")

    open_person(page, "Ratna Sari")
    page.get_by_role("link", name="Catat persalinan").click()
    page.wait_for_selector("#screen[data-screen=delivery]")  # the form is built once its rule data is read
    typed["delivery"] = fill_every_field(page, ticks=ticks, key="delivery")
    save(page)
    page.wait_for_selector("#screen[data-screen=visit]")

    # delivered yesterday (the edit above): the mother's postnatal home visit (KF) is offered
    open_person(page, world["names"]["mother"])
    page.get_by_role("link", name="Kunjungan nifas (KF)").click()
    page.wait_for_selector("#screen[data-screen=postnatal]")
    typed["kf"] = fill_every_field(page, ticks=ticks, key="kf")
    save(page)
    page.wait_for_selector("#screen[data-screen=visit]")

    page.locator("#tabs a[data-tab=roster]").click()
    page.get_by_role("link", name="+ Daftar baru").click()
    typed["newborn_new"] = fill_every_field(page, ticks=ticks, key="newborn_new")
    save(page, "Simpan")
    page.wait_for_selector("#screen[data-screen=detail]")
    page.get_by_role("link", name="Kunjungan bayi baru lahir (KN)").click()
    page.wait_for_selector("#screen[data-screen=postnatal]")
    typed["kn"] = fill_every_field(page, ticks=ticks, key="kn")
    save(page)
    page.wait_for_selector("#screen[data-screen=visit]")

    open_person(page, world["names"]["elder"])
    page.get_by_role("link", name="Skrining lansia").click()
    page.wait_for_selector("#screen[data-screen=screening]")  # the form is built once its rule data is read
    typed["screening"] = fill_every_field(page, ticks=ticks, key="screening")
    save(page)
    page.wait_for_selector("#screen[data-screen=visit]")

    open_person(page, world["names"]["elder"])
    page.get_by_role("link", name="Ubah data").click()
    day, month, year = page.get_by_label("Tanggal lahir").input_value().split("/")  # shown day first: 01/12/1958
    elder_born = f"{year}-{month}-{day}"
    VALUES["person_edit"] = {"name": "Budi Santoso Uji", "birth_date": elder_born,
                             "nik": nik(date.fromisoformat(elder_born), "0077"), "rt": "003", "rw": "004",
                             "phone": "+62 813 1111 2222", "birth_weight_kg": "2,9", "birth_length_cm": "48",
                             "left_on": (TODAY - timedelta(days=1)).isoformat()}
    typed["person_edit"] = fill_every_field(page, ticks=ticks, key="person_edit")
    save(page, "Simpan")
    page.wait_for_selector("#screen[data-screen=detail]")
    assert pending_count(page) == 11  # the episode and its edit share one entry; the birth adds the newborn

    # A class registered from a pasted list, then its class session with Hb (a bidan is there).
    page.locator("#tabs a[data-tab=roster]").click()
    page.get_by_test_id("class-link").click()
    page.wait_for_selector("#screen[data-screen=class_list]")
    typed["class_register"] = fill_every_field(page, ticks=ticks, key="class_register")
    save(page, "Periksa daftar")
    page.get_by_role("button", name="Daftarkan 1 anak").click()
    page.get_by_role("link", name="Mulai sesi kelas").click()
    page.get_by_label("Ada bidan: periksa Hb").check()
    page.get_by_test_id("class-child").get_by_label("Hb (g/dL)").wait_for()
    typed["class_session"] = fill_every_field(page, ticks=ticks, key="class_session")
    save(page, "Simpan & anak berikutnya")
    page.get_by_text("Semua anak di kelas ini sudah diukur hari ini.").wait_for()
    assert pending_count(page) == 14

    page.context.set_offline(False)
    try:
        wait_until(lambda: pending_count(page) == 0, timeout=60, message="every form uploaded")
    except AssertionError:
        raise AssertionError([(op["entity"], op["state"], op.get("errors")) for op in stored_rows(page, "outbox")])
    db.session.remove()
    baby = Person.query.filter_by(name="Uji Semua Kolom").one()
    mother, elder = world["ids"]["mother"], world["ids"]["elder"]
    records = {
        "person_new": serialize("person", baby),
        "growth": serialize("growth", GrowthVisit.query.filter_by(person_id=baby.id).one()),
        "episode_new": None,  # edited afterwards: the edit's values are what the server must hold
        "anc": serialize("pregnancy_visit", PregnancyVisit.query.filter_by(person_id=mother).one()),
        "episode_edit": serialize("pregnancy", PregnancyEpisode.query.filter_by(person_id=mother).one()),
        "delivery": _delivery_record(),
        "screening": serialize("screening", Screening.query.filter_by(person_id=elder).one()),
        "person_edit": serialize("person", db.session.get(Person, elder)),
        "kf": serialize("postnatal_visit", PostnatalVisit.query.filter_by(person_id=mother).one()),
    }
    newborn = Person.query.filter_by(name="Bayi Baru Uji").one()
    records["newborn_new"] = serialize("person", newborn)
    records["kn"] = serialize("newborn_visit", NewbornVisit.query.filter_by(person_id=newborn.id).one())
    pupil = Person.query.filter_by(name="Uji Kelas Anak").one()
    assert (pupil.sex, pupil.birth_date) == ("F", PUPIL_BORN)
    records["pupil"] = serialize("person", pupil)
    records["pupil_growth"] = serialize("growth", GrowthVisit.query.filter_by(person_id=pupil.id).one())
    records["pupil_youth"] = serialize("youth_screening", YouthScreening.query.filter_by(person_id=pupil.id).one())
    for form in ("class_register", "class_session"):
        fields = typed.pop(form)
        assert {name for name, _, _ in fields} == set(VALUES[form]), form  # the test knows every field
        for name, kind, value in fields:
            if name in CLASS_FIELDS:
                record, column = CLASS_FIELDS[name]
                assert same(kind, value, records[record][column]), (form, name, value, records[record][column])
    for form, expected in typed.items():
        if records[form] is not None:
            assert_all_stored(form, expected, records[form])
    # The first episode form: every field it had is a field of the record the edit then changed.
    for name, _, _ in typed["episode_new"]:
        stored_value(records["episode_edit"], name)
    if ticks:
        assert {name for name, _, _ in typed["screening"]} >= {"puma_on", "puma_cigarettes_per_day", "adl_bathing"}


def test_the_puma_questions_take_no_answer_while_the_questionnaire_is_off(live_server, world, phone):
    page = first_page(phone())
    login(page, live_server, world["kader"])
    open_person(page, world["names"]["elder"])
    page.get_by_role("link", name="Skrining lansia").click()
    cigarettes = page.locator("input[name=puma_cigarettes_per_day]")
    assert not page.get_by_label("Isi kuesioner PUMA", exact=False).is_checked()
    assert not cigarettes.is_editable() and not cigarettes.is_visible()  # off: nothing to type into
    page.get_by_label("Isi kuesioner PUMA", exact=False).check()
    cigarettes.fill("20")  # on: the questions open and take answers
    page.get_by_label("Isi kuesioner PUMA", exact=False).uncheck()
    assert not cigarettes.is_editable()
