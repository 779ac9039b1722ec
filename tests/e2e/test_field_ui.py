"""Every field screen at 320 and 360 px in id-ID: nothing wider than the phone, every tap target a thumb (48 × 48
CSS px), no English text, Indonesian dates and numbers, outbox states that say what happened."""
import json
import re
from datetime import date, timedelta
from pathlib import Path

from posyandu_app.extensions import db
from posyandu_app.models import Person

from .helpers import (first_page, login, open_person, open_sections, record_anc, record_elderly_screening,
                      record_growth, register_pregnancy, stored_rows, wait_for_sync_idle)

CATALOGS = Path(__file__).resolve().parents[2] / "posyandu_app" / "static" / "i18n"
WIDTHS = (320, 360)


def english_only():
    """Texts of the app's catalogs whose English differs from the Indonesian: none may show in id-ID."""
    words = set()
    for area in ("common", "field"):
        english = json.loads((CATALOGS / f"{area}.en.json").read_text(encoding="utf-8"))
        indonesian = json.loads((CATALOGS / f"{area}.id.json").read_text(encoding="utf-8"))
        words |= {text for key, text in english.items() if indonesian.get(key) != text and "{" not in text}
    return sorted(words)


# What a screen gets wrong, measured in the page: sideways overflow (the page, or a hidden sideways scroller),
# tap targets under 48 × 48, and visible texts that are English catalog entries.
# Tap targets: links, buttons, fields, selects, <summary>, and for a checkbox or radio the label that toggles it
# (the box itself is drawn 26 px inside a full-width 48 px row; the label is what a thumb hits).
MEASURE = """(english) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) problems.push(`page ${root.scrollWidth} px wide in ${root.clientWidth}`);
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && !el.closest('.sr-only');
  };
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name || el.id || '').trim().slice(0, 30)}"`;
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && visible(el))
      problems.push(`${name(el)} scrolls sideways: ${el.scrollWidth} px in ${el.clientWidth}`);
  }
  const targets = [...document.querySelectorAll('a[href], button, input, select, textarea, summary')].filter(
    (el) => el.type !== 'hidden' && visible(el));
  for (const el of targets) {
    let box = el;
    if (el.type === 'checkbox' || el.type === 'radio') box = el.id && document.querySelector(`label[for="${el.id}"]`);
    if (!box) { problems.push(`${name(el)} has no label`); continue; }
    const r = box.getBoundingClientRect();
    if (r.width < 47.5 || r.height < 47.5) problems.push(`${name(box)} is ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  const leaks = new Set(english);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (text && leaks.has(text) && visible(node.parentElement)) problems.push(`English: "${text}"`);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label]'))
    for (const text of [el.placeholder, el.getAttribute('aria-label')])
      if (text && leaks.has(text.trim())) problems.push(`English attribute: "${text}"`);
  return problems;
}"""


def show(page, route, screen):
    """Open a screen by its hash and wait until it is drawn (and no sync run can redraw it under the measure)."""
    page.evaluate("() => { document.getElementById('screen').dataset.screen = ''; }")
    page.evaluate("(route) => { location.hash = '#/' + route; }", route)
    page.wait_for_selector(f"#screen[data-screen={screen}]")
    wait_for_sync_idle(page)
    open_sections(page)  # folded sections count too: their fields must fit once opened


def test_every_field_screen_fits_320_and_360_px_with_thumb_sized_targets_and_no_english(live_server, world, phone,
                                                                                          make):
    child = db.session.get(Person, world["ids"]["child"])
    returned = make.growth(child, visit_date=date.today() - timedelta(days=3), weight_kg=11.6, length_cm=74.0,
                           status="returned", review_note="Timbang ulang")
    returned_id = returned.id
    db.session.remove()
    page = first_page(phone())
    english = english_only()
    problems = []
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(f"{live_server.url}/app#/login")
    page.wait_for_selector("#screen[data-screen=login]")
    problems += [f"login @320: {p}" for p in page.evaluate(MEASURE, english)]
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, world["kader"])
    names, ids = world["names"], world["ids"]
    record_growth(page, names["child"], weight="7.0", length="72.0")
    register_pregnancy(page, names["mother"], hpht=(date.today() - timedelta(weeks=20)).isoformat())
    record_anc(page, danger_sign="Perdarahan dari jalan lahir")
    record_elderly_screening(page, names["elder"])
    wait_for_sync_idle(page)
    visits = {v["entity"]: v["id"] for v in stored_rows(page, "visits") if v["id"] != returned_id}
    screens = [("", "roster"), ("person/new", "person"), (f"person/{ids['child']}/edit", "person"),
               (f"person/{ids['child']}", "detail"), (f"person/{ids['mother']}", "detail"),
               (f"person/{ids['elder']}", "detail"), (f"person/{ids['child']}/growth", "growth"),
               (f"person/{ids['mother']}/pregnancy", "pregnancy"), (f"person/{ids['mother']}/anc", "pregnancy"),
               (f"person/{ids['elder']}/screening", "screening"), (f"visit/{visits['growth']}", "visit"),
               (f"visit/{visits['pregnancy_visit']}", "visit"), (f"visit/{visits['screening']}", "visit"),
               (f"fix/{returned_id}", "fix"), ("outbox", "outbox"), ("settings", "settings")]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        for route, screen in screens:
            show(page, route, screen)
            problems += [f"#/{route} @{width}: {p}" for p in page.evaluate(MEASURE, english)]
    assert problems == [], "\n".join(problems)


