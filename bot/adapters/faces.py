"""Face embeddings with face_recognition (dlib): the HOG detector and the 128-d encoding.

The models are loaded once per worker process, when it starts, never at import.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
from types import ModuleType

import numpy as np
from PIL import Image

from bot.adapters.images import FACE_MAX_SIDE, Box, shrunk


@dataclass(frozen=True)
class Face:
    box: Box  # in the pixels of the full image
    embedding: list[float]


class FaceModel:
    def __init__(self):
        self._library: ModuleType | None = None
        self._lock = threading.Lock()

    def load(self) -> FaceModel:
        """Imports face_recognition, which loads dlib's models (about a second)."""
        with self._lock:
            if self._library is None:
                with warnings.catch_warnings():
                    # face_recognition_models finds its model files with pkg_resources (setuptools is
                    # pinned below 81, which still has it); its deprecation warning is not ours to act on.
                    warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
                    import face_recognition

                self._library = face_recognition
        return self

    def faces(self, image: Image.Image) -> list[Face]:
        library = self.load()._library
        small, factor = shrunk(image, FACE_MAX_SIDE)
        pixels = np.asarray(small)
        locations = library.face_locations(pixels, number_of_times_to_upsample=1, model="hog")
        encodings = library.face_encodings(pixels, known_face_locations=locations)
        return [
            Face(Box(*location).scaled(factor), [float(value) for value in encoding])
            for location, encoding in zip(locations, encodings, strict=True)
        ]
