"""The face photos in tests/fixtures/faces: three people, and A with B (MIT, see the README there)."""

from __future__ import annotations

from pathlib import Path

FACES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"


def face(name: str) -> bytes:
    return (FACES / name).read_bytes()
