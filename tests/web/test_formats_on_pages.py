"""Server pages write numbers and dates the reader's way: 11,6 and 4 Des 2026 in Indonesian, 11.6 and 4 Dec 2026 in
English; never the machine forms (2026-12-04, 7.1 in Indonesian) that the database and the exports use."""
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from posyandu_app.extensions import db
from posyandu_app.formats import day, num, parse_day, when
from posyandu_app.models import GrowthVisit

from .review_helpers import Session, build_world

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
POINT_DECIMAL = re.compile(r"\d\.\d")
COMMA_DECIMAL = re.compile(r"\d,\d")


def visible_text(html: str) -> str:
    """What a reader sees: the text between tags, plus the tooltips (<title>) of the SVG charts, whose coordinates
    (machine numbers in attributes) are not text."""
    titles = " ".join(re.findall(r"<title[^>]*>(.*?)</title>", html, flags=re.S))
    return re.sub(r"<[^>]+>", " ", html) + " " + titles


@pytest.fixture
def pages(make):
    """A stunted child with a fractional weight, height and birth weight, two visits (history, sparkline, chart)."""
    world = build_world(make)
    child = make.person(world.posyandu, name="Anak Format", sex="M", birth_date=date.today() - timedelta(days=700),
                        birth_weight_kg=3.2)
    earlier = make.growth(child, visit_date=date.today() - timedelta(days=40), weight_kg=10.9, length_cm=79.4,
                          waz=-1.73, haz=-2.15, stunted=True, status="verified")
    visit = make.growth(child, weight_kg=11.6, length_cm=80.3, waz=-1.48, haz=-2.35, stunted=True, age_months=23)
    urls = ["/review", f"/review/growth/{visit.id}", f"/people/{child.id}", "/high-risk", "/reports/monthly"]
    return world, child, earlier, visit, urls


def _texts(client, world, urls, lang):
    session = Session(client, world.bidan)
    client.set_cookie("lang", lang)
    responses = {url: session.get(url) for url in urls}
    assert all(r.status_code == 200 for r in responses.values()), {u: r.status_code for u, r in responses.items()}
    return {url: visible_text(r.get_data(as_text=True)) for url, r in responses.items()}


def test_indonesian_pages_show_decimal_commas_and_indonesian_dates(client, pages):
    world, child, earlier, visit, urls = pages
    texts = _texts(client, world, urls, "id")
    review, visit_page, person, high_risk, monthly = (texts[url] for url in urls)
    for url, text in texts.items():
        assert not ISO_DATE.search(text), (url, ISO_DATE.findall(text))
        assert not POINT_DECIMAL.search(text), (url, POINT_DECIMAL.findall(text))
    for text in (review, visit_page, person):
        assert num(visit.weight_kg, lang="id") == "11,6" and "11,6" in text
        assert day(visit.visit_date, "id") in text and day(child.birth_date, "id") in text
        assert num(visit.length_cm, lang="id") in text and num(visit.haz, lang="id") in text
    assert day(earlier.visit_date, "id") in review and "10,9" in review  # the card's earlier visits
    assert "3,2" in person and day(earlier.visit_date, "id") in person
    assert "-2,35" in high_risk and day(visit.visit_date, "id") in high_risk
    assert re.search(r"\d,\d%", monthly)  # percentages with one decimal, comma
    month_abbreviation = day(visit.visit_date, "id").split()[1]
    assert month_abbreviation in ("Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des".split())


def test_english_pages_show_decimal_points_and_english_dates(client, pages):
    world, child, earlier, visit, urls = pages
    texts = _texts(client, world, urls, "en")
    for url, text in texts.items():
        assert not ISO_DATE.search(text), (url, ISO_DATE.findall(text))
        assert not COMMA_DECIMAL.search(text), (url, COMMA_DECIMAL.findall(text))
    for url in urls[:3]:
        assert "11.6" in texts[url] and day(visit.visit_date, "en") in texts[url]
    assert "-2.35" in texts["/high-risk"]
    assert re.search(r"\d\.\d%", texts["/reports/monthly"])


