"""Numbers: meals, times, safety, duplicate nudges, kitchens and areas over a period, drawn as charts by
the Chart.js the app serves itself, each chart's table downloadable as CSV."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _

from bot.web.admin import bp
from bot.web.context import services
from domain.hours import india_day
from domain.reports import Period
from flows.numbers import LABELS, Figures, figures

PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30


def chosen_period() -> tuple[int, Period]:
    days = request.args.get("days", DEFAULT_DAYS, type=int)
    days = days if days in PERIODS else DEFAULT_DAYS
    return days, Period.ending(india_day(services().clock()), days)


def chart_data(found: Figures) -> dict:
    """What the page's script hands to Chart.js: labels, and one translated dataset per series."""
    index = {column: number for number, column in enumerate(found.columns)}
    return {
        "name": found.name,
        "chart": found.chart,
        "labels": [row[0] for row in found.rows],
        "datasets": [
            {"label": _(LABELS[column]), "data": [row[index[column]] for row in found.rows]} for column in found.series
        ],
    }


@bp.get("/numbers")
def numbers() -> str:
    days, period = chosen_period()
    with services().uow() as uow:
        found = figures(uow, period)
    return render_template(
        "admin/numbers.html",
        figures=found,
        charts=[chart_data(each) for each in found],
        days=days,
        periods=PERIODS,
        period=period,
        csv_url=lambda name: url_for("admin.numbers_csv", name=name, days=days),
    )


@bp.get("/numbers/<name>.csv")
def numbers_csv(name: str) -> Response:
    """One chart's numbers, with the same columns the API's metrics give."""
    _, period = chosen_period()
    with services().uow() as uow:
        found = next((each for each in figures(uow, period) if each.name == name), None)
    if found is None:
        abort(404)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(found.columns)
    writer.writerows(["" if value is None else value for value in row] for row in found.rows)
    filename = f"ketpaar-{name}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
