"""Settings, read once from the environment. README lists every variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEV_AUTH_TOKEN = "ketpaar-dev-auth-token"
DEV_SECRET_KEY = "ketpaar-dev-secret-key"
TWILIO_MEDIA_HOSTS = "api.twilio.com,media.twiliocdn.com,mms.twiliocdn.com"


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

    @property
    def twilio_configured(self) -> bool:
        has_sender = bool(self.twilio_whatsapp_from or self.twilio_sms_from)
        real_token = self.twilio_auth_token not in ("", DEV_AUTH_TOKEN)
        return bool(self.twilio_account_sid and real_token and has_sender)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
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
        )
