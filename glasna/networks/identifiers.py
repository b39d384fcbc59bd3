"""Identifier normalisation: every way of writing one space or account becomes one canonical value.

A pure function, no database: `normalise(raw, platform_hint)` returns an `Identifier` (platform,
kind, value) or raises `InvalidIdentifier` with a translated message. `render(identifier)` gives
the canonical link back, and normalising it returns the same identifier.

Decisions (docs/networks.md):
- Unicode: text is NFKC-normalised; in names that must be ASCII (Telegram, Instagram, TikTok, X),
  Cyrillic and Greek letters that look like Latin ones ("а", "о", "р", "ο"...) are folded to Latin,
  because such a name cannot exist on those platforms and the only thing it can mean is the Latin
  one (a survivor's keyboard switched script). Any other non-ASCII letter is refused.
- Telegram names are case-insensitive: stored lower case. Invite hashes and Discord/Viber invite
  codes are case-sensitive: kept as written.
- `t.me/name` is a public space (a channel, group or bot) unless the caller says it names a person
  (`account=True`); `+hash` and `joinchat/hash` are private invites; `t.me/c/123/…` and `-100…`
  are numeric ids.
- Websites and forum threads: https, lower-case host without "www.", no default port, no fragment,
  no tracking parameters, remaining parameters sorted, no trailing slash.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.utils.translation import gettext_lazy as _

from glasna.core import platforms

PUBLIC_SPACE = "public_space"
PRIVATE_INVITE = "private_invite"
ACCOUNT = "account"
NUMERIC_ID = "numeric_id"
# Not a kind `normalise` returns: how the registry keeps a page on a website the platform list does
# not know, linked from a case (networks/private_pages.py).
PRIVATE_PAGE = "private_page"
KINDS = (PUBLIC_SPACE, PRIVATE_INVITE, ACCOUNT, NUMERIC_ID)
PRIVATE_KINDS = frozenset({PRIVATE_INVITE, ACCOUNT, PRIVATE_PAGE})
WEB = "other"  # websites and forums carry the platform key "other"

# Cyrillic and Greek letters that render like Latin ones (Unicode confusables, lower case after NFKC).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
        "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "ɡ": "g", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϳ": "j", "ѵ": "v", "ԍ": "g", "ʏ": "y",
    }
)  # fmt: skip
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|igshid|igsh|si|mc_.*|ref|ref_src|_ga|yclid|s)$")
_TELEGRAM_HOSTS = ("t.me", "telegram.me", "telegram.dog")
_TELEGRAM_NAME = re.compile(r"^[a-z][a-z0-9_]{4,31}$")
_INVITE = re.compile(r"^[A-Za-z0-9_-]{4,64}$")
_NUMBER = re.compile(r"^-?[0-9]{1,20}$")
_DIGITS = re.compile(r"^[0-9]{1,20}$")
_ACCOUNT_NAMES = {
    "instagram": re.compile(r"^[a-z0-9._]{1,30}$"),
    "tiktok": re.compile(r"^[a-z0-9._]{2,24}$"),
    "x": re.compile(r"^[a-z0-9_]{1,15}$"),
    "facebook": re.compile(r"^[a-z0-9.]{5,50}$"),
    "viber": re.compile(r"^[a-z0-9._-]{2,64}$"),
}
_NOT_ACCOUNTS = {"p", "reel", "reels", "explore", "stories", "share", "watch", "video", "i", "home", "search"}


class InvalidIdentifier(ValueError):
    """The text cannot be read as a link, name or number; `message` is translated."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Identifier:
    platform: str  # a key of the one platform list (glasna/core/data/platforms.yaml)
    kind: str  # one of KINDS
    value: str  # canonical: a name, an invite code, a number or (websites) a URL

    @property
    def is_private(self) -> bool:
        """Invite links and accounts are stored only as keyed pseudonyms."""
        return self.kind in PRIVATE_KINDS


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower().translate(_CONFUSABLES)


def _name(platform: str, raw: str) -> str:
    name = _fold(raw).lstrip("@").rstrip("/")
    pattern = _TELEGRAM_NAME if platform == "telegram" else _ACCOUNT_NAMES.get(platform)
    if pattern is None:
        raise InvalidIdentifier(_("Say which platform this name or number is on."))
    if platform == "telegram" and not (pattern.match(name) and "__" not in name and not name.endswith("_")):
        raise InvalidIdentifier(
            _("This is not a Telegram name: Telegram names have 5 to 32 Latin letters, digits or underscores.")
        )
    if not pattern.match(name) or (platform != "telegram" and name in _NOT_ACCOUNTS):
        # A reserved path ("i", "reel", "p"...) is a page of the platform, never an account.
        raise InvalidIdentifier(_("This is not a valid account name on this platform."))
    return name


