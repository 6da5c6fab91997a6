"""Settings, read once from the environment. Each default is written once, beside its variable.

The README lists every variable. A field's `env` metadata names the variable it is read from.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

from domain.attention import StepTimes
from domain.channels import MessageKind
from domain.duplicates import DuplicatePolicy
from domain.orders import Deadlines
from domain.retention import RetentionPolicy
from domain.safety import DEFAULT_THRESHOLD

DEV_AUTH_TOKEN = "ketpaar-dev-auth-token"
DEV_SECRET_KEY = "ketpaar-dev-secret-key"
DEVELOPMENT = "development"
PRODUCTION = "production"
MIN_KEY_BYTES = 32
SENDERS = "TWILIO_WHATSAPP_FROM or TWILIO_SMS_FROM"
TWILIO_MEDIA_HOSTS = ("api.twilio.com", "media.twiliocdn.com", "mms.twiliocdn.com")
DEFAULT_PORT = "5000"

# run.env names the process that wrote it, so a file a crash left behind is not taken for a running stack.
RUN_PID = "KETPAAR_RUN_PID"


def run_env_path(env: Mapping[str, str]) -> Path:
    """Where `make run` writes its services' addresses while it runs: $KETPAAR_VAR/run.env (var/run.env)."""
    return Path(env.get("KETPAAR_VAR", "var")) / "run.env"


def running_services(env: Mapping[str, str]) -> dict[str, str]:
    """What a command in another terminal takes from a running `make run`: its services and KETPAAR_ENV.

    Fail closed: nothing when DATABASE_URL or REDIS_URL is set (a deployment always sets them, so
    it never reads this file, and a command pointed at other services keeps its own environment),
    and nothing when the `make run` that wrote the file is no longer running.
    """
    if env.get("DATABASE_URL") or env.get("REDIS_URL"):
        return {}
    try:
        lines = run_env_path(env).read_text().splitlines()
    except OSError:
        return {}
    found = dict(line.split("=", 1) for line in lines if "=" in line)
    return found if _running(found.get(RUN_PID, "")) else {}


