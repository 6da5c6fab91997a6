"""deploy/alerts.yml: Prometheus accepts it, its cases fire as meant, and it asks only for what /metrics exports."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from prometheus_client import Counter, Histogram
from prometheus_client.parser import text_string_to_metric_families

from bot.adapters import metrics
from tests.support.processes import ROOT

ALERTS = ROOT / "deploy" / "alerts.yml"
# The alerts a meal service needs (the seed's list): each must stay.
EXPECTED = {
    "KetpaarWebhookSlow",
    "KetpaarWebhookErrors",
    "KetpaarJobsFailing",
    "KetpaarQueueBacklog",
    "KetpaarWorkerHeartbeatMissing",
    "KetpaarInboundUnhandled",
    "KetpaarOutboundFailures",
    "KetpaarDependencyDown",
    "KetpaarOrdersStuck",
    "KetpaarPaymentClaimsFlagged",
    "KetpaarGoogleBudgetNearlySpent",
}
SELECTOR = re.compile(r"(ketpaar_\w+)(?:\{([^}]*)\})?")
LABEL = re.compile(r"(\w+)\s*(?:=~|!~|!=|=)")


def rules() -> list[dict]:
    return [rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]]


def counted() -> dict[str, set[str]]:
    """Every series name the processes' counters and histograms export, with their labels."""
    found = {}
    for metric in vars(metrics).values():
        if isinstance(metric, Counter):
            found[f"{metric._name}_total"] = set(metric._labelnames)
        elif isinstance(metric, Histogram):
            for suffix in ("_bucket", "_count", "_sum"):
                found[metric._name + suffix] = {*metric._labelnames, *(["le"] if suffix == "_bucket" else [])}
    return found


def scraped(client) -> set[str]:
    """Every family a scrape reads from PostgreSQL and Redis (with no samples, its name is still on the page)."""
    page = client.get("/metrics").get_data(as_text=True)
    return {family.name for family in text_string_to_metric_families(page)}


def test_the_alerts_are_the_ones_a_meal_service_needs_each_with_a_severity_and_an_action():
    found = rules()
    assert {rule["alert"] for rule in found} == EXPECTED
    for rule in found:
        assert rule["labels"]["severity"] in ("warning", "critical")
        assert rule["annotations"]["summary"] and rule["annotations"]["action"]


def test_every_alert_asks_only_for_metrics_and_labels_that_metrics_exports(client):
    series = counted()
    families = scraped(client)
    for rule in rules():
        selectors = SELECTOR.findall(rule["expr"])
        assert selectors, rule["alert"]
        for name, labels in selectors:
            assert name in series or name in families, f"{rule['alert']} asks for {name}, which is not exported"
            if name in series:
                used = set(LABEL.findall(labels))
                assert used <= series[name], f"{rule['alert']}: {name} has no label {used - series[name]}"


@pytest.mark.skipif(not shutil.which("promtool"), reason="promtool not installed (Debian: apt-get install prometheus)")
def test_promtool_accepts_the_rules_and_their_cases_fire_as_meant():
    checked = subprocess.run(["promtool", "check", "rules", str(ALERTS)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = subprocess.run(
        ["promtool", "test", "rules", "alerts_test.yml"], cwd=ALERTS.parent, capture_output=True, text=True
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
