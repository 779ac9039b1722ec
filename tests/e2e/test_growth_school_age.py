"""A 10-year-old at the posyandu, at 360 px and offline: the growth visit is offered, the result reads the WHO 2007
reference (IMT/U "Gizi baik", TB/U, no KMS) and the child's page charts height and BMI past five years; it is
uploaded once back online (issue 16)."""
from datetime import date, timedelta

from posyandu_app.extensions import db
from posyandu_app.models import GrowthVisit

from .helpers import count, first_page, login, open_person, wait_for_sync_idle, wait_for_worker, wait_until


def test_a_ten_year_olds_growth_visit_offline_gets_bmi_for_age_and_a_chart_past_five(make, live_server, phone):
    posyandu = make.posyandu(name="Posyandu Kenanga")
    make.user("kader", posyandu, username="kader_kenanga", full_name="Kader Kenanga")
    child = make.person(posyandu, name="Rani Sekolah", sex="F", birth_date=date.today() - timedelta(days=3783),
                        mother_name="Sri Wahyuni")
    make.growth(child, visit_date=date.today() - timedelta(days=400), weight_kg=25.0, length_cm=133.0,
                measured="H")
    child_id = child.id
    db.session.remove()

    page = first_page(phone())
    login(page, live_server, "kader_kenanga")
    wait_for_worker(page)
    page.context.set_offline(True)
    open_person(page, "Rani Sekolah")
    page.get_by_role("link", name="Timbang & ukur").click()
    page.get_by_label("Berat badan (kg)", exact=True).fill("27")
    page.get_by_label("Panjang / tinggi badan (cm)").fill("139")
    page.get_by_role("button", name="Simpan & lihat hasil").click()
    page.wait_for_selector("#screen[data-screen=visit]")

    text = page.get_by_test_id("result").inner_text()
    assert "IMT/U" in text and "Gizi baik" in text and "TB/U" in text
    assert "KMS" not in text and "BB/TB" not in text  # the balita card and weight-for-height end at five years
    charts = page.locator("svg.chart")
    wait_until(lambda: charts.count() >= 2, message="growth charts")
    labels = [charts.nth(i).get_attribute("aria-label") for i in range(charts.count())]
    assert "Tinggi badan menurut umur (0–19 tahun)" in labels and "IMT menurut umur (0–19 tahun)" in labels
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

    page.context.set_offline(False)
    wait_for_sync_idle(page)
    wait_until(lambda: count(GrowthVisit, person_id=child_id) == 2, message="uploaded")
    stored = db.session.query(GrowthVisit).filter_by(person_id=child_id).order_by(GrowthVisit.visit_date).all()[-1]
    assert stored.baz is not None and stored.haz is not None and stored.waz is None and stored.kms_code is None
