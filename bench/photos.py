"""Photos per second through the photo job's CPU work, `jobs.photos.clean`, on one core.

`run()` starts `python -m bench.photos` as a child pinned to one CPU with one OpenMP/BLAS thread, and
reads the one JSON line it prints. The child builds a face photo at three sizes (a phone's JPEG with
EXIF, stored sideways with an orientation tag), loads the face model once, then times `clean()`.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACES = ROOT / "tests" / "fixtures" / "faces"  # as tests/support/faces.py finds them
SOURCE = "person_a_1.jpg"
SIZES = ((640, 30), (1280, 20), (4000, 8))  # long side in pixels, timed runs
REFERENCE = "K7QX"
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@dataclass(frozen=True)
class Row:
    long_side: int
    width: int
    height: int
    input_bytes: int
    output_bytes: int
    runs: int
    per_second: float
    p50_ms: float
    verdicts: str  # e.g. "one_face", or "one_face×7, no_face×1" if runs disagree


@dataclass(frozen=True)
class Report:
    rows: list[Row]
    model_load_s: float
    cpu: int

    @property
    def all_one_face(self) -> bool:
        return all(row.verdicts == "one_face" for row in self.rows)


def run() -> Report:
    """Runs the measurement in a child process on one core and returns what it found."""
    child = subprocess.run(
        [sys.executable, "-m", "bench.photos"],
        env={**os.environ, **ONE_THREAD},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        raise RuntimeError(f"bench.photos failed ({child.returncode}):\n{child.stderr[-4000:]}")
    data = json.loads(child.stdout.strip().splitlines()[-1])
    return Report([Row(**row) for row in data["rows"]], data["model_load_s"], data["cpu"])


def measure() -> Report:
    """In the child: pin to one CPU, load the model once, then time `clean()` at each size."""
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    # Imported only now: numpy and dlib see the one-thread environment and the pinned CPU.
    from bot.settings import Settings
    from compose import build_services
    from jobs import photos, runtime

    # clean() reads settings and the face model only; nothing connects to these.
    services = build_services(
        Settings(environment="development", database_url="postgresql://bench@/unused", redis_url="redis://unused")
    )
    runtime.use(services)
    began = time.perf_counter()
    services.faces.load()
    model_load_s = time.perf_counter() - began
    rows = []
    for long_side, runs in SIZES:
        raw, (width, height) = phone_jpeg(long_side)
        photos.clean(raw, REFERENCE, "seeker")  # warm-up, not timed
        timings, verdicts, output = [], [], 0
        for _ in range(runs):
            began = time.perf_counter()
            cleaned = photos.clean(raw, REFERENCE, "seeker")
            timings.append(time.perf_counter() - began)
            verdicts.append(str(cleaned.verdict) if cleaned else "dropped")
            output = len(cleaned.content) if cleaned else 0
        rows.append(
            Row(
                long_side=long_side,
                width=width,
                height=height,
                input_bytes=len(raw),
                output_bytes=output,
                runs=runs,
                per_second=runs / sum(timings),
                p50_ms=statistics.median(timings) * 1000,
                verdicts=_tally(verdicts),
            )
        )
    return Report(rows, model_load_s, cpu)


def phone_jpeg(long_side: int) -> tuple[bytes, tuple[int, int]]:
    """The face photo scaled to `long_side`, saved as a phone would: quality 90, EXIF with GPS, stored sideways."""
    from PIL import ExifTags, Image

    with Image.open(FACES / SOURCE) as original:
        image = original.convert("RGB")
    scale = long_side / max(image.size)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchPhone"
    exif[ExifTags.Base.Model] = "BP-1"
    exif[ExifTags.Base.DateTime] = "2024:06:01 12:30:00"
    exif[ExifTags.Base.Orientation] = 6  # the viewer turns it 90° clockwise: upright again
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (13.0, 4.0, 57.6),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (80.0, 16.0, 14.5),
        }
    )
    buffer = io.BytesIO()
    image.transpose(Image.Transpose.ROTATE_90).save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue(), image.size


def _tally(verdicts: list[str]) -> str:
    counts = {verdict: verdicts.count(verdict) for verdict in dict.fromkeys(verdicts)}
    return next(iter(counts)) if len(counts) == 1 else ", ".join(f"{v}×{n}" for v, n in counts.items())


if __name__ == "__main__":
    os.environ.update(ONE_THREAD)
    print(json.dumps(asdict(measure())))
