"""Staff passwords, hashed with scrypt (werkzeug's format: the method and salt travel with the hash)."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash


class ScryptPasswords:
    def hash(self, password: str) -> str:
        return generate_password_hash(password, method="scrypt")

    def matches(self, password_hash: str, password: str) -> bool:
        return check_password_hash(password_hash, password)