def test_day_and_number_formats_match_the_field_app():
    assert day(date(2026, 12, 4), "id") == "4 Des 2026" and day(date(2026, 8, 17), "en") == "17 Aug 2026"
    assert num(11.6, lang="id") == "11,6" and num(12.0, lang="id") == "12" and num(71.43, 1, "en") == "71.4"
    assert num("K1", lang="id") == "K1" and num(None, lang="id") is None


def test_queue_date_filter_reads_day_first_whatever_the_browser(client, make):
    world = build_world(make)
    make.growth(make.person(world.posyandu, name="Anak Lama"), visit_date=date.today() - timedelta(days=20))
    make.growth(make.person(world.posyandu, name="Anak Baru"), visit_date=date.today())
    session = Session(client, world.bidan)
    since = date.today() - timedelta(days=3)
    for typed in (since.strftime("%d/%m/%Y"), since.isoformat(), f"{since.day}/{since.month}/{since.year}"):
        page = session.get("/review", query_string={"date_from": typed}).get_data(as_text=True)
        assert "Anak Baru" in page and "Anak Lama" not in page, typed
        assert f'value="{since.strftime("%d/%m/%Y")}"' in page  # shown back day first
    page = session.get("/review", query_string={"date_from": "31/02/2026"}).get_data(as_text=True)
    assert "Tanggal itu tidak ada di kalender" in page and "Anak Lama" in page  # a clear error; filter not applied
    client.set_cookie("lang", "en")
    page = session.get("/review", query_string={"date_to": "next week"}).get_data(as_text=True)
    assert "Date not understood: write day/month/year" in page and 'value="next week"' in page
    assert 'type="date"' not in page


def test_parse_day_accepts_day_first_and_iso_only():
    assert parse_day("04/12/2026") == parse_day("4-12-2026") == parse_day("2026-12-04") == date(2026, 12, 4)
    assert parse_day("  ") is None
    for bad, key in (("12/31/2026", "format.error.no_such_day"), ("2026/12/04", "format.error.date"),
                     ("4 Des", "format.error.date")):
        with pytest.raises(ValueError, match=key):
            parse_day(bad)


def test_report_month_is_a_select_of_month_names(client, make):
    world = build_world(make)
    page = Session(client, world.bidan).get("/reports/monthly", query_string={"month": "2026-02"}).get_data(as_text=True)
    assert 'type="month"' not in page
    assert re.search(r'<option value="2026-02"\s+selected>Februari 2026</option>', page)


@pytest.mark.parametrize("offset, shown", [(7, "1 Jan 2027 00.30 WIB"), (8, "1 Jan 2027 01.30 WITA"),
                                           (9, "1 Jan 2027 02.30 WIT")])
def test_times_are_on_the_districts_clock_with_its_zone(app, offset, shown):
    """17:30 UTC on New Year's Eve is already the new year in every Indonesian zone (stored naive UTC on SQLite)."""
    instant = datetime(2026, 12, 31, 17, 30)
    assert when(instant, "id", offset) == shown
    assert when(instant.replace(tzinfo=timezone.utc), "id", offset) == shown
    assert when(datetime(2026, 12, 31, 15, 5, tzinfo=timezone.utc), "en", 7) == "31 Dec 2026 22:05 WIB"


def test_the_review_history_shows_when_the_bidan_acted_in_local_time(client, make, app):
    world = build_world(make)
    visit = make.growth(make.person(world.posyandu, name="Anak Waktu"), created_by_id=world.kader.id)
    bidan = Session(client, world.bidan)
    assert bidan.post(f"/review/growth/{visit.id}/return", {"note": "ukur ulang"}).status_code == 303
    db.session.expire_all()
    returned_at = db.session.get(GrowthVisit, visit.id).reviewed_at
    app.config["LOCAL_UTC_OFFSET"] = 9  # a district in Papua
    page = bidan.get(f"/review/growth/{visit.id}").get_data(as_text=True)
    assert when(returned_at, "id", 9) in page and " WIT" in page


def test_a_server_set_to_a_zone_indonesia_does_not_use_refuses_to_start(monkeypatch):
    from config import TestConfig
    from posyandu_app import create_app

    class Elsewhere(TestConfig):
        LOCAL_UTC_OFFSET = 6
    with pytest.raises(RuntimeError, match="LOCAL_UTC_OFFSET"):
        create_app(Elsewhere)
