"""A school class session on a 360 px phone, offline: a class registered from a pasted list (bad lines said in
Bahasa Indonesia, a child already registered refused), three children measured one after the other with the result
of each on the spot, then one upload: every person and visit exactly once on the server."""
import os
from datetime import date, timedelta
from pathlib import Path

from posyandu_app.extensions import db
from posyandu_app.models import AppliedOp, Facility, GrowthVisit, Person, YouthScreening

from .conftest import PHONE
from .helpers import count, first_page, login, pending_count, wait_for_worker, wait_until

SCHOOL = "SD Negeri 1 Mawar"


def _shot(page, tmp_path, name):
    # SCREENSHOTS=1 refreshes docs/screenshots; otherwise the pictures stay out of the work tree.
    folder = Path("docs/screenshots") if os.environ.get("SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / name))  # the 360 x 740 screen the kader sees


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def _day(years, days=0):
    return (date.today() - timedelta(days=years * 365 + days)).strftime("%d/%m/%Y")


def test_a_class_session_offline_registers_measures_and_uploads_exactly_once(live_server, world, make, phone,
                                                                                tmp_path):
    posyandu = db.session.get(Facility, world["posyandu_id"])
    make.person(posyandu, name="Rudi Hartono", sex="M", birth_date=date.today() - timedelta(days=10 * 365 + 40),
                mother_name=None)
    db.session.remove()  # the browser's server thread writes next
    context = phone()
    page = first_page(context)
    login(page, live_server, world["kader"])
    wait_for_worker(page)
    context.set_offline(True)

    page.get_by_test_id("class-link").click()
    page.wait_for_selector("#screen[data-screen=class_list]")
    register = page.get_by_test_id("class-register")
    register.get_by_label("Sekolah / kelompok").fill(SCHOOL)
    register.get_by_label("Kelas", exact=True).fill("5A")
    pasted = "\n".join([
        f"Andi Saputra; L; {_day(10, 10)}; 5A",
        f"Bunga Lestari\tP\t{_day(11, 100)}\t5A",  # as a spreadsheet copies it
        f"Citra Dewi; P; {_day(10, 200)}",  # the class of the form
        f"Rudi Hartono; L; {date.today() - timedelta(days=10 * 365 + 40):%d/%m/%Y}; 5A",  # already registered
        "Dedi; X; 01/01/2015; 5A",
        "Eko; L; 31/02/2015; 5A",
    ])
    register.get_by_label("Daftar anak").fill(pasted)
    register.get_by_role("button", name="Periksa daftar").click()
    preview = page.get_by_test_id("class-preview")
    preview.get_by_text("3 baris siap didaftarkan, 3 baris perlu diperbaiki.").wait_for()
    assert "Sudah terdaftar: Rudi Hartono" in preview.locator("[data-line='4']").inner_text()
    assert "Jenis kelamin tidak dikenal" in preview.locator("[data-line='5']").inner_text()
    assert "Tanggal lahir salah" in preview.locator("[data-line='6']").inner_text()
    assert _fits(page)
    preview.get_by_role("button", name="Daftarkan 3 anak").click()
    page.get_by_text("3 anak tersimpan di HP dan akan dikirim.").wait_for()
    members = page.get_by_test_id("class-members")
    assert members.locator(".person-name").all_inner_texts() == ["Andi Saputra", "Bunga Lestari", "Citra Dewi"]
    assert page.locator("#class-count").inner_text() == "0 dari 3 anak sudah diukur hari ini"

    page.get_by_role("link", name="Mulai sesi kelas").click()
    page.wait_for_selector("#screen[data-screen=class_session]")
    child = page.get_by_test_id("class-child")
    assert child.locator("h2").inner_text() == "Andi Saputra"
    assert child.get_by_label("Hb (g/dL)").count() == 0  # a kader measures Hb only when a bidan is there
    child.get_by_label("Berat badan (kg)").fill("30,5")
    child.get_by_label("Tinggi badan (cm)").fill("138")
    child.get_by_role("button", name="Simpan & anak berikutnya").click()
    page.get_by_test_id("class-child").locator("h2", has_text="Bunga Lestari").wait_for()

    child = page.get_by_test_id("class-child")
    child.get_by_label("Berat badan (kg)").fill("22")
    child.get_by_label("Tinggi badan (cm)").fill("128")
    page.get_by_label("Ada bidan: periksa Hb").check()  # the bidan arrives: what was typed stays
    assert child.get_by_label("Berat badan (kg)").input_value() == "22"
    child.get_by_label("Hb (g/dL)").fill("9,5")
    child.get_by_role("button", name="Simpan & anak berikutnya").click()
    page.get_by_test_id("class-child").locator("h2", has_text="Citra Dewi").wait_for()
    assert "Hb: Anemia sedang" in page.get_by_test_id("class-result").first.inner_text()  # Bunga's, at once
    assert _fits(page)
    _shot(page, tmp_path, "21-class-session.png")
    child = page.get_by_test_id("class-child")
    child.get_by_label("Berat badan (kg)").fill("27")
    child.get_by_label("Tinggi badan (cm)").fill("124")
    child.get_by_label("Hb (g/dL)").fill("12,5")
    child.get_by_role("button", name="Simpan & anak berikutnya").click()
    page.get_by_text("Semua anak di kelas ini sudah diukur hari ini.").wait_for()
    assert page.locator("#class-progress").inner_text() == "3 dari 3 anak sudah diukur hari ini"

    results = {page.get_by_test_id("class-result").nth(i).locator("strong").inner_text():
               page.get_by_test_id("class-result").nth(i).inner_text() for i in range(3)}
    assert "IMT/U" in results["Andi Saputra"] and "TB/U" in results["Andi Saputra"]
    assert "Hb: Anemia sedang" in results["Bunga Lestari"]
    assert "Anemia sedang: rujuk ke puskesmas" in results["Bunga Lestari"]
    assert "Hb: Tidak anemia" in results["Citra Dewi"]
    assert "Pendek" in results["Citra Dewi"]  # 124 cm at 10 years: stunted (TB/U < -2 SD)
    assert _fits(page)

    page.get_by_role("link", name="Kembali ke daftar kelas").click()
    page.wait_for_selector("#screen[data-screen=class_list]")
    assert page.locator("#class-count").inner_text() == "3 dari 3 anak sudah diukur hari ini"
    assert page.get_by_test_id("class-members").get_by_text("Sudah diukur hari ini").count() == 3
    _shot(page, tmp_path, "20-class-list.png")
    # 3 persons, 3 growth checks, 2 Hb screenings
    assert pending_count(page) == 8
    assert count(Person, school=SCHOOL) == 0

    context.set_offline(False)  # signal: the upload starts by itself
    wait_until(lambda: pending_count(page) == 0, message="outbox emptied")
    pupils = wait_until(lambda: Person.query.filter_by(school=SCHOOL).count() == 3 and
                        Person.query.filter_by(school=SCHOOL).order_by(Person.name).all(), message="class stored")
    assert [(p.name, p.sex, p.class_name) for p in pupils] == [("Andi Saputra", "M", "5A"),
                                                               ("Bunga Lestari", "F", "5A"), ("Citra Dewi", "F", "5A")]
    for pupil in pupils:
        assert count(GrowthVisit, person_id=pupil.id) == 1, pupil.name
    assert count(YouthScreening) == 2
    assert count(Person, name="Rudi Hartono") == 1
    assert count(AppliedOp) == 8
    andi = GrowthVisit.query.filter_by(person_id=pupils[0].id).one()
    assert (andi.weight_kg, andi.length_cm, andi.measured) == (30.5, 138.0, "H")
    bunga = YouthScreening.query.filter_by(person_id=pupils[1].id).one()
    assert (bunga.hb_g_dl, bunga.anaemia_class) == (9.5, "anaemia_moderate")
    # The roster groups them as school age, and none is due until a year after today's check.
    page.locator("#tabs a[data-tab=roster]").click()
    page.get_by_role("button", name="Usia sekolah & remaja (4)").click()
    assert page.locator(".person-name").all_inner_texts() == ["Andi Saputra", "Bunga Lestari", "Citra Dewi",
                                                              "Rudi Hartono"]
    page.get_by_role("button", name="Jadwal bulan ini", exact=False).click()
    assert page.locator(".person-name").all_inner_texts() == ["Rudi Hartono"]


def test_a_class_list_file_is_checked_like_pasted_lines(live_server, world, phone, tmp_path):
    listing = tmp_path / "kelas_7a.csv"
    listing.write_text(f"nama,jenis_kelamin,tanggal_lahir,kelas\nFajar Nugroho,L,{_day(12)},7A\n"
                       f"Gita Savitri,P,{_day(13, 30)},7A\nHadi,L,{_day(1)},7A\n", encoding="utf-8")
    page = first_page(phone())
    login(page, live_server, world["kader"])
    page.get_by_test_id("class-link").click()
    register = page.get_by_test_id("class-register")
    register.get_by_label("Sekolah / kelompok").fill("SMP Negeri 2")
    page.set_input_files("#class-file", str(listing))
    wait_until(lambda: "Fajar Nugroho" in register.get_by_label("Daftar anak").input_value(), message="file read")
    register.get_by_role("button", name="Periksa daftar").click()
    preview = page.get_by_test_id("class-preview")
    preview.get_by_text("2 baris siap didaftarkan, 1 baris perlu diperbaiki.").wait_for()
    assert "Umur di luar 5–18 tahun" in preview.locator("[data-line='4']").inner_text()  # the header is no child
    preview.get_by_role("button", name="Daftarkan 2 anak").click()
    page.get_by_text("2 anak tersimpan di HP dan akan dikirim.").wait_for()
    assert page.get_by_test_id("class-members").locator(".person-name").all_inner_texts() == ["Fajar Nugroho",
                                                                                             "Gita Savitri"]
    wait_until(lambda: count(Person, school="SMP Negeri 2", class_name="7A") == 2, message="class uploaded")
