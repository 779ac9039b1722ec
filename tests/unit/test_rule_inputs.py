"""Python-only input forms that JSON vectors cannot carry: datetime.date values, tuples, the error type."""
import datetime

import pytest

from posyandu_app.domain.adult import assess_adult_screening
from posyandu_app.domain.errors import DomainValidationError
from posyandu_app.domain.pregnancy import assess_pregnancy_episode, assess_pregnancy_visit


def test_dates_may_be_date_objects():
    result = assess_pregnancy_visit({"hpht": datetime.date(2024, 1, 1)}, {"visit_date": datetime.date(2024, 5, 1)},
                                    (datetime.date(2024, 2, 15),))
    assert result["visit_date"] == "2024-05-01" and result["anc"]["contact_code"] == "K2"


def test_datetime_is_not_a_date():
    with pytest.raises(DomainValidationError) as info:
        assess_pregnancy_visit({"hpht": "2024-01-01"}, {"visit_date": datetime.datetime(2024, 5, 1, 8, 0)})
    assert info.value.field_errors["visit_date"]["code"] == "invalid_date"


def test_default_lists_and_tuples():
    result = assess_pregnancy_episode({"hpht": "2024-01-01"}, "2024-05-01", ({"visit_date": "2024-02-01"},))
    assert result["anc"]["total"] == 1


def test_error_is_a_value_error_with_both_languages():
    with pytest.raises(ValueError) as info:
        assess_adult_screening({"sex": "M", "birth_date": "1980-01-01"}, {"visit_date": "2024-01-01", "systolic": 20,
                                                                           "diastolic": 80})
    assert isinstance(info.value, DomainValidationError)
    assert info.value.field_errors["systolic"] == {"code": "out_of_range", "id": "Harus antara 50 dan 300 mmHg",
                                                   "en": "Must be between 50 and 300 mmHg"}
    assert str(info.value) == "systolic: Must be between 50 and 300 mmHg"


def test_huge_integer_is_out_of_range_not_a_crash():
    with pytest.raises(DomainValidationError) as info:
        assess_adult_screening({"sex": "M", "birth_date": "1980-01-01"},
                               {"visit_date": "2024-01-01", "weight_kg": 10**400})
    assert info.value.field_errors["weight_kg"]["code"] == "out_of_range"
