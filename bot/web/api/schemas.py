"""What the API reads and answers, as marshmallow schemas: they validate requests and, through
flask-smorest, write the OpenAPI document."""

from __future__ import annotations

from datetime import datetime

import marshmallow as ma
from marshmallow import fields, validate

from domain.geo import INDIA_LAT, BadCoordinates, in_india, parse_point
from domain.giving.campaigns import CampaignStatus
from domain.giving.ledger import EntryKind
from domain.giving.pledges import PledgeStatus
from domain.orders import OrderStatus

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
NULLABLE = {"allow_none": True, "required": True}


class Body(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # fields a client adds are ignored, as they always were


# Requests ---------------------------------------------------------------------------------------------


class Number(fields.Float):
    """A JSON number, not a string or a boolean that could be read as one."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ma.ValidationError("must be a number")
        return super()._deserialize(value, attr, data, **kwargs)


class Moment(fields.String):
    """An ISO 8601 moment with its time zone, in years a delivery can have."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"format": "date-time", "examples": ["2026-11-26T21:30:00+05:30"]}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            at = datetime.fromisoformat(text)
        except ValueError as error:
            raise ma.ValidationError("must be ISO 8601, like 2026-11-26T21:30:00+05:30") from error
        if at.tzinfo is None:
            raise ma.ValidationError("must carry a time zone, like +05:30 or Z")
        if not EARLIEST_YEAR <= at.year <= LATEST_YEAR:
            # Far dates overflow when turned into India time or the sun's position; none is a delivery.
            raise ma.ValidationError(f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
        return at


class AssessRequest(Body):
    lat = Number(required=True, validate=validate.Range(-90, 90, error="out of range"))
    lng = Number(required=True, validate=validate.Range(-180, 180, error="out of range"))
    timestamp = Moment(required=True)

    @ma.validates_schema(skip_on_field_errors=True)
    def in_india(self, data: dict, **kwargs) -> None:
        try:
            point = parse_point(data["lat"], data["lng"])
        except BadCoordinates as error:
            raise ma.ValidationError("out of range", "lat") from error
        if not in_india(point):
            outside_lat = not INDIA_LAT[0] <= point.lat <= INDIA_LAT[1]
            raise ma.ValidationError("outside India", "lat" if outside_lat else "lng")


class Language(ma.Schema):
    lang = fields.String(load_default="en", validate=validate.OneOf(["en", "ta", "hi"]))


class OrderQuery(ma.Schema):
    status = fields.String(validate=validate.OneOf([status.value for status in OrderStatus]))
    kitchen_id = fields.Integer(validate=validate.Range(1))
    reference = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9]{1,8}$"))
    first_day = fields.Date(metadata={"description": "India day, included"})
    last_day = fields.Date(metadata={"description": "India day, included"})
    cursor = fields.String(
        validate=validate.Regexp(r"^[0-9]{1,18}$"), metadata={"description": "next_cursor of the page before"}
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class GivingQuery(ma.Schema):
    cursor = fields.String(
        validate=validate.Regexp(r"^[0-9]{1,18}$"), metadata={"description": "next_cursor of the page before"}
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class PledgeQuery(GivingQuery):
    status = fields.String(validate=validate.OneOf([status.value for status in PledgeStatus]))


class CampaignQuery(GivingQuery):
    status = fields.String(validate=validate.OneOf([status.value for status in CampaignStatus]))


class Reason(Body):
    reason = fields.String(
        required=True,
        validate=[validate.Length(1, 500), validate.Regexp(r"\S", error="must not be blank")],
        metadata={"description": "Kept in the audit log; the kitchen is told it"},
    )


class MetricsQuery(ma.Schema):
    days = fields.Integer(load_default=30, validate=validate.OneOf([7, 30, 90]))


# Answers ----------------------------------------------------------------------------------------------


class Place(ma.Schema):
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)


class Kitchen(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    phone = fields.String(required=True, metadata={"description": "empty once its contact erased their data"})
    channel = fields.String(**NULLABLE)
    kind = fields.String(required=True)
    place = fields.Nested(Place, required=True)
    meals_pledged = fields.Integer(required=True)
    meals_left_today = fields.Integer(required=True)
    hours = fields.String(required=True)
    open_now = fields.Boolean(required=True)
    price_paise = fields.Integer(required=True)
    upi = fields.String(required=True)
    fssai = fields.String(required=True)
    standing = fields.String(required=True, validate=validate.OneOf(["pending", "verified", "rejected", "suspended"]))
    standing_reason = fields.String(required=True)
    verified = fields.Boolean(required=True)
    rating = fields.Float(**NULLABLE)
    ratings = fields.Integer(required=True)
    created_at = fields.String(required=True, metadata={"format": "date-time"})


class KitchenList(ma.Schema):
    kitchens = fields.List(fields.Nested(Kitchen), required=True)


class StandingChange(ma.Schema):
    kitchen = fields.Nested(Kitchen, required=True)
    moved = fields.List(fields.String(), required=True, metadata={"description": "unpaid orders offered elsewhere"})
    kept = fields.List(fields.String(), required=True, metadata={"description": "paid orders it must still deliver"})


class KitchenRef(ma.Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class OrderRow(ma.Schema):
    id = fields.Integer(required=True)
    reference = fields.String(required=True)
    status = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(**NULLABLE)
    kitchen = fields.Nested(KitchenRef, **NULLABLE)
    amount_paise = fields.Integer(**NULLABLE)
    safety_passed = fields.Boolean(**NULLABLE)
    duplicate_of = fields.String(**NULLABLE)
    flagged = fields.Boolean(required=True)
    rating = fields.Integer(**NULLABLE)


class OrderPage(ma.Schema):
    orders = fields.List(fields.Nested(OrderRow), required=True)
    next_cursor = fields.String(**NULLABLE, metadata={"description": "null on the last page"})


class Event(ma.Schema):
    from_ = fields.String(data_key="from", attribute="from", **NULLABLE)
    to = fields.String(required=True)
    at = fields.String(required=True, metadata={"format": "date-time"})
    note = fields.String(required=True)


class Location(ma.Schema):
    lat = fields.Float(**NULLABLE)
    lng = fields.Float(**NULLABLE)
    label = fields.String(required=True)
    address = fields.String(required=True)


class PhotoState(ma.Schema):
    state = fields.String(required=True)
    faces = fields.String(required=True)


class Duplicate(ma.Schema):
    metres = fields.Float(**NULLABLE)
    minutes = fields.Integer(**NULLABLE)
    embedding_distance = fields.Float(**NULLABLE)
    donor_answer = fields.String(required=True)


class Payment(ma.Schema):
    asked_at = fields.String(**NULLABLE, metadata={"format": "date-time"})
    donor_said_paid_at = fields.String(**NULLABLE, metadata={"format": "date-time"})
    flagged_at = fields.String(**NULLABLE, metadata={"format": "date-time"})
    flag_reason = fields.String(required=True)


class Order(ma.Schema):
    """An order as `flask --app wsgi orders show --json` prints it."""

    reference = fields.String(required=True)
    status = fields.String(required=True)
    amount_paise = fields.Integer(**NULLABLE)
    kitchen = fields.Nested(KitchenRef, **NULLABLE)
    location = fields.Nested(Location, required=True)
    safety = fields.Dict(
        required=True, metadata={"description": "score, passed, breakdown, reasons, missing_signals, threshold"}
    )
    photo = fields.Nested(PhotoState, required=True)
    duplicate_of = fields.String(**NULLABLE)
    duplicate = fields.Nested(Duplicate, required=True)
    rating = fields.Integer(**NULLABLE)
    payment = fields.Nested(Payment, required=True)
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    timeline = fields.List(fields.Nested(Event), required=True)


class LedgerEntry(ma.Schema):
    """One entry of the ledger: never changed once written. Amounts are what it did to the account's balance."""

    id = fields.Integer(required=True)
    at = fields.String(required=True, metadata={"format": "date-time"})
    kind = fields.String(required=True, validate=validate.OneOf([kind.value for kind in EntryKind]))
    meals = fields.Integer(required=True, metadata={"description": "a meal credit's meals: + in, - out"})
    paise = fields.Integer(required=True, metadata={"description": "money available: + in, - out"})
    pending_paise = fields.Integer(
        required=True, metadata={"description": "money promised to a kitchen, not yet there"}
    )
    amount_paise = fields.Integer(required=True, metadata={"description": "the money it is about, either way"})
    reference = fields.String(required=True, metadata={"description": "the order's or the campaign share's; or empty"})
    note = fields.String(required=True)


class PledgePlace(ma.Schema):
    lat = fields.Float(required=True)
    lng = fields.Float(required=True)
    label = fields.String(required=True, metadata={"description": "the PIN code, or empty for a location pin"})


class PledgeRow(ma.Schema):
    id = fields.Integer(required=True)
    reference = fields.String(required=True)
    donor = fields.String(required=True, metadata={"description": "masked (+91•••••••001); empty once erased"})
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    status = fields.String(required=True, validate=validate.OneOf([status.value for status in PledgeStatus]))
    amount_paise = fields.Integer(required=True)
    monthly = fields.Boolean(required=True)
    month = fields.String(required=True, metadata={"format": "date", "description": "the month its amount is for"})
    place = fields.Nested(PledgePlace, **NULLABLE, metadata={"description": "null: anywhere"})
    radius_m = fields.Integer(required=True)
    window = fields.String(**NULLABLE, metadata={"description": "hours of the day, like 11-15; null: any time"})
    renews_on = fields.String(**NULLABLE, metadata={"format": "date", "description": "null unless monthly and active"})
    left_paise = fields.Integer(required=True, metadata={"description": "left for meals this month"})
    pending_paise = fields.Integer(required=True, metadata={"description": "set aside for meals, not yet paid"})
    meals_paid = fields.Integer(required=True)
    paid_paise = fields.Integer(required=True)


class PledgePage(ma.Schema):
    pledges = fields.List(fields.Nested(PledgeRow), required=True)
    next_cursor = fields.String(**NULLABLE, metadata={"description": "null on the last page"})


class Pledge(PledgeRow):
    ledger = fields.List(fields.Nested(LedgerEntry), required=True)


class OrderBrief(ma.Schema):
    reference = fields.String(required=True)
    status = fields.String(required=True)


class CampaignRow(ma.Schema):
    id = fields.Integer(required=True)
    reference = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf([status.value for status in CampaignStatus]))
    order = fields.Nested(OrderBrief, required=True)
    kitchen_id = fields.Integer(required=True)
    kitchen = fields.String(required=True)
    area = fields.String(required=True, metadata={"description": "the place as named, or its cell of about 1 km"})
    target_paise = fields.Integer(required=True)
    promised_paise = fields.Integer(required=True)
    paid_paise = fields.Integer(required=True, metadata={"description": "what reached the kitchen"})
    needed_paise = fields.Integer(required=True)
    pending_paise = fields.Integer(required=True, metadata={"description": "promised, not yet paid"})
    created_at = fields.String(required=True, metadata={"format": "date-time"})
    expires_at = fields.String(required=True, metadata={"format": "date-time"})


class CampaignPage(ma.Schema):
    campaigns = fields.List(fields.Nested(CampaignRow), required=True)
    next_cursor = fields.String(**NULLABLE, metadata={"description": "null on the last page"})


class CampaignShare(ma.Schema):
    reference = fields.String(required=True)
    amount_paise = fields.Integer(required=True)
    status = fields.String(required=True)
    by_pledge = fields.String(**NULLABLE, metadata={"description": "the pledge that covered it, if one did"})
    asked_at = fields.String(**NULLABLE, metadata={"format": "date-time"})
    paid_at = fields.String(**NULLABLE, metadata={"format": "date-time"})


class Campaign(CampaignRow):
    """A campaign as `flask --app wsgi campaigns show --json` prints it: never who gave."""

    contributors = fields.Integer(required=True)
    shares = fields.List(fields.Nested(CampaignShare), required=True)
    ledger = fields.List(fields.Nested(LedgerEntry), required=True)


class Assessment(ma.Schema):
    score = fields.Float(required=True)
    passed = fields.Boolean(required=True)
    threshold = fields.Float(required=True)
    breakdown = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    reasons = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    missing_signals = fields.List(fields.String(), required=True)
    model_version = fields.Integer(**NULLABLE)


class Period(ma.Schema):
    first = fields.Date(required=True)
    last = fields.Date(required=True)


class Figures(ma.Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)
    chart = fields.String(required=True)
    columns = fields.List(fields.String(), required=True)
    series = fields.List(fields.String(), required=True)
    rows = fields.List(fields.List(fields.Raw(allow_none=True)), required=True)


class Metrics(ma.Schema):
    period = fields.Nested(Period, required=True)
    figures = fields.List(fields.Nested(Figures), required=True)
