"""What a missing tool means: a skip on a developer's machine, a failure under CI=true."""

import os

import pytest

ON_CI = os.environ.get("CI", "").lower() == "true"


def skip_unless_ci(reason: str):
    """Skip the test for reason, except under CI=true, where a missing tool fails it."""
    if ON_CI:
        pytest.fail(f"{reason} (CI=true: this test may not be skipped)")
    pytest.skip(reason)