def _running(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        pass
    return True


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def _env(name: str, default: object = None, **extra: object):
    """A setting read from the environment variable `name`; `default` is its one written default."""
    if isinstance(default, tuple):
        return field(default_factory=lambda: default, metadata={"env": name, **extra})
    return field(default=default, metadata={"env": name, **extra})


@dataclass(frozen=True)
class Settings:
    # Anything but "development" is production: a missing or mistyped value fails closed.
    environment: str = _env("KETPAAR_ENV", PRODUCTION)
    database_url: str = _env("DATABASE_URL", "")
    redis_url: str = _env("REDIS_URL", "")
    public_base_url: str = _env("PUBLIC_BASE_URL", f"http://127.0.0.1:{DEFAULT_PORT}")
    secret_key: str = _env("SECRET_KEY", DEV_SECRET_KEY)
    twilio_account_sid: str = _env("TWILIO_ACCOUNT_SID", "")
    twilio_auth_token: str = _env("TWILIO_AUTH_TOKEN", DEV_AUTH_TOKEN)
    twilio_whatsapp_from: str = _env("TWILIO_WHATSAPP_FROM", "")
    twilio_sms_from: str = _env("TWILIO_SMS_FROM", "")
    media_allowed_hosts: tuple[str, ...] = _env("MEDIA_ALLOWED_HOSTS", TWILIO_MEDIA_HOSTS, lower=True)
    media_max_bytes: int = _env("MEDIA_MAX_BYTES", 16 * 1024 * 1024)
    photo_dir: str = _env("PHOTO_DIR", "var/photos")
    # Where photos are kept: empty for the folder PHOTO_DIR, or s3://bucket/prefix (encrypted by us before upload).
    photo_store: str = _env("PHOTO_STORE", "")
    s3_endpoint_url: str = _env("S3_ENDPOINT_URL", "")  # empty: AWS; else any S3-compatible service
    photo_link_seconds: int = _env("PHOTO_LINK_SECONDS", 3600)
    photo_encryption_keys: tuple[str, ...] = _env("PHOTO_ENCRYPTION_KEY", ())
    photo_retention_days: int = _env("PHOTO_RETENTION_DAYS", 30)
    blur_faces: bool = _env("PHOTO_BLUR_FACES", False)
    safety_threshold: float = _env("SAFETY_THRESHOLD", DEFAULT_THRESHOLD)
    duplicate_radius_m: float = _env("DUPLICATE_RADIUS_M", DuplicatePolicy.radius_m)
    duplicate_window_minutes: int = _env("DUPLICATE_WINDOW_MINUTES", _minutes(DuplicatePolicy.window))
    duplicate_max_distance: float = _env("DUPLICATE_MAX_DISTANCE", DuplicatePolicy.max_distance)
    embedding_retention_hours: int = _env("EMBEDDING_RETENTION_HOURS", _minutes(DuplicatePolicy.keep_embeddings) // 60)
    message_retention_days: int = _env("MESSAGE_RETENTION_DAYS", RetentionPolicy.messages.days)
    place_rounding_days: int = _env("PLACE_ROUNDING_DAYS", RetentionPolicy.exact_places.days)
    order_anonymise_days: int = _env("ORDER_ANONYMISE_DAYS", RetentionPolicy.orders.days)
    # Keys the hash kept of an erased number; empty: derived from SECRET_KEY (rotating it forgets who erased).
    privacy_hash_key: str = _env("PRIVACY_HASH_KEY", "")
    google_maps_api_key: str = _env("GOOGLE_MAPS_API_KEY", "")
    flood_messages_per_minute: int = _env("FLOOD_MESSAGES_PER_MINUTE", 20)
    flood_photos_per_hour: int = _env("FLOOD_PHOTOS_PER_HOUR", 6)
    flood_face_checks_per_hour: int = _env("FLOOD_FACE_CHECKS_PER_HOUR", DuplicatePolicy.checks_per_hour)
    google_daily_budget: int = _env("GOOGLE_DAILY_BUDGET", 2_000)  # calls per India day
    model_dir: str = _env("MODEL_DIR", "var/models")
    safety_min_training: int = _env("SAFETY_MIN_TRAINING", 200)
    payment_timeout_minutes: int = _env("PAYMENT_TIMEOUT_MINUTES", 30)
    kitchen_answer_minutes: int = _env("KITCHEN_ANSWER_MINUTES", Deadlines.kitchen_answer_minutes)
    kitchen_wait_minutes: int = _env("KITCHEN_WAIT_MINUTES", Deadlines.kitchen_wait_minutes)
    pledge_payment_minutes: int = _env("PLEDGE_PAYMENT_MINUTES", Deadlines.pledge_payment_minutes)
    share_payment_minutes: int = _env("SHARE_PAYMENT_MINUTES", Deadlines.share_payment_minutes)
    campaign_minutes: int = _env("CAMPAIGN_MINUTES", Deadlines.campaign_minutes)
    # India's DLT registration of each SMS message kind: `new_order=1107…,upi_link=1107…`.
    sms_dlt_templates: tuple[str, ...] = _env("SMS_DLT_TEMPLATES", ())
    # json or text; empty: JSON lines in production, plain text in development (make run's console).
    log_format: str = _env("LOG_FORMAT", "")
    metrics_token: str = _env("METRICS_TOKEN", "")  # bearer token for /metrics; unset: closed in production
    ready_queue_depth: int = _env("READY_QUEUE_DEPTH", 500)  # /ready fails with more jobs than this waiting
    web_concurrency: int = _env("WEB_CONCURRENCY", 2)  # gunicorn processes (4 threads each)
    workers: int = _env("WORKERS", 1)  # RQ worker processes `make run` starts

    @property
    def production(self) -> bool:
        return self.environment != DEVELOPMENT

    def fernet_keys(self) -> list[str]:
        """PHOTO_ENCRYPTION_KEY (comma-separated, newest first), or in development one derived from SECRET_KEY.

        Production never derives: rotating SECRET_KEY must not make the stored photos unreadable.
        """
        if self.photo_encryption_keys or self.production:
            return list(self.photo_encryption_keys)
        return [_photo_key_from(self.secret_key)]

    def dlt_templates(self) -> dict[str, str]:
        """SMS_DLT_TEMPLATES as kind → DLT template id; a pair without `=` is left out (and named by problems)."""
        pairs = [entry.split("=", 1) for entry in self.sms_dlt_templates if "=" in entry]
        return {kind.strip().lower(): template.strip() for kind, template in pairs}

    def problems(self) -> list[str]:
        """Why these settings must not serve real people; none in development."""
        if not self.production:
            return []
        found = [
            _secret_problem("SECRET_KEY", self.secret_key),
            _photo_keys_problem(self.photo_encryption_keys),
            _secret_problem("TWILIO_AUTH_TOKEN", self.twilio_auth_token, min_bytes=1),
            None if self.public_base_url.startswith("https://") else "PUBLIC_BASE_URL must be an https:// address",
            # Half a Twilio setup is an error here, never a quiet switch to the development transport.
            None if self.twilio_account_sid else "TWILIO_ACCOUNT_SID is not set",
            None if self.twilio_whatsapp_from or self.twilio_sms_from else f"{SENDERS} is not set",
            _dlt_problem(self.sms_dlt_templates),
            _secret_problem("METRICS_TOKEN", self.metrics_token) if self.metrics_token else None,
        ]
        return [problem for problem in found if problem]

    def check(self) -> None:
        """Refuses to start, in one line, when a production setting is missing or unsafe."""
        found = self.problems()
        if found:
            raise SystemExit(f"{'; '.join(found)} in production")

    def s3_photos(self) -> tuple[str, str] | None:
        """(bucket, prefix) when PHOTO_STORE names S3; None for the folder PHOTO_DIR. Refuses any other value."""
        if not self.photo_store:
            return None
        where = urlsplit(self.photo_store)
        if where.scheme != "s3" or not where.netloc or where.query:
            raise SystemExit(f"PHOTO_STORE must be s3://bucket/prefix, or unset for PHOTO_DIR, not {self.photo_store}")
        prefix = where.path.strip("/")
        return where.netloc, f"{prefix}/" if prefix else ""

    def duplicate_policy(self) -> DuplicatePolicy:
        return DuplicatePolicy(
            radius_m=self.duplicate_radius_m,
            window=timedelta(minutes=self.duplicate_window_minutes),
            max_distance=self.duplicate_max_distance,
            keep_embeddings=timedelta(hours=self.embedding_retention_hours),
            checks_per_hour=self.flood_face_checks_per_hour,
        )

    def retention_policy(self) -> RetentionPolicy:
        return RetentionPolicy(
            messages=timedelta(days=self.message_retention_days),
            exact_places=timedelta(days=self.place_rounding_days),
            orders=timedelta(days=self.order_anonymise_days),
            photos=timedelta(days=self.photo_retention_days),
            face_data=timedelta(hours=self.embedding_retention_hours),
        )

    def erasure_key(self) -> bytes:
        """The key of the hash that outlives an erased number, apart from every other use of SECRET_KEY."""
        if self.privacy_hash_key:
            return self.privacy_hash_key.encode()
        return hashlib.sha256(b"ketpaar-erasure:" + self.secret_key.encode()).digest()

    def step_times(self) -> StepTimes:
        """How long each step of an order may take before the dashboard calls it stuck."""
        return StepTimes(
            kitchen_answer_minutes=self.kitchen_answer_minutes,
            kitchen_wait_minutes=self.kitchen_wait_minutes,
            payment_minutes=self.payment_timeout_minutes,
        )

    def deadlines(self) -> Deadlines:
        return Deadlines(
            kitchen_answer_minutes=self.kitchen_answer_minutes,
            kitchen_wait_minutes=self.kitchen_wait_minutes,
            pledge_payment_minutes=self.pledge_payment_minutes,
            share_payment_minutes=self.share_payment_minutes,
            campaign_minutes=self.campaign_minutes,
        )

    @property
    def json_logs(self) -> bool:
        return self.log_format == "json" or (not self.log_format and self.production)

    @property
    def twilio_configured(self) -> bool:
        has_sender = bool(self.twilio_whatsapp_from or self.twilio_sms_from)
        real_token = self.twilio_auth_token not in ("", DEV_AUTH_TOKEN)
        return bool(self.twilio_account_sid and real_token and has_sender)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, need_services: bool = True) -> Settings:
        """Settings from the environment; refuses without DATABASE_URL and REDIS_URL, unless `need_services`
        is False (gunicorn's config and the log set-up read a setting before anything connects)."""
        given = os.environ if env is None else env
        env = {**running_services(given), **given}
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not env.get(name)]
        if missing and need_services:
            raise SystemExit(
                f"{' and '.join(missing)} not set, and no running `make run` wrote {run_env_path(given).resolve()}: "
                "start it, give this command the KETPAAR_VAR it was started with, or set them"
            )
        if "PUBLIC_BASE_URL" not in env:
            env["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{env.get('PORT', DEFAULT_PORT)}"
        env["PUBLIC_BASE_URL"] = env["PUBLIC_BASE_URL"].rstrip("/")
        if "MEDIA_ALLOWED_HOSTS" not in env and env.get("KETPAAR_ENV") == DEVELOPMENT:
            # The simulator, a development page, serves its uploads from the app itself.
            own_host = urlsplit(env["PUBLIC_BASE_URL"]).hostname or ""
            env["MEDIA_ALLOWED_HOSTS"] = ",".join((*TWILIO_MEDIA_HOSTS, own_host))
        values = {}
        for setting in fields(cls):
            name = setting.metadata["env"]
            if name in env:
                value = _read(setting.type, env[name])
                values[setting.name] = tuple(part.lower() for part in value) if setting.metadata.get("lower") else value
        return cls(**values)


def _photo_key_from(secret_key: str) -> str:
    digest = hashlib.sha256(b"ketpaar-photos:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Values anyone can read in this repository; a production secret is none of them.
DEVELOPMENT_SECRETS = frozenset({DEV_SECRET_KEY, DEV_AUTH_TOKEN, _photo_key_from(DEV_SECRET_KEY)})


def _secret_problem(name: str, value: str, min_bytes: int = MIN_KEY_BYTES) -> str | None:
    if not value:
        return f"{name} is not set"
    if value in DEVELOPMENT_SECRETS:
        return f"{name} is the development value"
    if len(value.encode()) < min_bytes:
        return f"{name} must be at least {min_bytes} bytes"
    return None


def _photo_keys_problem(keys: tuple[str, ...]) -> str | None:
    if not keys:
        return "PHOTO_ENCRYPTION_KEY is not set"
    for number, key in enumerate(keys, 1):
        if key in DEVELOPMENT_SECRETS:
            return f"PHOTO_ENCRYPTION_KEY key {number} is the development value"
        try:
            Fernet(key)
        except ValueError:
            return f"PHOTO_ENCRYPTION_KEY key {number} is not a Fernet key (urlsafe base64 of 32 bytes)"
    return None


def _dlt_problem(entries: tuple[str, ...]) -> str | None:
    """Each entry names a message kind and a DLT template id (digits), as `new_order=1107161234567890123`."""
    kinds = {kind.value for kind in MessageKind}
    for entry in entries:
        kind, _, template = entry.partition("=")
        if kind.strip().lower() not in kinds or not template.strip().isdigit():
            return f"SMS_DLT_TEMPLATES entry {entry!r} is not KIND=DIGITS with a kind of {', '.join(sorted(kinds))}"
    return None


def _read(kind: str, text: str) -> object:
    """A variable's text as the setting's type (annotations are strings here)."""
    readers = {"str": str, "int": int, "float": float, "bool": _flag, "tuple[str, ...]": _csv}
    return readers[kind](text)
