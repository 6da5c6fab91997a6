"""GET /api/v1/metrics: the dashboard's numbers, the same tables its charts and CSV files show."""

from __future__ import annotations

from bot.web.api import schemas
from bot.web.api.auth import api_blueprint
from bot.web.context import services
from domain.hours import india_day
from domain.reports import Period
from flows.numbers import figures

bp = api_blueprint("metrics", __name__, "The dashboard's numbers.")


@bp.get("/metrics")
@bp.arguments(schemas.MetricsQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.Metrics)
def metrics(days: int) -> dict:
    """Meals delivered, minutes from pin to accept and to delivery, safety pass rate, duplicate nudges,
    kitchens' answers and areas, over the last `days` India days. Each table's first column names its rows."""
    period = Period.ending(india_day(services().clock()), days)
    with services().uow() as uow:
        found = figures(uow, period)
    return {
        "period": {"first": period.first, "last": period.last},
        "figures": [
            {
                "name": each.name,
                "title": each.title,
                "chart": each.chart,
                "columns": list(each.columns),
                "series": list(each.series),
                "rows": [list(row) for row in each.rows],
            }
            for each in found
        ],
    }
