"""The face photos in ../shared/testdata/faces (read-only): three people, and A with B."""

from __future__ import annotations

from pathlib import Path

FACES = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "faces"


def face(name: str) -> bytes:
    return (FACES / name).read_bytes()