def _invite(code: str) -> str:
    code = unicodedata.normalize("NFKC", code).strip()
    if not _INVITE.match(code):
        raise InvalidIdentifier(_("This invite link is incomplete or damaged."))
    return code


def _number(text: str) -> str:
    return str(int(text))


def normalise(raw: str, platform_hint: str = "", account: bool = False) -> Identifier:
    """The canonical identifier of `raw`; `platform_hint` is used when the text has no host (an
    @name or a number); `account=True` when the caller knows a Telegram name is a person's."""
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text or len(text) > 2000:
        raise InvalidIdentifier(_("Enter a link, an @name or a number."))
    lowered = text.lower()
    if lowered.startswith("tg:"):
        return _telegram_scheme(text, account)
    if lowered.startswith("viber:"):
        return _viber_scheme(text)
    if "/" not in text and "." not in text.lstrip("@") or text.startswith("@"):
        return _bare(text, platform_hint, account)
    if "://" not in text:
        text = "https://" + text  # "t.me/group" as survivors write it
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        host = host.encode("idna").decode("ascii").lower()
        port = parts.port
    except (ValueError, UnicodeError) as exc:
        raise InvalidIdentifier(_("This is not a web address.")) from exc
    if parts.scheme.lower() not in ("http", "https") or "." not in host or " " in text:
        raise InvalidIdentifier(_("This is not a web address."))
    platform = platforms.platform_for_host(host)
    prefixes = ("www.",) if platform == WEB else ("www.", "m.")
    while host.startswith(prefixes) and "." in host.split(".", 1)[1]:
        host = host.split(".", 1)[1]
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qsl(parts.query, keep_blank_values=False)
    if host in _TELEGRAM_HOSTS or host.endswith(".t.me"):
        if host.endswith(".t.me"):  # name.t.me
            segments = [host.removesuffix(".t.me")]
        return _telegram_path(segments, account)
    if platform == "discord":
        return _discord(host, segments)
    if platform == "viber":
        return _viber(host, segments, query)
    if platform in ("instagram", "tiktok", "x", "facebook") and segments:
        found = _social(platform, segments, query)
        if found is not None:
            return found
    return _website(host, port, parts.path, query)


def _bare(text: str, hint: str, account: bool) -> Identifier:
    body = text.lstrip("@")
    if hint not in _ACCOUNT_NAMES and hint != "telegram":
        raise InvalidIdentifier(_("Say which platform this name or number is on."))
    if _NUMBER.match(body) and not text.startswith("@"):
        return Identifier(hint, NUMERIC_ID, _number(body))
    kind = PUBLIC_SPACE if hint == "telegram" and not account else ACCOUNT
    if hint == "viber":
        kind = PUBLIC_SPACE
    return Identifier(hint, kind, _name(hint, body))


def _telegram_path(segments: list[str], account: bool) -> Identifier:
    if segments and segments[0].lower() == "s":  # t.me/s/name: the channel's web preview
        segments = segments[1:]
    if not segments:
        raise InvalidIdentifier(_("This link does not name a group, channel, invite or account."))
    first = segments[0]
    if first.startswith("+") or first.upper().startswith("%2B"):
        return Identifier("telegram", PRIVATE_INVITE, _invite(first[1:] if first[0] == "+" else first[3:]))
    if first.lower() == "joinchat" and len(segments) > 1:
        return Identifier("telegram", PRIVATE_INVITE, _invite(segments[1]))
    if first.lower() == "c" and len(segments) > 1 and _DIGITS.match(segments[1]):
        return Identifier("telegram", NUMERIC_ID, _number("-100" + segments[1]))
    return Identifier("telegram", ACCOUNT if account else PUBLIC_SPACE, _name("telegram", first))


def _telegram_scheme(text: str, account: bool) -> Identifier:
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InvalidIdentifier(_("This link does not name a group, channel, invite or account.")) from exc
    query = dict(parse_qsl(parts.query))
    action = (parts.netloc or parts.path).lower().strip("/")
    if action == "resolve" and query.get("domain"):
        return Identifier("telegram", ACCOUNT if account else PUBLIC_SPACE, _name("telegram", query["domain"]))
    if action == "join" and query.get("invite"):
        return Identifier("telegram", PRIVATE_INVITE, _invite(query["invite"]))
    raise InvalidIdentifier(_("This link does not name a group, channel, invite or account."))


