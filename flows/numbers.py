"""The dashboard's numbers as tables, one per chart: the same tables draw the page's charts, fill its
CSV files and answer the API's metrics."""

from __future__ import annotations

from dataclasses import dataclass

from domain.reports import KitchenAnswers, Period
from flows.i18n import N_
from flows.ports import UnitOfWork

AREA_DEGREES = 0.01  # the cells of models.numbers (and of the safety score's area data)


@dataclass(frozen=True)
class Figures:
    name: str
    title: str  # marked for translation; translated where shown
    chart: str  # "bar" or "line"
    columns: tuple[str, ...]  # the first names each row (a day, a kitchen, an area)
    series: tuple[str, ...]  # the columns drawn in the chart; the others are in the CSV and the API only
    rows: list[tuple]


LABELS = {
    "meals": N_("Meals delivered"),
    "to_accept": N_("Pin to kitchen accepting (median minutes)"),
    "to_delivery": N_("Pin to delivery (median minutes)"),
    "pass_rate_percent": N_("Spots judged safe (percent)"),
    "continued": N_("Fed anyway (CONTINUE)"),
    "cancelled": N_("Cancelled"),
    "no_answer": N_("No answer yet"),
    "acceptance_percent": N_("Accepted (percent)"),
    "timeout_percent": N_("Timed out (percent)"),
    "orders": N_("Orders"),
    "delivered": N_("Delivered"),
}


def percent(share: float | None) -> float | None:
    return round(share * 100, 1) if share is not None else None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def one_decimal(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def figures(uow: UnitOfWork, period: Period) -> list[Figures]:
    return [
        delivered(uow, period),
        minutes(uow, period),
        safety(uow, period),
        nudges(uow, period),
        kitchens(uow, period),
        areas(uow, period),
    ]


def delivered(uow: UnitOfWork, period: Period) -> Figures:
    by_day = {row.day: row.meals for row in uow.numbers.delivered(period)}
    rows = [(day.isoformat(), by_day.get(day, 0)) for day in period.days()]
    return Figures("meals_delivered", N_("Meals delivered per day"), "bar", ("day", "meals"), ("meals",), rows)


def minutes(uow: UnitOfWork, period: Period) -> Figures:
    by_day = {row.day: row for row in uow.numbers.minutes(period)}
    rows = []
    for day in period.days():
        found = by_day.get(day)
        medians = (one_decimal(found.to_accept), one_decimal(found.to_delivery)) if found else (None, None)
        rows.append((day.isoformat(), *medians))
    columns = ("day", "to_accept", "to_delivery")
    title = N_("Minutes from the donor's pin, per day (median)")
    return Figures("minutes_from_pin", title, "line", columns, columns[1:], rows)


def safety(uow: UnitOfWork, period: Period) -> Figures:
    by_day = {row.day: row for row in uow.numbers.safety(period)}
    rows = []
    for day in period.days():
        found = by_day.get(day)
        assessed, passed = (found.assessed, found.passed) if found else (0, 0)
        rows.append((day.isoformat(), assessed, passed, percent(share(passed, assessed))))
    columns = ("day", "assessed", "passed", "pass_rate_percent")
    return Figures("safety_pass_rate", N_("Safety pass rate per day"), "line", columns, ("pass_rate_percent",), rows)


def nudges(uow: UnitOfWork, period: Period) -> Figures:
    by_day = {row.day: row for row in uow.numbers.nudges(period)}
    rows = []
    for day in period.days():
        found = by_day.get(day)
        counts = (found.nudged, found.continued, found.cancelled, found.no_answer) if found else (0, 0, 0, 0)
        rows.append((day.isoformat(), *counts))
    columns = ("day", "nudged", "continued", "cancelled", "no_answer")
    title = N_("Duplicate nudges per day, by the donor's answer")
    return Figures("duplicate_nudges", title, "stacked", columns, columns[2:], rows)


def kitchens(uow: UnitOfWork, period: Period) -> Figures:
    answers = uow.kitchen_stats.answers(period)
    rows = []
    for kitchen in uow.kitchens.all():
        found = answers.get(kitchen.id, KitchenAnswers())
        counts = (found.asked, found.accepted, found.declined, found.timed_out)
        rows.append((kitchen.name, *counts, percent(found.acceptance_rate), percent(found.timeout_rate)))
    columns = ("kitchen", "asked", "accepted", "declined", "timed_out", "acceptance_percent", "timeout_percent")
    title = N_("Kitchens: requests accepted and timed out")
    return Figures("kitchen_answers", title, "bar", columns, ("acceptance_percent", "timeout_percent"), rows)


def areas(uow: UnitOfWork, period: Period) -> Figures:
    """The busiest cells of about 1 km, named by their centre."""
    rows = []
    for row in uow.numbers.areas(period):
        lat, lng = round(row.cell_lat * AREA_DEGREES, 2), round(row.cell_lng * AREA_DEGREES, 2)
        pass_rate = percent(share(row.passed, row.assessed))
        rows.append((f"{lat:.2f}, {lng:.2f}", lat, lng, row.orders, row.delivered, pass_rate, row.nudged))
    columns = ("area", "lat", "lng", "orders", "delivered", "pass_rate_percent", "nudged")
    title = N_("By area (cells of about 1 km)")
    return Figures("by_area", title, "bar", columns, ("orders", "delivered"), rows)
