"""Reports and exports stay inside the user's scope: another pustu's or puskesmas's unit is a 404, for pages and
for CSV/XLSX alike, and a kader reaches no report at all."""
import pytest

from ..factories import login
from ..web.review_helpers import build_world

PAGES = ["/reports/monthly", "/reports/pregnancy", "/reports/screening", "/reports/pws", "/reports/late",
         "/reports/monthly.csv", "/reports/pws.xlsx", "/reports/late.csv"]


@pytest.mark.parametrize("url", PAGES)
def test_a_unit_outside_the_scope_is_not_found(client, make, url):
    world = build_world(make)
    login(client, world.bidan)
    assert client.get(f"{url}?unit=posyandu:{world.posyandu.id}").status_code == 200
    assert client.get(f"{url}?unit=posyandu:{world.sibling_posyandu.id}").status_code == 404
    assert client.get(f"{url}?unit=pustu:{world.other_pustu.id}").status_code == 404
    assert client.get(f"{url}?unit=posyandu:{world.foreign_posyandu.id}").status_code == 404


def test_supervisor_sees_the_whole_puskesmas_but_not_another(client, make):
    world = build_world(make)
    login(client, world.supervisor)
    assert client.get(f"/reports/monthly?unit=pustu:{world.other_pustu.id}").status_code == 200
    assert client.get(f"/reports/monthly.csv?unit=posyandu:{world.foreign_posyandu.id}").status_code == 404


def test_kader_reaches_no_report(client, make):
    world = build_world(make)
    login(client, world.kader)
    assert {client.get(url).status_code for url in PAGES} == {403}
