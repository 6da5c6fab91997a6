import pytest

# The shared helpers assert on whole replies; rewritten, their failures show both lists.
pytest.register_assert_rewrite("tests.support")
