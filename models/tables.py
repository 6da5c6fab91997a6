"""The PostgreSQL tables. Alembic migrations under models/migrations create them."""

from __future__ import annotations

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

metadata = MetaData()


def _now_column(name: str) -> Column:
    return Column(name, DateTime(timezone=True), nullable=False, server_default=text("now()"))


people = Table(
    "people",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("address", String(64), nullable=False, unique=True),
    Column("language", String(2), nullable=False, server_default="en"),
    Column("language_chosen", Boolean, nullable=False, server_default=text("false")),
    Column("consent_at", DateTime(timezone=True)),
    Column("consent_version", String(16), nullable=False, server_default=""),
    Column("step", String(32), nullable=False, server_default=""),
    Column("draft", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("active_order_id", BigInteger),
    _now_column("created_at"),
)

kitchens = Table(
    "kitchens",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("person_id", BigInteger, ForeignKey("people.id"), unique=True),  # none once its contact erased their data
    Column("name", String(120), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lng", Float, nullable=False),
    Column("upi_vpa", String(120), nullable=False),
    Column("price_paise", Integer, nullable=False),
    Column("fssai", String(14), nullable=False, server_default=""),
    Column("daily_capacity", Integer, nullable=False, server_default="0"),
    Column("hours", String(64), nullable=False),
    Column("verified", Boolean, nullable=False, server_default=text("false")),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("status_reason", Text, nullable=False, server_default=""),
    Column("rating_total", Integer, nullable=False, server_default="0"),
    Column("rating_count", Integer, nullable=False, server_default="0"),
    Column("paused_at", DateTime(timezone=True)),  # its contact sent STOP: no orders until START
    _now_column("created_at"),
    CheckConstraint("price_paise > 0", name="kitchens_price_positive"),
    CheckConstraint("daily_capacity >= 0", name="kitchens_capacity_not_negative"),
    CheckConstraint("status IN ('pending', 'verified', 'rejected', 'suspended')", name="kitchens_status_known"),
    CheckConstraint("verified = (status = 'verified')", name="kitchens_verified_is_status"),
    Index("kitchens_earth", text("ll_to_earth(lat, lng)"), postgresql_using="gist"),
)

kitchen_days = Table(
    "kitchen_days",
    metadata,
    Column("kitchen_id", BigInteger, ForeignKey("kitchens.id"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("capacity", Integer, nullable=False),
    Column("reserved", Integer, nullable=False, server_default="0"),
    CheckConstraint("reserved >= 0", name="kitchen_days_reserved_not_negative"),
)

capacity_log = Table(
    "capacity_log",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("kitchen_id", BigInteger, ForeignKey("kitchens.id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("order_id", BigInteger, ForeignKey("orders.id")),
    Column("change", Integer, nullable=False),
    Column("reason", String(16), nullable=False),
    _now_column("at"),
    Index("capacity_log_kitchen_day", "kitchen_id", "day"),
)

orders = Table(
    "orders",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("reference", String(8), nullable=False, unique=True),
    Column("donor_id", BigInteger, ForeignKey("people.id")),  # none once anonymised or the donor erased their data
    Column("status", String(20), nullable=False),
    Column("photo_id", BigInteger, ForeignKey("photos.id", ondelete="SET NULL")),
    Column("lat", Float),
    Column("lng", Float),
    Column("place_label", Text, nullable=False, server_default=""),
    Column("place_address", Text, nullable=False, server_default=""),
    Column("seeker_description", Text, nullable=False, server_default=""),
    Column("point_source", String(8), nullable=False, server_default="pin"),  # pin, geocode or pincode
    Column("kitchen_id", BigInteger, ForeignKey("kitchens.id")),
    Column("amount_paise", Integer),
    Column("meal_day", Date),
    Column("kitchen_asked_at", DateTime(timezone=True)),
    Column("declined_kitchen_ids", ARRAY(BigInteger), nullable=False, server_default="{}"),
    Column("offered_kitchen_ids", ARRAY(BigInteger), nullable=False, server_default="{}"),
    Column("safety_score", Float),
    Column("safety_passed", Boolean),
    Column("safety_breakdown", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("photo_state", String(16), nullable=False, server_default=""),
    Column("face_verdict", String(16), nullable=False, server_default=""),
    Column("duplicate_of", String(8)),
    Column("duplicate_metres", Float),
    Column("duplicate_minutes", Integer),
    Column("duplicate_distance", Float),
    Column("duplicate_answer", String(16), nullable=False, server_default=""),
    Column("duplicate_delivered", Boolean),
    Column("payment_asked_at", DateTime(timezone=True)),
    Column("donor_paid_at", DateTime(timezone=True)),
    Column("flagged_at", DateTime(timezone=True)),
    Column("flag_reason", Text, nullable=False, server_default=""),
    Column("delivery_photo_id", BigInteger, ForeignKey("photos.id", ondelete="SET NULL")),
    Column("failure_reason", String(16)),
    Column("rating", Integer),
    # Who pays the kitchen: the donor, a meal credit, a pledge, or a campaign's contributors.
    Column("funding", String(16), nullable=False, server_default="donor"),
    _now_column("created_at"),
    Column("updated_at", DateTime(timezone=True)),
    CheckConstraint("amount_paise IS NULL OR amount_paise > 0", name="orders_amount_positive"),
    CheckConstraint("funding IN ('donor', 'credit', 'pledge', 'campaign')", name="orders_funding_known"),
    CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="orders_rating_range"),
    CheckConstraint("point_source IN ('pin', 'geocode', 'pincode')", name="orders_point_source_known"),
    Index("orders_donor", "donor_id", "created_at"),
    Index("orders_kitchen_status", "kitchen_id", "status"),
    Index("orders_status", "status"),
    Index("orders_earth", text("ll_to_earth(lat, lng)"), postgresql_using="gist"),
    Index("orders_created", "created_at"),
    # The duplicate check without a face: orders near a point and recent (btree_gist gives GiST the time).
    Index("orders_place_time", text("ll_to_earth(lat, lng)"), "created_at", postgresql_using="gist"),
)

order_events = Table(
    "order_events",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("order_id", BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Index("order_events_at", "at"),  # the dashboard's numbers count moves by day
)

photos = Table(
    "photos",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("kind", String(16), nullable=False),  # inbound (as received), seeker, delivery
    Column("status", String(16), nullable=False, server_default="raw"),  # raw, ready
    Column("order_id", BigInteger),
    Column("storage_key", String(200), nullable=False),
    Column("content_type", String(40), nullable=False),
    Column("size", Integer, nullable=False),
    _now_column("created_at"),
    Index("photos_created", "created_at"),
    Index("photos_raw", "created_at", postgresql_where=text("status = 'raw'")),
)

# A seeker's face, only for the duplicate check, only for as long as its window needs.
face_embeddings = Table(
    "face_embeddings",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("order_id", BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("embedding", Vector(128), nullable=False),
    Column("lat", Float),
    Column("lng", Float),
    Column("taken_at", DateTime(timezone=True), nullable=False),
    Index("face_embeddings_place_time", text("ll_to_earth(lat, lng)"), "taken_at", postgresql_using="gist"),
    Index("face_embeddings_taken", "taken_at"),
)

# Each duplicate lookup made for a donor, counted so that the check cannot be used to find a person.
face_checks = Table(
    "face_checks",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("donor_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("order_id", BigInteger, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("face_checks_donor_at", "donor_id", "at"),
    Index("face_checks_at", "at"),
)

# Media Twilio holds (of a message we received or sent) that we ask it to delete; in development only recorded.
media_releases = Table(
    "media_releases",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("message_sid", String(64), nullable=False),
    Column("media_sid", String(64), nullable=False, server_default=""),  # "": every media of the message
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("done_at", DateTime(timezone=True)),
    Column("outcome", String(16)),  # deleted, gone (Twilio had none), recorded (development)
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("error", Text),
    UniqueConstraint("message_sid", "media_sid", name="media_releases_once"),
    Index("media_releases_due", "id", postgresql_where=text("done_at IS NULL")),
)

# A keyed hash of each erased number: a returning number starts fresh, and a second erasure is recognised.
erased_people = Table(
    "erased_people",
    metadata,
    Column("address_hash", String(64), primary_key=True),
    Column("erased_at", DateTime(timezone=True), nullable=False),
    # The last messages to the person, still to be sent when their data was erased: deleted once sent.
    Column("pending_message_ids", ARRAY(BigInteger), nullable=False, server_default="{}"),
)

# What each person agreed to, and when: their own consent by text version, and each photographed person's answer.
consents = Table(
    "consents",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # service, photo
    Column("agreed", Boolean, nullable=False),
    Column("version", String(16), nullable=False, server_default=""),
    Column("order_id", BigInteger, ForeignKey("orders.id", ondelete="SET NULL")),
    Column("at", DateTime(timezone=True), nullable=False),
)

inbound_messages = Table(
    "inbound_messages",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("message_sid", String(64), nullable=False, unique=True),
    Column("sender", String(64), nullable=False),
    Column("params", JSONB, nullable=False),
    _now_column("received_at"),
    Column("processed_at", DateTime(timezone=True)),
    Column("error", Text),
    Column("attempts", Integer, nullable=False, server_default="0"),  # counted before each try
    # waiting, then handled, failed (given up) or held (past the sender's rate: kept, never handled)
    Column("state", String(16), nullable=False, server_default="waiting"),
    Column("media_released_at", DateTime(timezone=True)),  # Twilio's copies of its media asked to be deleted
    Column("queued_at", DateTime(timezone=True)),  # its job enqueued by the dispatcher (jobs/dispatch.py)
    Column("request_id", String(64)),  # the webhook request's, carried into its job's log lines
    Index("inbound_unprocessed", "sender", "id", postgresql_where=text("processed_at IS NULL")),
    Index("inbound_to_queue", "id", postgresql_where=text("queued_at IS NULL AND processed_at IS NULL")),
    Index("inbound_received", "received_at"),
)

outbound_messages = Table(
    "outbound_messages",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("to_address", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("media_urls", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("status", String(16), nullable=False, server_default="queued"),  # queued, sending, sent, failed…
    Column("twilio_sid", String(64), unique=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("error", Text),
    _now_column("created_at"),
    Column("sent_at", DateTime(timezone=True)),
    # When a sweeper looks at a row again: its job lost, a retry due, an unknown outcome, a reported failure.
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("media_released_at", DateTime(timezone=True)),  # Twilio's copies of its media asked to be deleted
    # What the flow said the message is for, the values its template would take, and in which language.
    Column("kind", String(24), nullable=False, server_default="reply"),
    Column("variables", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("language", String(2), nullable=False, server_default="en"),
    # What the send job chose, and why: whatsapp or sms, the template and its filled-in variables.
    Column("channel", String(16)),
    Column("content_sid", String(34)),
    Column("content_variables", JSONB),
    Column("channel_reason", Text),
    Column("dlt_template_id", String(32)),  # India's DLT registration of an SMS message kind
    Column("whatsapp_refused", Boolean, nullable=False, server_default=text("false")),  # SMS only from now on
    Column("fallback_of", BigInteger, ForeignKey("outbound_messages.id"), unique=True),  # the WhatsApp row it replaces
    # An interim note: sent at this time, unless a later message to the same address replaced it first.
    Column("held_until", DateTime(timezone=True)),
    Index("outbound_to", "to_address", "id"),
    Index("outbound_created", "created_at"),
    # Rows a sweeper looks at: waiting, sending with an unknown outcome, or a reported failure to settle.
    Index("outbound_due", "next_attempt_at", postgresql_where=text("next_attempt_at IS NOT NULL")),
    Index("outbound_held", "to_address", postgresql_where=text("held_until IS NOT NULL AND status = 'queued'")),
)

# Per address (a person on one channel): when they last wrote, which opens WhatsApp's 24-hour
# window, and whether they sent STOP (or Twilio reported them opted out) and not START since.
channel_contacts = Table(
    "channel_contacts",
    metadata,
    Column("address", String(64), primary_key=True),
    Column("last_inbound_at", DateTime(timezone=True)),
    Column("stopped_at", DateTime(timezone=True)),
    Column("stopped_by", String(32), nullable=False, server_default=""),
)

# The approved WhatsApp template (Twilio Content SID) for a kind of message in one language.
message_templates = Table(
    "message_templates",
    metadata,
    Column("kind", String(24), primary_key=True),
    Column("language", String(2), primary_key=True),
    Column("content_sid", String(34), nullable=False),
    _now_column("updated_at"),
)

# Every safety assessment, with what it knew and which model (if any) decided: the training data.
safety_assessments = Table(
    "safety_assessments",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("order_id", BigInteger, ForeignKey("orders.id", ondelete="SET NULL"), index=True),
    Column("lat", Float, nullable=False),
    Column("lng", Float, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("score", Float, nullable=False),
    Column("rule_score", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("threshold", Float, nullable=False),
    Column("breakdown", JSONB, nullable=False),
    Column("reasons", JSONB, nullable=False),
    Column("missing_signals", JSONB, nullable=False),
    Column("features", JSONB, nullable=False),
    Column("model_version", Integer),
    Index("safety_assessments_at", "at"),
)

safety_models = Table(
    "safety_models",
    metadata,
    Column("version", Integer, primary_key=True),
    _now_column("created_at"),
    Column("path", Text, nullable=False),
    Column("training_size", Integer, nullable=False),
    Column("features", JSONB, nullable=False),
    Column("metrics", JSONB, nullable=False),
    Column("promoted", Boolean, nullable=False),
)

# Loaded by an operator where such data exists, per cell of 0.01° (about 1 km).
area_stats = Table(
    "area_stats",
    metadata,
    Column("cell", String(24), primary_key=True),
    Column("population_density", Float),
    Column("crime_rate", Float),
)

# The people who use the dashboard and the API; an operator reads, an admin also acts.
staff = Table(
    "staff",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text, nullable=False),
    # Wrong passwords in a row, and the lock they led to: in PostgreSQL, so it holds for every web process.
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True)),
    _now_column("created_at"),
    CheckConstraint("role IN ('admin', 'operator')", name="staff_role_known"),
)

# API tokens: only a hash is kept; the token itself is shown once, when it is made.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("staff_id", BigInteger, ForeignKey("staff.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(80), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("shown", String(16), nullable=False),
    _now_column("created_at"),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

# Every action taken from the dashboard, the API or the CLI: who, what, on what, why, when.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(254), nullable=False),  # kept as written: a staff member may be removed later
    Column("via", String(16), nullable=False),
    Column("staff_id", BigInteger, ForeignKey("staff.id", ondelete="SET NULL")),
    Column("action", String(40), nullable=False),
    Column("target", Text, nullable=False, server_default=""),
    Column("reason", Text, nullable=False, server_default=""),
    Column("detail", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Index("audit_log_at", "at"),
)

# The one ledger (see domain/giving/ledger.py). An account is a meal credit, a pledge or a campaign;
# its entries are never changed or deleted (a trigger refuses), and a trigger adds each new entry to
# the account's balance row, whose CHECKs refuse any balance below zero: an allocation that would take
# more than is there fails in PostgreSQL, however many workers race for it.
ledger_accounts = Table(
    "ledger_accounts",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("reference", String(12), nullable=False, unique=True),
    _now_column("created_at"),
    CheckConstraint("kind IN ('credit', 'pledge', 'campaign')", name="ledger_accounts_kind_known"),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("account_id", BigInteger, ForeignKey("ledger_accounts.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("meals", Integer, nullable=False, server_default="0"),
    Column("paise", BigInteger, nullable=False, server_default="0"),
    Column("pending_paise", BigInteger, nullable=False, server_default="0"),
    Column("order_id", BigInteger, ForeignKey("orders.id")),
    Column("share_id", BigInteger, ForeignKey("campaign_shares.id")),
    # The allocation or promise this entry ends (released, paid, lapsed): each is ended once.
    Column("settles", BigInteger, ForeignKey("ledger_entries.id"), unique=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Index("ledger_entries_account", "account_id", "id"),
    Index("ledger_entries_order", "order_id", postgresql_where=text("order_id IS NOT NULL")),
)

ledger_balances = Table(
    "ledger_balances",
    metadata,
    Column("account_id", BigInteger, ForeignKey("ledger_accounts.id"), primary_key=True),
    Column("meals", Integer, nullable=False, server_default="0"),
    Column("paise", BigInteger, nullable=False, server_default="0"),
    Column("pending_paise", BigInteger, nullable=False, server_default="0"),
    CheckConstraint("meals >= 0", name="ledger_balances_meals_not_negative"),
    CheckConstraint("paise >= 0", name="ledger_balances_paise_not_negative"),
    CheckConstraint("pending_paise >= 0", name="ledger_balances_pending_not_negative"),
)

# Meals a donor paid a kitchen for ahead. Its id is its ledger account's.
meal_credits = Table(
    "meal_credits",
    metadata,
    Column("id", BigInteger, ForeignKey("ledger_accounts.id"), primary_key=True),
    Column("reference", String(12), nullable=False, unique=True),
    Column("donor_id", BigInteger, ForeignKey("people.id", ondelete="SET NULL")),
    Column("kitchen_id", BigInteger, ForeignKey("kitchens.id"), nullable=False),
    Column("meals", Integer, nullable=False),
    Column("price_paise", Integer, nullable=False),
    Column("window_start", Integer),  # minutes after midnight in India; both empty: any time
    Column("window_end", Integer),
    Column("sms_only", Boolean, nullable=False, server_default=text("false")),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_at", DateTime(timezone=True)),
    CheckConstraint("meals > 0 AND price_paise > 0", name="meal_credits_positive"),
    CheckConstraint("status IN ('pending', 'confirmed')", name="meal_credits_status_known"),
    Index("meal_credits_kitchen", "kitchen_id", "status"),
)

# Money promised ahead, paid meal by meal to the kitchen. Its id is its ledger account's.
pledges = Table(
    "pledges",
    metadata,
    Column("id", BigInteger, ForeignKey("ledger_accounts.id"), primary_key=True),
    Column("reference", String(12), nullable=False, unique=True),
    Column("donor_id", BigInteger, ForeignKey("people.id", ondelete="SET NULL")),
    Column("amount_paise", Integer, nullable=False),
    Column("monthly", Boolean, nullable=False),
    Column("period", Date, nullable=False),  # the India month its amount is for
    Column("lat", Float),
    Column("lng", Float),
    Column("place_label", String(64), nullable=False, server_default=""),
    Column("radius_m", Integer, nullable=False),
    Column("window_start", Integer),
    Column("window_end", Integer),
    Column("status", String(16), nullable=False, server_default="active"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    CheckConstraint("amount_paise > 0 AND radius_m > 0", name="pledges_positive"),
    CheckConstraint("status IN ('active', 'paused', 'ended')", name="pledges_status_known"),
    Index("pledges_active", "status", "created_at"),
    Index("pledges_donor", "donor_id"),
)

# A micro-campaign toward one order's meal. Its id is its ledger account's.
campaigns = Table(
    "campaigns",
    metadata,
    Column("id", BigInteger, ForeignKey("ledger_accounts.id"), primary_key=True),
    Column("reference", String(12), nullable=False, unique=True),
    Column("creator_id", BigInteger, ForeignKey("people.id", ondelete="SET NULL")),
    Column("order_id", BigInteger, ForeignKey("orders.id"), nullable=False, unique=True),
    Column("kitchen_id", BigInteger, ForeignKey("kitchens.id"), nullable=False),
    Column("target_paise", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("told_paise", Integer, nullable=False, server_default="0"),
    Column("told_at", DateTime(timezone=True)),
    Column("cover_asked_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    CheckConstraint("target_paise > 0", name="campaigns_target_positive"),
    CheckConstraint(
        "status IN ('CREATED', 'ACTIVE', 'FUNDING', 'THRESHOLD_MET', 'ORDER_PLACED', 'DELIVERED', 'COMPLETED', "
        "'EXPIRED', 'CANCELLED')",
        name="campaigns_status_known",
    ),
    Index("campaigns_status", "status", "expires_at"),
)

# Each contributor's promise toward a campaign, and whether it was paid to the kitchen.
campaign_shares = Table(
    "campaign_shares",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("campaign_id", BigInteger, ForeignKey("campaigns.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="SET NULL")),
    Column("amount_paise", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("promised_at", DateTime(timezone=True), nullable=False),
    Column("asked_at", DateTime(timezone=True)),
    Column("paid_at", DateTime(timezone=True)),
    Column("pledge_id", BigInteger, ForeignKey("pledges.id")),
    UniqueConstraint("campaign_id", "number", name="campaign_shares_number"),
    CheckConstraint("amount_paise > 0", name="campaign_shares_amount_positive"),
    CheckConstraint("status IN ('promised', 'asked', 'paid', 'lapsed')", name="campaign_shares_status_known"),
    Index("campaign_shares_asked", "asked_at", postgresql_where=text("status = 'asked'")),
)

# Donors who asked to hear of campaigns near a place (NOTIFY NEAR), and how often they heard today.
campaign_alerts = Table(
    "campaign_alerts",
    metadata,
    Column("person_id", BigInteger, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("lat", Float, nullable=False),
    Column("lng", Float, nullable=False),
    Column("label", String(64), nullable=False, server_default=""),
    Column("radius_m", Integer, nullable=False),
    Column("told_on", Date),
    Column("told_count", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("told_count BETWEEN 0 AND 3", name="campaign_alerts_three_a_day"),
)
