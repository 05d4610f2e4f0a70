"""The address of the person at the other end of a request, also behind a reverse proxy.

In a data centre SEPAKAT runs behind nginx (or a government gateway): every request then
arrives from the proxy's address, and the visitor's own address is in ``X-Forwarded-For``.
That header is written by whoever sends the request, so it is believed only when the
connection itself comes from a proxy the operator named in ``SEPAKAT_TRUSTED_PROXIES``
(addresses or networks, comma-separated, e.g. ``127.0.0.1,10.20.0.0/16``). Otherwise a
visitor could pick any address per request: escape the login lockout and the hourly limit
on access requests, or lock another person's user name from "their" address.

The header is read from the right: each trusted proxy appends the address it received the
request from, so the first address from the right that is not a trusted proxy is the
client. Everything left of it was written by the client and is ignored. With no trusted
proxy configured (the default, and the right setting when the server faces the network
directly) only ``REMOTE_ADDR`` counts.

The lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``), the login log and the access-request
limit all take the address from :func:`client_ip`, so they agree on who the client is.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    # Only for the annotation: the settings module imports parse_networks from here.
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    """``SEPAKAT_TRUSTED_PROXIES`` entries as networks; a single address is a /32 (/128).

    Raises ``ValueError`` naming the entry that is not an address or network, so that a
    typo stops the server at start instead of silently trusting nobody (or everybody).
    """
    networks: list[Network] = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(
                f"{value!r} is not an IP address or network (e.g. 10.0.0.1 or 10.0.0.0/8)"
            ) from exc
    return networks


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    # Some proxies write "[2001:db8::1]:443" or "192.0.2.1:51000"; keep the address part.
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: Sequence[Network]
) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or behind a trusted proxy the forwarded one."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    proxies: Sequence[Network] = getattr(settings, "SEPAKAT_TRUSTED_PROXIES", ())
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded or not _trusted(remote, proxies):
        return str(remote)
    client = remote
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            # A malformed entry was not written by our proxies: stop at the last good hop.
            break
        client = address
        if not _trusted(address, proxies):
            break
    return str(client)
