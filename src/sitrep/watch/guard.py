"""Which addresses sitrep may fetch from: public ones only, checked after resolution and on every redirect.

A feed is written by others, and so is every link and redirect in it: a feed that points at
169.254.169.254 (a cloud's metadata service), a router's admin page or a database on the same host
must not make sitrep fetch it. The check is on the addresses a name resolves to, not on the name, and
sitrep then connects to the very address it checked (no second look-up a DNS rebinding could change).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

from ..errors import SitrepError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

NAT64 = ipaddress.ip_network("64:ff9b::/96")  # a gateway here forwards to the IPv4 address in the low bits


class FetchError(SitrepError):
    """A page or feed could not be fetched (HTTP error, timeout, too large, refused)."""


class TransientFetchError(FetchError):
    """A failure worth another try later: no connection, a timeout, a broken response, a server error."""


class AddressRefused(FetchError):
    """The URL leads to an address sitrep does not fetch from (private, loopback, link-local, …)."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the name resolves to (IPv4 and IPv6), in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal_reason(address: IPAddress) -> str | None:
    """Why an address is not fetched from, or None for a public one. An IPv4 address carried inside an
    IPv6 one (IPv4-mapped, 6to4, NAT64) is judged as that IPv4 address too."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        reason = refusal_reason(embedded)
        if reason:
            return f"{reason} (inside {address})"
    for reason, test in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    ):
        if test:
            return reason
    if embedded is None and not address.is_global:
        return "not public"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


class AddressPolicy:
    """Resolves a host and returns the addresses sitrep may connect to; refuses the host when any of its
    addresses is not public, unless private addresses are allowed (all, or those in `allowed`)."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allowed: Iterable[str] = (),
        resolve: Resolver = system_resolver,
    ) -> None:
        self.allow_private = allow_private
        self.allowed = [ipaddress.ip_network(network) for network in allowed]
        self.resolve = resolve

    def addresses_for(self, host: str, port: int) -> list[str]:
        addresses = self.resolve(host, port)
        if not addresses:
            raise FetchError(f"{host} resolves to no address")
        for text in addresses:
            self.check(host, text)
        return addresses

    def check(self, host: str, text: str) -> None:
        address = ipaddress.ip_address(text.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is no part of it
        if self.allow_private or any(address in network for network in self.allowed):
            return
        reason = refusal_reason(address)
        if reason:
            shown = host if host == text else f"{host} ({text})"
            raise AddressRefused(f"{shown} is a {reason} address; sitrep fetches only public ones (--allow-private)")
