"""Operator commands: `flask --app wsgi vendor …`, `orders …`, `photos …`, `safety …`, `seed-demo`.

Every action is written to the audit log as done by `cli:<the user who ran it>`.
"""

from __future__ import annotations

import csv
import json

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from bot import cli_giving, cli_privacy, cli_staff, cli_templates
from bot.cli_staff import cli_actor
from bot.web.context import services
from domain.geo import parse_point
from domain.kitchens import KitchenKind
from domain.safety import AreaStats
from flows import admin, model_versions
from jobs import photos as photo_jobs
from jobs import runtime, training

vendor = AppGroup("vendor", help="Kitchens (vendors).")
orders = AppGroup("orders", help="Orders.")
photos = AppGroup("photos", help="Stored photos and face data.")
safety = AppGroup("safety", help="The safety score's learned models and area data.")

DEMO_KITCHENS = [
    admin.NewKitchen("Amma Mess", "+919800000101", 13.0612, 80.2478, 20, 60, "ammamess@okaxis", True),
    admin.NewKitchen("Saravana Tiffin", "+919800000102", 13.0570, 80.2530, 15, 50, "saravana@oksbi", True),
    admin.NewKitchen(
        "Annapoorna NGO Kitchen",
        "+919800000103",
        13.0680,
        80.2420,
        40,
        30,
        "annapoorna@okicici",
        True,
        kind=KitchenKind.NGO_KITCHEN.value,
        hours="7-22",
    ),
]


def fail(error: admin.AdminError) -> None:
    raise click.ClickException(str(error))


@vendor.command("add")
@click.option("--name", required=True)
@click.option("--phone", required=True)
@click.option("--lat", type=float, required=True)
@click.option("--lng", type=float, required=True)
@click.option("--capacity", type=click.IntRange(0, 1000), required=True, help="Meals pledged per day.")
@click.option("--price", type=click.IntRange(1, 500), required=True, help="Rupees per meal.")
@click.option("--upi", required=True, help="The kitchen's UPI ID; donors pay it directly.")
@click.option("--verified", is_flag=True)
@click.option("--kind", type=click.Choice([kind.value for kind in KitchenKind]), default="restaurant")
@click.option("--hours", default="8-22", show_default=True)
@click.option("--fssai", default="")
@click.option("--channel", type=click.Choice(["whatsapp", "sms"]), default="whatsapp")
@click.option("--lang", type=click.Choice(["en", "ta", "hi"]), default="en")
def vendor_add(**options: object) -> None:
    """Add a kitchen."""
    new = admin.NewKitchen(price_rupees=options.pop("price"), language=options.pop("lang"), **options)
    try:
        with services().uow() as uow:
            kitchen = admin.add_kitchen(uow, new, services().clock())
    except (admin.AdminError, ValueError) as error:
        fail(admin.AdminError(str(error)))
    click.echo(f"kitchen {kitchen.id} {kitchen.name} added{' (verified)' if kitchen.verified else ''}")


