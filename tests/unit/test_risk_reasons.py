"""The high-risk list is driven by the registry: each kind's risk module is found by name and fully used."""
import pkgutil

from sqlalchemy.sql import ClauseElement

from posyandu_app.services import high_risk, risks
from posyandu_app.visit_kinds import kinds, parent_of
from posyandu_app.web.risk_details import WORDS


def test_every_risk_module_is_named_by_a_kind_so_none_is_left_off_the_list():
    modules = {info.name for info in pkgutil.iter_modules(risks.__path__)} - {"common"}
    named = [kind.risks for kind in kinds() if kind.risks]
    assert sorted(named) == sorted(modules)


def test_each_reason_is_listed_once_in_its_group_with_words_and_a_way_to_be_found():
    assert high_risk.REASON_CODES == [reason.code for reason in high_risk.REASONS]
    groups = [high_risk.GROUPS.index(reason.group) for reason in high_risk.REASONS]
    assert groups == sorted(groups)  # the list shows children, school age, pregnancy, adults in that order
    for kind, module in high_risk.risk_modules():
        for reason in module.REASONS:
            assert reason.words in WORDS, reason.code
            if reason.condition is None:
                assert callable(getattr(module, "rows", None)), f"{kind.entity}: {reason.code} has no rows()"
            else:
                assert isinstance(reason.condition(kind.model), ClauseElement)
                assert callable(reason.facts)


def test_a_kind_below_an_open_record_is_listed_only_while_that_record_is_open():
    visit = next(kind for kind, _ in high_risk.risk_modules() if kind.entity == "pregnancy_visit")
    parent = parent_of(visit)
    assert parent.entity == "pregnancy"
    sql = str(high_risk._open(parent)[0].compile(compile_kwargs={"literal_binds": True}))
    assert "'ongoing'" in sql and "IS NULL" in sql
