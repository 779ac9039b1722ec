"""Every field screen at 320 and 360 px in id-ID: nothing wider than the phone, every tap target a thumb (48 × 48
CSS px), no English text, Indonesian dates and numbers, outbox states that say what happened."""
import json
from datetime import date, timedelta
from pathlib import Path

from posyandu_app.extensions import db
from posyandu_app.models import Person

from .helpers import (first_page, login, open_person, record_anc, record_elderly_screening, record_growth,
                      register_pregnancy, stored_rows, wait_for_sync_idle)

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
    folded = page.locator("#screen details:not([open]) > summary")
    while folded.count():  # folded sections count too: their fields must fit once opened
        folded.first.click()


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
    record_anc(page, danger_sign="Perdarahan dari jalan lahir", hb="9.5")
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
