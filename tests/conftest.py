"""The suite's fixtures live in tests/fixtures/, one module per kind, loaded as plugins. The
same tests run on SQLite and, with AWARD_TEST_DATABASE_URL set, on PostgreSQL; the schema is
always made by the migrations.

Tests under tests/browser/ are marked `browser` (Chromium): `pytest -m "not browser"` runs the
rest in seconds.
"""

from pathlib import Path

import pytest

# Assertions in the fixture modules are rewritten too (they are imported below, before pytest
# would load them as plugins).
pytest.register_assert_rewrite("fixtures")
from fixtures.database import START, Clock  # noqa: E402, F401  (imported by tests)
from fixtures.factories import (  # noqa: E402, F401  (imported by tests)
    JUDGING,
    PASSWORD,
    answers_form,
    csrf_token,
    login,
)
from fixtures.mail import free_port  # noqa: E402, F401  (imported by tests)

pytest_plugins = ["fixtures.database", "fixtures.mail", "fixtures.factories", "fixtures.browser"]

BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