def _viber_scheme(text: str) -> Identifier:
    try:
        query = {k.lower(): v for k, v in parse_qsl(urlsplit(text).query)}
    except ValueError as exc:
        raise InvalidIdentifier(_("This link does not name a group, channel, invite or account.")) from exc
    if query.get("chaturi"):
        return Identifier("viber", PUBLIC_SPACE, _name("viber", query["chaturi"]))
    if query.get("g2") or query.get("g"):
        return Identifier("viber", PRIVATE_INVITE, _invite(query.get("g2") or query["g"]))
    raise InvalidIdentifier(_("This link does not name a group, channel, invite or account."))


def _viber(host: str, segments: list[str], query: list[tuple[str, str]]) -> Identifier:
    params = {k.lower(): v for k, v in query}
    if params.get("g2") or params.get("g"):
        return Identifier("viber", PRIVATE_INVITE, _invite(params.get("g2") or params["g"]))
    if host.startswith("chats.") and segments:
        return Identifier("viber", PUBLIC_SPACE, _name("viber", segments[0]))
    raise InvalidIdentifier(_("This link does not name a group, channel, invite or account."))


def _discord(host: str, segments: list[str]) -> Identifier:
    if host == "discord.gg" and segments:
        return Identifier("discord", PRIVATE_INVITE, _invite(segments[0]))
    if len(segments) > 1 and segments[0].lower() == "invite":
        return Identifier("discord", PRIVATE_INVITE, _invite(segments[1]))
    if len(segments) > 1 and segments[0].lower() == "channels" and _DIGITS.match(segments[1]):
        return Identifier("discord", NUMERIC_ID, _number(segments[1]))  # the server (guild) id
    raise InvalidIdentifier(_("This link does not name a group, channel, invite or account."))


def _social(platform: str, segments: list[str], query: list[tuple[str, str]]) -> Identifier | None:
    first = segments[0]
    if platform == "facebook":
        if first.lower() == "profile.php":
            number = dict(query).get("id", "")
            if not _DIGITS.match(number):
                raise InvalidIdentifier(_("This link does not name a group, channel, invite or account."))
            return Identifier("facebook", ACCOUNT, _number(number))
        if first.lower() == "groups" and len(segments) > 1:
            group = _fold(segments[1])
            if not re.match(r"^[a-z0-9.]{1,100}$", group):
                raise InvalidIdentifier(_("This link does not name a group, channel, invite or account."))
            return Identifier("facebook", PUBLIC_SPACE, "groups/" + group)
    if platform == "tiktok":
        if not first.startswith("@"):
            return None
        return Identifier("tiktok", ACCOUNT, _name("tiktok", first))
    if _fold(first) in _NOT_ACCOUNTS:
        return None  # a single post or a page of the platform: kept as a web address
    return Identifier(platform, ACCOUNT, _name(platform, first))


def _website(host: str, port: int | None, path: str, query: list[tuple[str, str]]) -> Identifier:
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    kept = sorted((k, v) for k, v in query if not _TRACKING.match(k.lower()))
    clean_path = re.sub(r"/{2,}", "/", path).rstrip("/")
    url = f"https://{netloc}{clean_path}" + (f"?{urlencode(kept)}" if kept else "")
    if any(ch.isspace() for ch in url):
        raise InvalidIdentifier(_("This is not a web address."))
    return Identifier(platforms.platform_for_host(host), PUBLIC_SPACE, url)


def render(identifier: Identifier) -> str:
    """The canonical link (or name, for numbers) of an identifier; normalise(render(i)) == i with
    the same platform hint and `account` flag."""
    p, kind, value = identifier.platform, identifier.kind, identifier.value
    if p == "telegram":
        if kind == PRIVATE_INVITE:
            return f"https://t.me/+{value}"
        if kind == NUMERIC_ID:
            return f"https://t.me/c/{value[4:]}" if value.startswith("-100") and len(value) > 4 else value
        return f"https://t.me/{value}"
    if p == "discord":
        return f"https://discord.gg/{value}" if kind == PRIVATE_INVITE else f"https://discord.com/channels/{value}"
    if p == "viber" and kind != NUMERIC_ID:
        return f"https://invite.viber.com/?g2={value}" if kind == PRIVATE_INVITE else f"https://chats.viber.com/{value}"
    if p == "facebook" and kind == ACCOUNT and value.isdigit():
        return f"https://www.facebook.com/profile.php?id={value}"
    if kind == ACCOUNT and p == "tiktok":
        return f"https://www.tiktok.com/@{value}"
    if kind == ACCOUNT and p in ("instagram", "x", "facebook"):
        host = {"instagram": "www.instagram.com", "x": "x.com", "facebook": "www.facebook.com"}[p]
        return f"https://{host}/{value}"
    if p == "facebook" and kind == PUBLIC_SPACE and value.startswith("groups/"):
        return f"https://www.facebook.com/{value}"
    return value
