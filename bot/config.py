"""Settings, read once from the environment. README lists every variable."""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from domain.duplicates import DuplicatePolicy

DEV_AUTH_TOKEN = "ketpaar-dev-auth-token"
DEV_SECRET_KEY = "ketpaar-dev-secret-key"
TWILIO_MEDIA_HOSTS = "api.twilio.com,media.twiliocdn.com,mms.twiliocdn.com"


RUN_ENV = Path(os.environ.get("KETPAAR_VAR", "var")) / "run.env"


def running_services() -> dict[str, str]:
    """The URLs of the services `make run` started, so that a CLI command in another terminal finds them."""
    try:
        lines = RUN_ENV.read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split("=", 1) for line in lines if "=" in line)


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str
    public_base_url: str = "http://127.0.0.1:5000"
    secret_key: str = DEV_SECRET_KEY
    twilio_account_sid: str = ""
    twilio_auth_token: str = DEV_AUTH_TOKEN
    twilio_whatsapp_from: str = ""
    twilio_sms_from: str = ""
    media_allowed_hosts: tuple[str, ...] = field(default_factory=lambda: _csv(TWILIO_MEDIA_HOSTS))
    media_max_bytes: int = 16 * 1024 * 1024
    photo_dir: str = "var/photos"
    photo_link_seconds: int = 3600
    safety_threshold: float = 0.65
    photo_encryption_keys: tuple[str, ...] = ()
    photo_retention_days: int = 30
    blur_faces: bool = False
    duplicate_radius_m: float = 100.0
    duplicate_window_minutes: int = 120
    duplicate_max_distance: float = 0.6
    embedding_retention_hours: int = 24
    google_maps_api_key: str = ""
    model_dir: str = "var/models"
    safety_min_training: int = 200
    admin_api_token: str = ""

    def fernet_keys(self) -> list[str]:
        """PHOTO_ENCRYPTION_KEY (comma-separated, newest first), or in development one derived from SECRET_KEY."""
        if self.photo_encryption_keys:
            return list(self.photo_encryption_keys)
        digest = hashlib.sha256(b"ketpaar-photos:" + self.secret_key.encode()).digest()
        return [base64.urlsafe_b64encode(digest).decode()]

    def duplicate_policy(self) -> DuplicatePolicy:
        return DuplicatePolicy(
            radius_m=self.duplicate_radius_m,
            window=timedelta(minutes=self.duplicate_window_minutes),
            max_distance=self.duplicate_max_distance,
            keep_embeddings=timedelta(hours=self.embedding_retention_hours),
        )

    @property
    def twilio_configured(self) -> bool:
        has_sender = bool(self.twilio_whatsapp_from or self.twilio_sms_from)
        real_token = self.twilio_auth_token not in ("", DEV_AUTH_TOKEN)
        return bool(self.twilio_account_sid and real_token and has_sender)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = {**running_services(), **(os.environ if env is None else env)}
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not env.get(name)]
        if missing:
            raise SystemExit(f"{' and '.join(missing)} not set, and `make run` is not running: start it, or set them")
        base = env.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{env.get('PORT', '5000')}").rstrip("/")
        twilio_ready = bool(env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN"))
        default_hosts = TWILIO_MEDIA_HOSTS
        if not twilio_ready:
            # The simulator serves its uploads from the app itself.
            default_hosts += "," + (urlsplit(base).hostname or "")
        return cls(
            database_url=env["DATABASE_URL"],
            redis_url=env["REDIS_URL"],
            public_base_url=base,
            secret_key=env.get("SECRET_KEY", DEV_SECRET_KEY),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", DEV_AUTH_TOKEN),
            twilio_whatsapp_from=env.get("TWILIO_WHATSAPP_FROM", ""),
            twilio_sms_from=env.get("TWILIO_SMS_FROM", ""),
            media_allowed_hosts=_csv(env.get("MEDIA_ALLOWED_HOSTS", default_hosts)),
            media_max_bytes=int(env.get("MEDIA_MAX_BYTES", 16 * 1024 * 1024)),
            photo_dir=env.get("PHOTO_DIR", "var/photos"),
            photo_link_seconds=int(env.get("PHOTO_LINK_SECONDS", 3600)),
            safety_threshold=float(env.get("SAFETY_THRESHOLD", 0.65)),
            photo_encryption_keys=tuple(key.strip() for key in env.get("PHOTO_ENCRYPTION_KEY", "").split(",") if key),
            photo_retention_days=int(env.get("PHOTO_RETENTION_DAYS", 30)),
            blur_faces=env.get("PHOTO_BLUR_FACES", "").lower() in ("1", "true", "yes"),
            duplicate_radius_m=float(env.get("DUPLICATE_RADIUS_M", 100)),
            duplicate_window_minutes=int(env.get("DUPLICATE_WINDOW_MINUTES", 120)),
            duplicate_max_distance=float(env.get("DUPLICATE_MAX_DISTANCE", 0.6)),
            embedding_retention_hours=int(env.get("EMBEDDING_RETENTION_HOURS", 24)),
            google_maps_api_key=env.get("GOOGLE_MAPS_API_KEY", ""),
            model_dir=env.get("MODEL_DIR", "var/models"),
            safety_min_training=int(env.get("SAFETY_MIN_TRAINING", 200)),
            admin_api_token=env.get("ADMIN_API_TOKEN", ""),
        )
