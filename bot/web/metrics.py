"""/metrics for Prometheus: the counts of every process (bot/adapters/metrics.py), and figures read at
scrape time from PostgreSQL and Redis (queue depth, workers, orders, Google's budget).

Who may read it: in development anyone; in production only with `Authorization: Bearer $METRICS_TOKEN`,
and without METRICS_TOKEN the page does not exist (404). The app faces the internet for Twilio, the
figures are the business's own (orders by status, flagged payments), and each scrape runs queries,
so an open page would be both a leak and a cheap way to load the database. Prometheus sends the token
with `authorization: {credentials_file: …}` (deploy/README.md).
"""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, Response, abort, request
from prometheus_client.core import GaugeMetricFamily
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from bot.adapters import metrics
from bot.web.context import services
from bot.web.health import HEARTBEAT_MAX_AGE_S
from compose import Services
from models import gauges

log = logging.getLogger(__name__)

bp = Blueprint("prometheus", __name__)  # "metrics" is the API's (the dashboard's numbers)


@bp.get("/metrics")
def scrape() -> Response:
    """Prometheus' text format; 404 in production without METRICS_TOKEN, 401 without the token when set."""
    token = services().settings.metrics_token
    if not token and services().settings.production:
        abort(404)
    if token and not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        abort(401)
    return Response(metrics.page(Scraped(services())), mimetype=metrics.CONTENT_TYPE)


class Scraped:
    """Figures read when Prometheus asks. A dependency that does not answer is reported as down
    (`ketpaar_up`), and the figures from the others still come."""

    def __init__(self, built: Services):
        self.services = built

    def collect(self):
        up = GaugeMetricFamily("ketpaar_up", "Whether a dependency answered this scrape", labels=["dependency"])
        for dependency, read in (("postgresql", self._postgresql), ("redis", self._redis)):
            try:
                yield from read()
                up.add_metric([dependency], 1)
            except Exception as error:  # any failure to reach it is the answer
                log.warning("metrics: %s did not answer: %s", dependency, type(error).__name__)
                up.add_metric([dependency], 0)
        yield up

    def _postgresql(self):
        with self.services.engine.connect() as connection:
            found = gauges.read(connection)
        now = self.services.clock()
        orders = GaugeMetricFamily("ketpaar_orders", "Orders by status", labels=["status"])
        for status, count in sorted(found.by_status.items()):
            orders.add_metric([status], count)
        waits = GaugeMetricFamily(
            "ketpaar_order_oldest_wait_seconds",
            "How long the oldest order in each wait a sweep should end has waited (0 when none waits)",
            labels=["wait"],
        )
        for wait, since in found.waiting_since.items():
            waits.add_metric([wait], _age(now, since))
        yield orders
        yield waits
        yield GaugeMetricFamily(
            "ketpaar_payment_claims_flagged",
            "Orders whose donor said PAID and whose kitchen has not confirmed, flagged for an admin",
            value=found.flagged_claims,
        )
        yield GaugeMetricFamily(
            "ketpaar_inbound_oldest_unhandled_seconds",
            "How long the oldest inbound message not yet handled has waited (0 when none)",
            value=_age(now, found.oldest_inbound),
        )

    def _redis(self):
        queue = self.services.queue
        depth = GaugeMetricFamily("ketpaar_queue_jobs", "Jobs in the RQ queue by state", labels=["queue", "state"])
        depth.add_metric([queue.name, "queued"], queue.count)
        for state, registry in (
            ("started", StartedJobRegistry),
            ("scheduled", ScheduledJobRegistry),
            ("failed", FailedJobRegistry),
        ):
            depth.add_metric([queue.name, state], registry(queue=queue).count)
        yield depth
        ages = self.services.heartbeats.ages()
        yield GaugeMetricFamily(
            "ketpaar_workers_alive",
            f"RQ worker processes whose heartbeat is younger than {HEARTBEAT_MAX_AGE_S} s",
            value=sum(1 for age in ages if age < HEARTBEAT_MAX_AGE_S),
        )
        if ages:
            yield GaugeMetricFamily(
                "ketpaar_worker_heartbeat_age_seconds", "Seconds since the youngest worker heartbeat", value=ages[0]
            )
        maps = self.services.maps
        yield GaugeMetricFamily(
            "ketpaar_google_calls_today", "Google calls counted today (India's day)", value=maps.calls_today()
        )
        yield GaugeMetricFamily(
            "ketpaar_google_daily_budget",
            "GOOGLE_DAILY_BUDGET: Google calls allowed per India day",
            value=maps.daily_budget or 0,
        )


def _age(now, since) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0
