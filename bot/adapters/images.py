"""The image pipeline: check, orient, strip, shrink, watermark and re-encode a photo.

Runs in the photo job. Works on bytes and Pillow images only; faces are `bot.adapters.faces`' business.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
STORED_MAX_SIDE = 1280
STORED_MAX_BYTES = 500 * 1024
FACE_MAX_SIDE = 1000  # faces are found on a smaller copy: faster, and as accurate at street distance
# Refused from the header, before decoding: a phone's camera makes at most about 12-50 MP, and a
# 25 MP RGB image already takes 75 MB decoded (a few kB of PNG can claim far more).
MAX_PIXELS = 25_000_000


class ImageProblem(StrEnum):
    UNSUPPORTED = "unsupported"
    TOO_LARGE = "too_large"
    CORRUPT = "corrupt"
    TOO_MANY_PIXELS = "too_many_pixels"


@dataclass(frozen=True)
class Box:
    """A face's box, in the pixels of the image it was found in."""

    top: int
    right: int
    bottom: int
    left: int

    def scaled(self, factor: float) -> Box:
        return Box(*(round(side * factor) for side in (self.top, self.right, self.bottom, self.left)))


def open_checked(raw: bytes, max_bytes: int) -> Image.Image | ImageProblem:
    """Decodes a photo fully, upright and in RGB, or says what is wrong with it."""
    if len(raw) > max_bytes:
        return ImageProblem.TOO_LARGE
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its pixel limit and twice that; we refuse at the limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))  # reads the header only
            if image.format not in ACCEPTED_FORMATS:
                return ImageProblem.UNSUPPORTED
            if image.width * image.height > MAX_PIXELS:
                return ImageProblem.TOO_MANY_PIXELS
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ImageProblem.TOO_MANY_PIXELS
    except (OSError, SyntaxError, ValueError):  # Pillow's ways of saying truncated or corrupt
        return ImageProblem.CORRUPT
    return _upright_rgb(image)


def _upright_rgb(image: Image.Image) -> Image.Image:
    """Turned and converted without needless copies: each would hold the whole decoded photo again."""
    ImageOps.exif_transpose(image, in_place=True)  # without in_place it copies even an upright photo
    return image if image.mode == "RGB" else image.convert("RGB")


def shrunk(image: Image.Image, max_side: int) -> tuple[Image.Image, float]:
    """A copy no larger than max_side, and the factor from the copy's pixels back to the original's."""
    copy = image.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return copy, image.width / copy.width


def shrink_in_place(image: Image.Image, max_side: int) -> Image.Image:
    """The same image made no larger than max_side, for a caller that no longer needs the original."""
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return image


def blur_faces(image: Image.Image, boxes: list[Box]) -> Image.Image:
    """Blurs the faces in the image itself: the unblurred pixels must not live on in a copy."""
    for box in boxes:
        area = (box.left, box.top, box.right, box.bottom)
        radius = max(8, (box.right - box.left) // 6)
        image.paste(image.crop(area).filter(ImageFilter.GaussianBlur(radius)), area)
    return image


def watermark(image: Image.Image, text: str) -> Image.Image:
    """The order reference in a corner, drawn on the image itself: a leaked copy says where it came from."""
    marked = image
    draw = ImageDraw.Draw(marked)
    font = ImageFont.load_default(size=max(14, marked.width // 30))
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x, y = marked.width - (right - left) - 12, marked.height - (bottom - top) - 12
    draw.rectangle((x - 6, y - 4, x + (right - left) + 6, y + (bottom - top) + 8), fill=(0, 0, 0))
    draw.text((x, y - top), text, font=font, fill=(255, 255, 255))
    return marked


def encode(image: Image.Image, max_bytes: int = STORED_MAX_BYTES) -> bytes:
    """JPEG with no metadata at all (no EXIF, no GPS), at the best quality that fits max_bytes."""
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a new image carries none of the original's info blocks
    while True:
        for quality in (85, 75, 65, 55, 45, 35):
            buffer = io.BytesIO()
            clean.save(buffer, "JPEG", quality=quality, optimize=True)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue()
        clean = clean.resize((clean.width * 3 // 4, clean.height * 3 // 4), Image.Resampling.LANCZOS)
