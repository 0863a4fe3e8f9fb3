from ..signals.conftest import feed_key, housing_corporation, rent_feed  # noqa: F401 (fixtures for the fuzz tests)
