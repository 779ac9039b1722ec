"""Configuration: production refuses to start without a SECRET_KEY."""
import pytest

from config import ProductionConfig


def test_production_without_secret_key_stops_with_clear_message(monkeypatch):
    class Prod(ProductionConfig):
        SECRET_KEY = None
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        Prod.finalize()
