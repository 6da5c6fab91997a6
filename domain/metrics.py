"""Model quality measures, in plain Python."""

from __future__ import annotations

import random
from collections.abc import Sequence


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """The chance that a random success scores above a random failure (ties count half).

    Computed from ranks (Mann-Whitney U), so it costs one sort.
    """
    pairs = sorted(zip(scores, labels, strict=True))
    positives = sum(labels)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        raise ValueError("AUC needs both outcomes")
    rank_sum, index = 0.0, 0
    while index < len(pairs):
        tied = index
        while tied < len(pairs) and pairs[tied][0] == pairs[index][0]:
            tied += 1
        average_rank = (index + 1 + tied) / 2  # ranks index+1 … tied share their mean
        rank_sum += average_rank * sum(label for _, label in pairs[index:tied])
        index = tied
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def win_rate(
    labels: Sequence[int], challenger: Sequence[float], incumbent: Sequence[float], rounds: int = 200
) -> float:
    """How often the challenger's AUC beats the incumbent's over paired bootstrap resamples.

    A fixed seed keeps the verdict reproducible for the same data.
    """
    generator = random.Random(20261126)
    size, wins, counted = len(labels), 0, 0
    for _ in range(rounds):
        picks = [generator.randrange(size) for _ in range(size)]
        sample = [labels[i] for i in picks]
        if 0 < sum(sample) < size:
            counted += 1
            wins += roc_auc(sample, [challenger[i] for i in picks]) > roc_auc(sample, [incumbent[i] for i in picks])
    return wins / counted if counted else 0.0