def test_words_dates_and_numbers_a_kader_reads(live_server, world, phone, make):
    child = db.session.get(Person, world["ids"]["child"])
    returned = make.growth(child, visit_date=date.today() - timedelta(days=3), weight_kg=11.6, length_cm=74.0,
                           status="returned", review_note="Timbang ulang")
    returned_id = returned.id
    db.session.remove()
    context = phone()
    page = first_page(context)
    login(page, live_server, world["kader"])
    names = world["names"]

    # Dates are typed and shown day first whatever the browser's locale; a day that does not exist is refused.
    page.locator("#tabs a[data-tab=roster]").click()
    page.get_by_role("link", name="+ Daftar baru").click()
    page.get_by_label("Nama lengkap").fill("Nur Aini")
    page.get_by_label("Perempuan", exact=True).check()
    birth = page.get_by_label("Tanggal lahir")
    birth.fill("31/02/2025")
    page.get_by_label("Nama ibu kandung").fill("Siti Rahma")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Tanggal ini tidak ada di kalender").wait_for()
    assert birth.input_value() == "31/02/2025"  # kept to be corrected
    birth.fill("")
    birth.press_sequentially("04112025")  # the slashes come by themselves
    assert birth.input_value() == "04/11/2025"
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_selector("#screen[data-screen=detail]")
    nur = next(p for p in stored_rows(page, "roster") if p["name"] == "Nur Aini")
    assert nur["birth_date"] == "2025-11-04"
    page.get_by_text("4 Nov 2025").first.wait_for()

    # The correction of a returned weighing: 11,6 as everywhere else; no exclusive-breastfeeding question at 13
    # months (the original form did not ask it either).
    show(page, f"fix/{returned_id}", "fix")
    assert page.get_by_label("Berat badan (kg)", exact=True).input_value() == "11,6"
    assert page.locator("[data-field=exclusive_bf]").count() == 0
    visit_date = page.get_by_label("Tanggal kunjungan")
    assert visit_date.input_value() == (date.today() - timedelta(days=3)).strftime("%d/%m/%Y")

    # The danger sign is said once on the pregnancy result.
    register_pregnancy(page, names["mother"], hpht=(date.today() - timedelta(weeks=20)).strftime("%d/%m/%Y"))
    record_anc(page, danger_sign="Perdarahan dari jalan lahir")
    assert page.get_by_test_id("result").inner_text().count("perdarahan") == 1

    # The elderly screening: folded into sections (short on a phone), the same title on the form and the result.
    open_person(page, names["elder"])
    page.get_by_role("link", name="Skrining lansia").click()
    page.wait_for_selector("#screen[data-screen=screening]")
    assert page.locator("#screen h1").inner_text() == "Skrining lansia"
    assert page.locator("#screen form").bounding_box()["height"] < 2000
    page.go_back()
    record_elderly_screening(page, names["elder"])
    assert page.locator("#screen h1").inner_text().startswith("Skrining lansia")
    assert "Rujuk ke bidan / pustu" not in page.get_by_test_id("result").inner_text()

    # The outbox lists what this phone sent, and says what happened.
    wait_for_sync_idle(page)
    show(page, "outbox", "outbox")
    records = page.locator("ul.visits").inner_text()
    assert "Nur Aini · Data orang" in records and f"{names['elder']} · Skrining lansia" in records
    for name in names.values():  # downloaded, never sent from this phone
        assert f"{name} · Data orang" not in records
    page.locator("#send-now").click()
    page.get_by_text("Semua sudah terkirim.").wait_for()
    context.set_offline(True)
    page.locator("#send-now").click()
    page.get_by_text("Menunggu sinyal.", exact=False).wait_for()
    assert "detik" not in page.locator("#sync-status").inner_text()
    assert page.locator("#net").inner_text() == "Tanpa sinyal"
    context.set_offline(False)
    page.wait_for_function("() => document.getElementById('net').textContent === 'Ada sinyal'")

    # The settings show a date for the version, not a hash.
    show(page, "settings", "settings")
    version = page.get_by_text("Versi aplikasi").inner_text()
    assert str(date.today().year) in version and not re.search(r"[0-9a-f]{12}", version)
