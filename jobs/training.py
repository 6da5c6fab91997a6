"""Trains the safety model on the platform's own delivery outcomes, and promotes it only if it is better."""

from __future__ import annotations

from pathlib import Path

from bot.adapters import matrix, train
from domain.metrics import roc_auc, win_rate
from domain.safety import FEATURES
from jobs import runtime

HELD_OUT = 0.25  # the later quarter, by time
PROMOTE_AT = 0.95


def train_safety_model() -> dict:
    """Split by time; promote only when the new model beats the rules and the current model on the later slice."""
    services = runtime.services()
    with services.uow() as uow:
        examples = uow.safety.labelled()
        current = uow.safety.current_model()
        version = uow.safety.next_version()
    needed = services.settings.safety_min_training
    if len(examples) < needed:
        return {"trained": False, "reason": f"{len(examples)} labelled deliveries, {needed} needed"}
    examples.sort(key=lambda example: example.at)
    cut = int(len(examples) * (1 - HELD_OUT))
    earlier, later = examples[:cut], examples[cut:]
    labels = [example.delivered for example in later]
    if len(set(labels)) < 2 or len({example.delivered for example in earlier}) < 2:
        return {"trained": False, "reason": "both outcomes are needed in the earlier and the later slice"}
    path = Path(services.settings.model_dir) / f"safety-v{version}.txt"
    booster = train([e.features for e in earlier], [e.delivered for e in earlier], path)
    later_features = matrix([example.features for example in later])
    scores = list(booster.predict(later_features))
    rules = [example.rule_score for example in later]
    metrics = {
        "auc": roc_auc(labels, scores),
        "rules_auc": roc_auc(labels, rules),
        "beats_rules": win_rate(labels, scores, rules),
        "current_auc": None,
        "beats_current": None,
        "trained_on": len(earlier),
        "held_out": len(later),
    }
    rivals_beaten = [metrics["beats_rules"]]
    if current is not None:
        previous = list(services.safety_models.booster(current.version, current.path).predict(later_features))
        metrics["current_auc"] = roc_auc(labels, previous)
        metrics["beats_current"] = win_rate(labels, scores, previous)
        rivals_beaten.append(metrics["beats_current"])
    # Better in at least 95% of paired resamples: a lucky split does not replace a working scorer.
    promoted = all(rate >= PROMOTE_AT for rate in rivals_beaten)
    with services.uow() as uow:
        uow.safety.add_model(version, str(path), len(examples), list(FEATURES), metrics, promoted)
        uow.commit()
    return {"trained": True, "version": version, "promoted": promoted, **metrics}
