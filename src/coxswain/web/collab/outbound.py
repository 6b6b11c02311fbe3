# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Where the server may send outgoing webhooks and chat messages: under the production
settings, only to addresses on the public internet.

An owner types the address, so without a check any organisation could make the server call
its own network: the cloud's metadata service (169.254.169.254), a database on 10.0.0.5, an
admin page on localhost. A host name is checked twice: when the address is saved (every
address it resolves to must be public, :func:`host_problems`) and again at every send, on
the very addresses the connection then uses (:func:`checked_connection`): a name whose
answer changes after it was saved (DNS rebinding) is caught there, since the connection
never looks the name up a second time.

Written with the standard library (``ipaddress``'s ``is_global`` and ``socket.getaddrinfo``)
and hooked into urllib's connection, rather than with a package: the few libraries that do
this (advocate, ssrf-filter) wrap requests or are unmaintained, and the sender here is
urllib."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from typing import Any

from django.conf import settings

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
# IPv6 forms that carry an IPv4 address a translator connects to: NAT64's well-known prefix
# (RFC 6052; DNS64 answers it for IPv4-only names) and SIIT's IPv4-translated form (RFC 2765).
EMBEDDED_IPV4 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("::ffff:0:0:0/96"))


class AddressRefused(OSError):
    """A connection the server will not make: the address is not public."""


def enforced() -> bool:
    """The check applies under the production settings only: development and tests send to
    a receiver on this machine."""
    return bool(getattr(settings, "PRODUCTION", False))


def address_problem(address: str) -> str | None:
    """Why an IP address is not one on the public internet, in words, or None when it is."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (%eth0) aside
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and ip.teredo is not None:
            inner = ip.teredo[1]
        if inner is None and any(ip in net for net in EMBEDDED_IPV4):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:  # an IPv4 address in IPv6 clothes is judged as itself
            ip = inner
    if ip.is_loopback:
        return "this server itself (loopback)"
    if ip.is_unspecified:
        return "an unspecified address (this server)"
    if ip.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private network address"
    if ip.is_reserved or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local):
        # ::/8 (IPv4-compatible ::a.b.c.d, NAT64 for local use), fec0::/10 (site-local)
        return "a reserved address"
    if not ip.is_global:
        return "not an address on the public internet"
    return None


def _addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """``getaddrinfo``'s answers for a TCP connection (raises socket.gaierror)."""
    return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)


def host_problems(host: str, port: int) -> list[str]:
    """What is wrong with sending to ``host``: it is (or resolves to) an address that is not
    public, or it cannot be looked up. Every address it resolves to must be public."""
    host = host.strip("[]").rstrip(".").lower()
    if not host:
        return ["the address has no host name"]
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return [f"{host} is this server itself: give an address on the public internet"]
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    else:
        why = address_problem(host)
        return [f"{host} is {why}: give an address on the public internet"] if why else []
    try:
        answers = _addresses(host, port)
    except (socket.gaierror, UnicodeError) as exc:
        return [f"the host name {host} could not be looked up ({exc}): check the address"]
    problems = []
    for address in dict.fromkeys(str(a[4][0]) for a in answers):
        why = address_problem(address)
        if why:
            problems.append(
                f"{host} resolves to {address}, {why}: give an address on the public internet"
            )
    return problems


def checked_connection(
    address: tuple[str, int],
    timeout: float | None = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
    source_address: tuple[str, int] | None = None,
    **_: Any,
) -> socket.socket:
    """``socket.create_connection``, except that the name is looked up once, every address
    it gives is checked, and the connection goes to those checked addresses only. Raises
    AddressRefused (never naming the host, which can be part of a secret address)."""
    host, port = address
    answers = _addresses(host, port)
    for *_rest, sockaddr in answers:
        why = address_problem(str(sockaddr[0]))
        if why:
            raise AddressRefused(
                f"refused to connect: the host name resolves to {sockaddr[0]}, {why}; only "
                "addresses on the public internet are allowed"
            )
    error: OSError | None = None
    for family, kind, proto, _name, sockaddr in answers:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            error = exc
            sock.close()
    raise error or OSError(f"no address for the host name (port {port})")


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = checked_connection


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    """TLS as usual (the certificate is checked against the host name); only the TCP
    connection goes to the checked addresses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = checked_connection


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(
            _PublicHTTPSConnection,
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


class _HTTPRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect to http or https only: urllib also follows one to ftp://, whose handler
    connects on its own, past the checked connection."""

    check_host = False

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        from urllib.parse import urlsplit

        refused = AddressRefused(
            "refused to connect: a redirect led to an address that is not public; only "
            "addresses on the public internet are allowed"
        )
        try:
            parts = urlsplit(newurl)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise refused from None
        if parts.scheme not in ("http", "https"):
            raise AddressRefused(
                "refused to connect: a redirect led to an address that is not http or https"
            )
        if self.check_host and host_problems(parts.hostname or "", port):
            raise refused
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _CheckedRedirects(_HTTPRedirects):
    """Through a proxy: a redirect's host is checked before the proxy is asked for it (the
    proxy, not this server, would connect to it)."""

    check_host = True


def handlers(*, host: str, port: int, scheme: str, follow_redirects: bool = True) -> list[Any]:
    """The urllib handlers that keep a send to public addresses (none outside production).
    Through a proxy (``https_proxy``) the proxy makes the connection: the name is checked
    here before sending, and so is the host of every redirect followed; the proxy is the
    place to limit where it may connect (a name that changes after this check). A redirect
    is followed (``follow_redirects``) to http or https only."""
    if not enforced():
        return []
    if scheme in urllib.request.getproxies() and not urllib.request.proxy_bypass(host):
        problems = host_problems(host, port)
        if problems:
            raise AddressRefused(
                "refused to connect: the host name is not a public address; only addresses "
                "on the public internet are allowed"
            )
        return [_CheckedRedirects] if follow_redirects else []
    return [
        _PublicHTTPHandler,
        _PublicHTTPSHandler,
        *([_HTTPRedirects] if follow_redirects else []),
    ]
