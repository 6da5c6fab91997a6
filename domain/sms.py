"""What an SMS can carry: its encoding, the segments a long text is cut into, and keeping words whole.

A text of GSM-7 characters only is sent as GSM-7: 160 characters fit one SMS, and a longer text
goes in parts of 153 (each part gives 7 to the header that joins them). One character outside
GSM-7 (Tamil, Hindi, ₹) makes the whole text UCS-2: 70 in one SMS, 67 a part. A person is
charged, and a cheap phone may show, each part on its own, so a reference or a UPI ID cut
between two parts cannot be read: such a word is moved whole to the next part.
"""

from __future__ import annotations

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Each of these costs two septets (an escape, then the character).
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67
MAX_SEGMENTS = 2  # what one reply may cost

# Characters our texts use that GSM-7 lacks, and what an English SMS writes instead,
# so that one "₹" does not turn a 160-character SMS into a 70-character one.
PLAIN = {"₹": "Rs.", "·": "-", "–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."}


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENDED for char in text)


def plain(text: str) -> str:
    """The text with ₹ and typographic marks written in GSM-7, when that makes all of it GSM-7.

    A Tamil or Hindi text is UCS-2 whatever we do, so its ₹ stays.
    """
    simpler = "".join(PLAIN.get(char, char) for char in text)
    return simpler if is_gsm7(simpler) else text


def _units(char: str, gsm: bool) -> int:
    if gsm:
        return 2 if char in GSM7_EXTENDED else 1
    return 2 if ord(char) > 0xFFFF else 1  # outside the BMP a character takes a UTF-16 pair


def segments(text: str) -> list[str]:
    """The parts the network cuts the text into (an escaped character or a UTF-16 pair is never cut)."""
    gsm = is_gsm7(text)
    single, part = (GSM7_SINGLE, GSM7_PART) if gsm else (UCS2_SINGLE, UCS2_PART)
    if sum(_units(char, gsm) for char in text) <= single:
        return [text] if text else []
    parts, current, used = [], [], 0
    for char in text:
        cost = _units(char, gsm)
        if used + cost > part:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += cost
    parts.append("".join(current))
    return parts


def count_segments(text: str) -> int:
    return len(segments(text))


def splits_a_word(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of `words` (wherever it appears in the text) runs across two parts."""
    return _first_cut(text, words) is not None


def keep_whole(text: str, words: tuple[str, ...]) -> str:
    """Pads with spaces before a word the parts would cut, so that it starts the next part."""
    for _ in range(len(text)):  # each pass moves one word; a bounded loop, not a hope
        cut = _first_cut(text, words)
        if cut is None:
            return text
        start, end = cut
        text = text[:start] + " " * (end - start) + text[start:]
    return text


def _first_cut(text: str, words: tuple[str, ...]) -> tuple[int, int] | None:
    """(where the first cut word starts, where its part ends)."""
    at, ends = 0, []
    for part in segments(text)[:-1]:
        at += len(part)
        ends.append(at)
    cuts = []
    for word in filter(None, words):
        start = text.find(word)
        while start >= 0:
            cuts += [(start, end) for end in ends if start < end < start + len(word)]
            start = text.find(word, start + 1)
    return min(cuts) if cuts else None


def fit(text: str, words: tuple[str, ...] = (), most: int = MAX_SEGMENTS) -> list[str]:
    """The text as SMS messages of at most `most` parts each, `words` never cut.

    Our texts fit one message (a test counts them with the longest values); only a value longer
    than any we planned for makes a second message, cut between lines.
    """
    text = plain(text)
    whole = keep_whole(text, words)
    if count_segments(whole) <= most:
        return [whole]
    messages: list[str] = []
    for line in text.split("\n"):
        joined = f"{messages[-1]}\n{line}" if messages else line
        if messages and count_segments(keep_whole(joined, words)) <= most:
            messages[-1] = joined
        else:
            messages.append(line)
    return [keep_whole(message, words) for message in messages]
