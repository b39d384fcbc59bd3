"""URLs as a notice cites them: checked, normalised, internationalised domains in punycode for
the platform and in Unicode for the caseworker."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

# "mailto:", "javascript:", "ftp://" … but not "example.com:8080" (a host and a port).
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):(?!\d)")


class BadURL(ValueError):
    """Not a web address a platform can act on; the message is translated and says why."""


@dataclass(frozen=True)
class Address:
    ascii: str  # what the notice sends (IDNA/punycode host)
    display: str  # what the caseworker reads (Unicode host)
    host: str  # ascii host, lower case


def normalise(raw: str) -> Address:
    text = (raw or "").strip()
    if not text:
        raise BadURL(_("The address is empty."))
    other_scheme = _SCHEME.match(text)
    if other_scheme and other_scheme.group(1).lower() not in ("http", "https"):
        raise BadURL(_("Only web addresses (http or https) can be reported: %(url)s") % {"url": raw[:200]})
    if "://" not in text:
        text = "https://" + text  # "t.me/group" as survivors write it
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        port = f":{parts.port}" if parts.port else ""
    except ValueError as exc:  # a broken IPv6 literal or port
        raise BadURL(_("This is not a web address: %(url)s") % {"url": raw[:200]}) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise BadURL(_("Only web addresses (http or https) can be reported: %(url)s") % {"url": raw[:200]})
    if not host or any(c.isspace() for c in text):
        raise BadURL(_("This is not a web address: %(url)s") % {"url": raw[:200]})
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
        unicode_host = ascii_host.encode("ascii").decode("idna")
    except UnicodeError as exc:
        raise BadURL(_("The domain name in this address is not valid: %(url)s") % {"url": raw[:200]}) from exc
    userinfo = ""  # credentials in a URL are never forwarded
    ascii_url = urlunsplit((parts.scheme.lower(), f"{userinfo}{ascii_host}{port}", parts.path, parts.query, ""))
    try:
        URLValidator(schemes=["http", "https"])(ascii_url)
    except ValidationError as exc:
        raise BadURL(_("This is not a web address: %(url)s") % {"url": raw[:200]}) from exc
    display = urlunsplit((parts.scheme.lower(), f"{unicode_host}{port}", parts.path, parts.query, ""))
    return Address(ascii_url, display, ascii_host)
