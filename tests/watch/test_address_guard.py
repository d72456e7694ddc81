"""The address guard refuses every non-public range, judged on resolved addresses (the resolver is
mocked: no DNS), and so does the fetcher on every redirect, connecting to the address it checked."""

from __future__ import annotations

import pytest

from sitrep.watch import AddressPolicy, AddressRefused, Fetcher, FetchLimits

from .site import Page, Site

REFUSED = [
    ("127.0.0.1", "loopback"),
    ("127.45.6.7", "loopback"),
    ("10.20.30.40", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.254", "private"),
    ("192.168.1.10", "private"),
    ("169.254.169.254", "link-local"),  # the cloud metadata service
    ("169.254.3.4", "link-local"),
    ("0.0.0.0", "unspecified"),
    ("100.64.0.9", "not public"),  # carrier-grade NAT, shared address space
    ("224.0.0.251", "multicast"),
    ("::1", "loopback"),
    ("fc00::5", "private"),  # unique local addresses (ULA), fc00::/7
    ("fd12:3456:789a::1", "private"),
    ("fe80::1", "link-local"),
    ("fe80::1%eth0", "link-local"),
    ("::ffff:127.0.0.1", "loopback (inside ::ffff:7f00:1)"),  # IPv4-mapped IPv6
    ("::ffff:10.0.0.8", "private (inside ::ffff:a00:8)"),
    ("::ffff:169.254.169.254", "link-local (inside ::ffff:a9fe:a9fe)"),
    ("2002:c0a8:0101::1", "private (inside 2002:c0a8:101::1)"),  # 6to4 around 192.168.1.1
    ("64:ff9b::a9fe:a9fe", "link-local (inside 64:ff9b::a9fe:a9fe)"),  # NAT64 around 169.254.169.254
]


def policy_resolving(table: dict[str, list[str]], **kwargs) -> AddressPolicy:
    return AddressPolicy(resolve=lambda host, port: table[host], **kwargs)


@pytest.mark.parametrize(("address", "reason"), REFUSED)
def test_each_non_public_range_is_refused(address, reason):
    policy = policy_resolving({"feeds.example.org": [address]})
    with pytest.raises(AddressRefused) as refused:
        policy.addresses_for("feeds.example.org", 443)
    assert f"feeds.example.org ({address}) is a {reason} address" in str(refused.value)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "151.101.1.69"])
def test_public_addresses_pass(address):
    assert policy_resolving({"news.example.net": [address]}).addresses_for("news.example.net", 80) == [address]


def test_a_public_name_that_resolves_to_one_private_address_among_public_ones_is_refused():
    policy = policy_resolving({"news.example.net": ["93.184.215.14", "192.168.0.12"]})
    with pytest.raises(AddressRefused, match=r"192\.168\.0\.12\) is a private address"):
        policy.addresses_for("news.example.net", 80)


def test_allow_private_and_an_allowed_network_let_those_addresses_through():
    table = {"intranet.test": ["10.1.1.1"], "box.test": ["127.0.0.1"]}
    assert policy_resolving(table, allow_private=True).addresses_for("intranet.test", 80) == ["10.1.1.1"]
    only_loopback_host = policy_resolving(table, allowed=["127.0.0.1/32"])
    assert only_loopback_host.addresses_for("box.test", 80) == ["127.0.0.1"]
    with pytest.raises(AddressRefused):
        only_loopback_host.addresses_for("intranet.test", 80)


def test_an_address_literal_in_the_url_is_judged_too():
    fetcher = Fetcher(AddressPolicy())
    for url in ("http://127.0.0.1:9/", "http://[::1]:9/", "http://2130706433:9/", "http://169.254.169.254/latest/"):
        with pytest.raises(AddressRefused):
            fetcher.get(url)


def test_every_redirect_is_checked_before_it_is_followed():
    with Site() as site:
        site.pages["/to-metadata"] = Page(b"", status=302, headers={"Location": "http://169.254.169.254/latest/"})
        site.pages["/to-intranet"] = Page(b"", status=301, headers={"Location": "http://intranet.test/admin"})
        table = {"127.0.0.1": ["127.0.0.1"], "intranet.test": ["10.9.8.7"], "169.254.169.254": ["169.254.169.254"]}
        fetcher = Fetcher(policy_resolving(table, allowed=["127.0.0.1/32"]), FetchLimits(timeout=5))
        with pytest.raises(AddressRefused, match="169.254.169.254 is a link-local address"):
            fetcher.get(site.url("/to-metadata"))
        with pytest.raises(AddressRefused, match=r"intranet\.test \(10\.9\.8\.7\) is a private address"):
            fetcher.get(site.url("/to-intranet"))
        assert [r.path for r in site.requests] == ["/to-metadata", "/to-intranet"]


def test_the_fetcher_connects_to_the_address_it_checked_and_names_the_host():
    with Site() as site:
        site.pages["/feed.xml"] = Page(b"<rss/>", "application/rss+xml")
        fetcher = Fetcher(policy_resolving({"news.test": ["127.0.0.1"]}, allowed=["127.0.0.1/32"]))
        response = fetcher.get(f"http://news.test:{site.port}/feed.xml")
        assert response.status == 200 and response.body == b"<rss/>"
        assert site.requests[0].headers["host"] == f"news.test:{site.port}"
