"""Staff accounts for the web interface: a JSON settings file holding scrypt password hashes.

The file looks like {"secret": "...", "users": {"lan": "scrypt$16384$8$1$<salt>$<hash>"}}. The secret
signs Datasette's cookies, so sign-ins survive a restart of `vanban serve`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

# scrypt cost: 16 MiB of memory and ~50 ms per check, so guessing passwords is slow.
_N, _R, _P = 2**14, 8, 1
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class Settings:
    users: dict[str, str] = field(default_factory=dict)  # user name -> password hash
    secret: str | None = None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """A self-describing scrypt hash of `password`: 'scrypt$N$r$p$salt$hash'."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash; False for any malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def valid_user_name(name: str) -> bool:
    return 0 < len(name) <= 64 and set(name) <= _NAME_CHARS


def load_settings(path: str | Path | None) -> Settings:
    """The settings in `path`; no users when there is no file (the site is then read-only)."""
    if path is None or not Path(path).is_file():
        return Settings()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    users = {str(k): str(v) for k, v in (data.get("users") or {}).items()}
    return Settings(users=users, secret=data.get("secret"))


def check_login(path: str | Path | None, name: str, password: str) -> bool:
    """True when `name` is a staff account in the settings file and `password` is its password."""
    stored = load_settings(path).users.get(name)
    if stored is None:
        hash_password(password)  # same work either way, so timing does not reveal which names exist
        return False
    return verify_password(password, stored)


def set_password(path: str | Path, name: str, password: str) -> bool:
    """Create or update the account `name`; returns True when it is new. The file is private (0600)."""
    if not valid_user_name(name):
        raise ValueError("user names are 1-64 characters: lower-case letters, digits, '.', '_' or '-'")
    if not password:
        raise ValueError("the password is empty")
    p = Path(path)
    current = load_settings(p)
    users = dict(current.users)
    new = name not in users
    users[name] = hash_password(password)
    data = {"secret": current.secret or secrets.token_hex(32), "users": users}
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    tmp.replace(p)
    return new
