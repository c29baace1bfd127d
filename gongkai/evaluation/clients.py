"""Who is asking, as far as counting needs it: client keys, per-address limits, a challenge.

Nothing here stores a person: the client key (a random cookie, or without one the address
and the browser's signature) only ever reaches the database as a keyed hash with the target
and the day. Attempts per address are counted in Django's cache for the hour, so a flood
costs no permanent rows. Past a threshold the form asks a small sum, signed by the server
(no third-party service, works without JavaScript); past the hourly limit the address is
refused until the hour is over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from gongkai.core.signin import client_ip

CLIENT_COOKIE = "gk_client"
CLIENT_COOKIE_AGE = 400 * 24 * 60 * 60
_COOKIE_VALUE = re.compile(r"^[0-9a-f]{32}$")
_SALT = "gongkai.evaluation"
CHALLENGE_MAX_AGE = 15 * 60


def new_client_cookie() -> str:
    return secrets.token_hex(16)


def client_key(request: HttpRequest) -> str:
    """The client's cookie; without one, its address and browser signature."""
    cookie = request.COOKIES.get(CLIENT_COOKIE, "")
    if _COOKIE_VALUE.match(cookie):
        return f"cookie:{cookie}"
    agent = request.META.get("HTTP_USER_AGENT", "")
    language = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    return f"address:{client_ip(request) or ''}|{agent}|{language}"


def _keyed(text: str) -> str:
    key = hashlib.sha256(f"{_SALT}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def client_hash(key: str, target: str, day: dt.date) -> str:
    """What a rating keeps of its rater: unlinkable across targets and days."""
    return _keyed(f"{key}|{target}|{day.isoformat()}")


def address_hash(request: HttpRequest) -> str:
    return _keyed(f"address|{client_ip(request) or ''}")


class Limit(StrEnum):
    OPEN = "open"
    CHALLENGE = "challenge"
    REFUSED = "refused"


def _bucket(request: HttpRequest, now: dt.datetime) -> str:
    return f"evaluation:attempts:{address_hash(request)}:{now:%Y%m%d%H}"


def attempts(request: HttpRequest, now: dt.datetime) -> int:
    return cache.get(_bucket(request, now), 0)


def count_attempt(request: HttpRequest, now: dt.datetime) -> int:
    """Count one rating or report from the client's address in this hour."""
    key = _bucket(request, now)
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return 1


def limit(request: HttpRequest, now: dt.datetime) -> Limit:
    seen = attempts(request, now)
    if seen >= settings.EVALUATION_LIMIT_PER_HOUR:
        return Limit.REFUSED
    if seen >= settings.EVALUATION_CHALLENGE_AFTER:
        return Limit.CHALLENGE
    return Limit.OPEN


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def new_challenge() -> Challenge:
    a, b = secrets.randbelow(40) + 10, secrets.randbelow(9) + 1
    token = signing.dumps(
        {"n": secrets.token_hex(8), "h": _keyed(f"challenge|{a + b}")}, salt=_SALT
    )
    return Challenge(question=f"{a} + {b} = ?", token=token)


def challenge_solved(token: str, answer: str) -> bool:
    """Right, fresh and not used before (a solved challenge answers one request only)."""
    try:
        data = signing.loads(token or "", salt=_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature:
        return False
    answer = (answer or "").strip()
    if not answer.isdigit() or not hmac.compare_digest(
        data.get("h", ""), _keyed(f"challenge|{int(answer)}")
    ):
        return False
    return cache.add(f"evaluation:challenge:{data.get('n')}", 1, timeout=CHALLENGE_MAX_AGE)
