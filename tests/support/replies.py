"""What a person is told, compared whole: every message, exactly, in order.

An expected text may hold placeholders such as {ref} for what changes from run to run (an
order's reference); only the names given are filled in, so any other brace stays as written.
"""

from __future__ import annotations

Expected = str | list[str]


def lines(*texts: str) -> str:
    """One message of several texts, a line each: how the outbox joins what one job says to one person."""
    return "\n".join(texts)


def expected(wanted: Expected, **values: str) -> list[str]:
    """A single text is one message; a list is several, in order; [] is silence."""
    texts = [wanted] if isinstance(wanted, str) else list(wanted)
    for name, value in values.items():
        texts = [text.replace("{" + name + "}", value) for text in texts]
    return texts


def assert_told(who: str, told: list[str], wanted: Expected, **values: str) -> None:
    want = expected(wanted, **values)
    assert told == want, f"{who} was told {len(told)} message(s), expected {len(want)}"
