"""The roll-up's sum: a desa or unit total adds up its posyandu's raw counts at whatever depth a report keeps them."""
from posyandu_app.services.reports.rollup import add_up


def test_add_up_sums_flat_and_nested_counts_key_by_key():
    assert add_up([{"K1": 2, "pregnant": 5}, {"K1": 1, "visited": 3}]) == {"K1": 3, "pregnant": 5, "visited": 3}
    groups = [{"adult": {"screened": 4, "referral": 1}}, {"adult": {"screened": 2}, "elderly": {"screened": 7}}]
    assert add_up(groups) == {"adult": {"screened": 6, "referral": 1}, "elderly": {"screened": 7}}


def test_add_up_leaves_each_posyandu_count_as_it_was():
    first, second = {"2026-03": {"D": 1}}, {"2026-03": {"D": 2}}
    assert add_up([first, second]) == {"2026-03": {"D": 3}}
    assert add_up([first]) is not first and first == {"2026-03": {"D": 1}} and second == {"2026-03": {"D": 2}}
    assert add_up([]) == {}