@vendor.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def vendor_list(as_json: bool) -> None:
    """Every kitchen: phone, name, standing, meals left today, hours, place."""
    with services().uow() as uow:
        kitchens = admin.kitchen_list(uow, services().clock())
    if as_json:
        click.echo(json.dumps(kitchens, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'PHONE':<15} {'NAME':<24} {'STANDING':<9} {'LEFT':>4}/{'DAY':<4} {'HOURS':<16} PLACE")
    for kitchen in kitchens:
        place = f"{kitchen['place']['lat']:.5f},{kitchen['place']['lng']:.5f}"
        hours = kitchen["hours"] + ("" if kitchen["open_now"] else " (closed)")
        click.echo(
            f"{kitchen['phone']:<15} {kitchen['name'][:24]:<24} {kitchen['standing']:<9} "
            f"{kitchen['meals_left_today']:>4}/{kitchen['meals_pledged']:<4} {hours:<16} {place}"
        )


@vendor.command("verify")
@click.argument("phone")
@click.option("--reason", default="", help="Kept in the audit log.")
def vendor_verify(phone: str, reason: str) -> None:
    """Mark a kitchen verified and tell it so."""
    try:
        with services().uow() as uow:
            kitchen = admin.verify_kitchen(uow, admin.kitchen_by_phone(uow, phone).id, cli_actor(), reason)
    except admin.AdminError as error:
        fail(error)
    click.echo(f"kitchen {kitchen.id} {kitchen.name} verified")


def change_standing(change, phone: str, reason: str, done: str) -> None:
    try:
        with services().uow() as uow:
            kitchen = change(uow, admin.kitchen_by_phone(uow, phone).id, reason, cli_actor())
    except admin.AdminError as error:
        fail(error)
    click.echo(f"kitchen {kitchen.id} {kitchen.name} {done}")


@vendor.command("reject")
@click.argument("phone")
@click.option("--reason", required=True, help="Told to the kitchen.")
def vendor_reject(phone: str, reason: str) -> None:
    """Refuse a kitchen (waiting or suspended) and tell it why."""
    change_standing(admin.reject_kitchen, phone, reason, "rejected")


@vendor.command("suspend")
@click.argument("phone")
@click.option("--reason", required=True, help="Told to the kitchen.")
def vendor_suspend(phone: str, reason: str) -> None:
    """Offer a kitchen no more orders; its unpaid orders go to other kitchens, paid ones stay with it."""
    try:
        with services().uow() as uow:
            built, kitchen_id = services(), admin.kitchen_by_phone(uow, phone).id
            deadlines = built.settings.deadlines()
            done = admin.suspend_kitchen(uow, built.links, kitchen_id, reason, cli_actor(), built.clock(), deadlines)
    except admin.AdminError as error:
        fail(error)
    click.echo(f"kitchen {done.kitchen.id} {done.kitchen.name} suspended")
    click.echo(f"  re-offered (not paid): {', '.join(done.moved) or '-'}")
    click.echo(f"  kept (paid, still to deliver): {', '.join(done.kept) or '-'}")


@vendor.command("reinstate")
@click.argument("phone")
@click.option("--reason", required=True, help="Told to the kitchen.")
def vendor_reinstate(phone: str, reason: str) -> None:
    """Let a suspended or rejected kitchen take orders again."""
    change_standing(admin.reinstate_kitchen, phone, reason, "reinstated")


@orders.command("flagged")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def orders_flagged(as_json: bool) -> None:
    """Payments a donor says they made that the kitchen has not confirmed."""
    with services().uow() as uow:
        flagged = admin.flagged_orders(uow)
    if as_json:
        click.echo(json.dumps(flagged, indent=2, ensure_ascii=False))
        return
    for order in flagged:
        kitchen = order["kitchen"]
        click.echo(
            f"{order['reference']}  {order['flagged_at']}  {kitchen['name']} {kitchen['phone']}  {order['reason']}"
        )


@orders.command("show")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def orders_show(reference: str, as_json: bool) -> None:
    """Status, amount, kitchen, safety, duplicate and timeline of one order."""
    try:
        with services().uow() as uow:
            report = admin.order_report(uow, reference.upper())
    except admin.AdminError as error:
        fail(error)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(f"{report['reference']}  {report['status']}  kitchen: {(report['kitchen'] or {}).get('name', '-')}")
    for event in report["timeline"]:
        click.echo(f"  {event['at']}  {event['from'] or '-'} -> {event['to']}  {event['note']}")


@photos.command("purge")
@click.argument("reference")
def photos_purge(reference: str) -> None:
    """Delete an order's photos and face data now, before they expire."""
    runtime.use(services())
    deleted = photo_jobs.purge_order(reference.upper())
    if deleted is None:
        fail(admin.AdminError(f"no order {reference}"))
    click.echo(f"deleted {deleted} photo(s) and the face data of {reference.upper()}")


@photos.command("rotate-key")
def photos_rotate_key() -> None:
    """Re-encrypt every stored photo with the first key of PHOTO_ENCRYPTION_KEY."""
    runtime.use(services())
    click.echo(f"re-encrypted {photo_jobs.rotate_photo_key()} photo(s)")


@safety.command("models")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def safety_models(as_json: bool) -> None:
    """Every trained model: version, metrics, training size, features, promoted or not."""
    with services().uow() as uow:
        rows = uow.safety.all_models()
    listed = [
        {
            "version": row.version,
            "created_at": row.created_at.isoformat(),
            "promoted": row.promoted,
            "training_size": row.training_size,
            "metrics": row.metrics,
            "features": row.features,
            "path": row.path,
        }
        for row in rows
    ]
    if as_json:
        click.echo(json.dumps(listed, indent=2))
        return
    for model in listed:
        metrics = model["metrics"]
        state = "promoted" if model["promoted"] else "kept aside"
        click.echo(f"v{model['version']}  {state}  auc {metrics['auc']:.3f} (rules {metrics['rules_auc']:.3f})")


@safety.command("promote")
@click.argument("version", type=int)
@click.option("--reason", required=True, help="Kept in the audit log.")
def safety_promote(version: int, reason: str) -> None:
    """Let that model version decide from now on (later versions are set aside)."""
    try:
        with services().uow() as uow:
            model_versions.promote_model(uow, version, reason, cli_actor())
    except admin.AdminError as error:
        fail(error)
    click.echo(f"safety model v{version} decides now")


@safety.command("rollback")
@click.option("--reason", required=True, help="Kept in the audit log.")
def safety_rollback(reason: str) -> None:
    """Set aside the model in use: the one promoted before it decides again, or the rules."""
    try:
        with services().uow() as uow:
            deciding = model_versions.roll_back_model(uow, reason, cli_actor())
    except admin.AdminError as error:
        fail(error)
    click.echo(f"safety model v{deciding} decides now" if deciding else "the rules decide now")


@safety.command("train")
def safety_train() -> None:
    """Train on the delivery outcomes now (cron does it monthly)."""
    runtime.use(services())
    click.echo(json.dumps(training.train_safety_model(), indent=2))


@safety.command("load-areas")
@click.argument("csv_file", type=click.File())
def safety_load_areas(csv_file) -> None:
    """Load population density and crime rate per area: a CSV with lat,lng,population_density,crime_rate."""
    rows = list(csv.DictReader(csv_file))
    with services().uow() as uow:
        for row in rows:
            stats = AreaStats(_number(row.get("population_density")), _number(row.get("crime_rate")))
            uow.safety.load_area(parse_point(row["lat"], row["lng"]), stats)
        uow.commit()
    click.echo(f"loaded {len(rows)} area(s)")


def _number(text: str | None) -> float | None:
    return float(text) if text not in (None, "") else None


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Add a few verified demo kitchens in Chennai, only when there are no kitchens yet."""
    with services().uow() as uow:
        if uow.kitchens.count() > 0:
            click.echo("kitchens exist; nothing seeded")
            return
    for new in DEMO_KITCHENS:
        with services().uow() as uow:
            admin.add_kitchen(uow, new, services().clock())
    click.echo(f"seeded {len(DEMO_KITCHENS)} demo kitchens")


def register(app: Flask) -> None:
    app.cli.add_command(vendor)
    app.cli.add_command(orders)
    app.cli.add_command(photos)
    app.cli.add_command(safety)
    app.cli.add_command(seed_demo)
    cli_privacy.register(app)
    cli_giving.register(app)
    app.cli.add_command(cli_templates.templates)
    cli_staff.register(app)
