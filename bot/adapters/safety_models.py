"""LightGBM safety models: trained by a job, loaded once per process and version, asked per assessment."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from domain.safety import FEATURES


def matrix(rows: Sequence[dict]) -> np.ndarray:
    """Features in FEATURES' order; a missing value becomes NaN, which LightGBM handles."""
    return np.array([[np.nan if row.get(name) is None else row[name] for name in FEATURES] for row in rows], float)


class LightGBMModels:
    def __init__(self):
        self._boosters: dict[int, object] = {}
        self._lock = threading.Lock()

    def booster(self, version: int, path: str):
        with self._lock:
            if version not in self._boosters:
                import lightgbm  # only where a model is used: the web app may never need it

                self._boosters[version] = lightgbm.Booster(model_file=path)
            return self._boosters[version]

    def predict(self, version: int, path: str, features: dict) -> float:
        return float(self.booster(version, path).predict(matrix([features]))[0])


def train(rows: Sequence[dict], labels: Sequence[int], path: Path, seed: int = 7):
    """A small, regularised binary classifier: the data is a few hundred to a few thousand deliveries."""
    import lightgbm

    params = {
        "objective": "binary",
        "learning_rate": 0.05,
        "num_leaves": 15,
        "min_data_in_leaf": 10,
        "feature_fraction": 0.9,
        "bagging_fraction": 0.9,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "seed": seed,
        "deterministic": True,
        "num_threads": 1,
        "verbose": -1,
    }
    data = lightgbm.Dataset(matrix(rows), label=np.array(labels), feature_name=list(FEATURES))
    booster = lightgbm.train(params, data, num_boost_round=150)
    path.parent.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(path))
    return booster
