"""The server's security layer, one ASGI middleware in front of the app (docs/web.md,
"Security model").

- **Trusted hosts**: a request whose ``Host`` is not one of the server's names is refused
  (400), so a DNS-rebinding page cannot talk to a dashboard on loopback. Loopback names by
  default; ``tidings serve --trusted-host NAME`` adds more.
- **Cross-site writes**: a ``POST`` (or any method but GET/HEAD/OPTIONS) whose ``Origin`` (or,
  without one, ``Referer``) is another site is refused (403); a form post must carry the
  CSRF token the server put in its form (``csrf_token`` field, an HMAC of a per-process
  secret with a timestamp), and a JSON post must say ``application/json`` (which a
  cross-site form cannot send). JSON bodies with ``NaN``/``Infinity`` or lone surrogates are
  refused (422) before any route sees them.
- **Bounded bodies**: a body over ``max_body`` bytes is refused (413) without reading it.
- **Headers** on every response: a Content-Security-Policy that allows only the app's own
  origin (no inline scripts or styles, no frames), ``nosniff``, ``X-Frame-Options: DENY`` and
  ``Referrer-Policy: same-origin``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
TOKEN_FIELD = "csrf_token"
TOKEN_HOURS = 12
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin")]


_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def docs_csp(html: bytes) -> str:
    """The policy for the API docs pages (Swagger UI, ReDoc), whose generated HTML starts
    its bundle with an inline script: that script is allowed by its hash, nothing else
    inline; their styles are injected at run time, so inline styles are allowed there."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()
                                                     ).decode() + "'"
                      for m in _INLINE_SCRIPT.finditer(html))
    return (CSP.replace("script-src 'self'", f"script-src 'self' {hashes}".rstrip())
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            .replace("img-src 'self' data:", "img-src 'self' data: blob:")
            .replace("default-src 'self'", "default-src 'self'; worker-src 'self' blob:"))


def is_loopback(host: str) -> bool:
    """A host name or address that only this machine can reach."""
    return host in LOOPBACK_NAMES or host.startswith("127.")


@dataclass
class CsrfTokens:
    """Tokens for the server's own forms: ``timestamp.hmac``, valid ``TOKEN_HOURS``; the
    secret lives as long as the process (a restart asks to reload the form)."""

    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def issue(self) -> str:
        stamp = str(int(time.time()))
        return f"{stamp}.{self._sign(stamp)}"

    def check(self, token: str) -> bool:
        stamp, _, mac = token.partition(".")
        if not stamp.isdigit() or time.time() - int(stamp) > TOKEN_HOURS * 3600:
            return False
        return hmac.compare_digest(mac, self._sign(stamp))

    def _sign(self, stamp: str) -> str:
        return hmac.new(self.secret, stamp.encode(), hashlib.sha256).hexdigest()


def _host_name(host: str) -> str:
    """``[::1]:8000`` → ``::1``; ``Example.org:80`` → ``example.org``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _json_problem(body: bytes) -> str | None:
    """Why a JSON body is refused (NaN/Infinity, lone surrogates, not JSON), or None."""
    constants: list[str] = []

    def no_constants(name: str) -> None:
        constants.append(name)  # NaN, Infinity: Python reads them, JSON has no such numbers

    try:
        data = json.loads(body, parse_constant=no_constants)
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return "text with a lone surrogate (not valid Unicode)"
    except (ValueError, RecursionError) as exc:
        return f"invalid JSON: {str(exc)[:80]}"
    return f"{constants[0]} is not a number JSON allows" if constants else None


@dataclass
class SecurityLayer:
    """The middleware (see the module docstring). ``trusted_hosts`` may hold ``*``."""

    app: ASGIApp
    trusted_hosts: tuple[str, ...] = LOOPBACK_NAMES
    tokens: CsrfTokens = field(default_factory=CsrfTokens)
    max_body: int = 12 * 1024 * 1024

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self._refusal(scope, headers)
        if problem is None and scope["method"] not in SAFE_METHODS:
            body, problem = await self._body(receive, headers)
            if problem is None:
                problem = self._body_refusal(headers, body)
            receive = _replay(body, receive)
        if problem is not None:
            await _refuse(send, *problem)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = _host_name(headers.get("host", ""))
        if "*" not in self.trusted_hosts and host not in self.trusted_hosts:
            return 400, "untrusted Host header (start the server with --trusted-host NAME)"
        if scope["method"] in SAFE_METHODS:
            return None
        source = headers.get("origin") or headers.get("referer")
        if source and source != "null" and _host_name(urlsplit(source).netloc) != host:
            return 403, "cross-site request refused (Origin/Referer is another site)"
        if source == "null":
            return 403, "cross-site request refused (opaque Origin)"
        length = headers.get("content-length", "0")
        if length.isdigit() and int(length) > self.max_body:
            return 413, f"request body over {self.max_body:,} bytes"
        return None

    async def _body(self, receive: Receive, headers: dict[str, str]
                    ) -> tuple[bytes, tuple[int, str] | None]:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return b"", (413, f"request body over {self.max_body:,} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks), None

    def _body_refusal(self, headers: dict[str, str], body: bytes) -> tuple[int, str] | None:
        ctype = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype == "application/json":
            why = _json_problem(body)
            return (422, why) if why else None
        if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            token = _form_token(body, ctype)
            if token is None or not self.tokens.check(token):
                return 403, "missing or expired form token: reload the page and try again"
            return None
        return 415, "send application/json (API) or a form from the dashboard"


def _form_token(body: bytes, ctype: str) -> str | None:
    if ctype == "application/x-www-form-urlencoded":
        values = parse_qs(body.decode("latin-1")).get(TOKEN_FIELD)
        return values[0] if values else None
    marker = f'name="{TOKEN_FIELD}"'.encode()
    at = body.find(marker)
    if at < 0:
        return None
    value = body[at + len(marker):].split(b"\r\n\r\n", 1)[-1].split(b"\r\n", 1)[0]
    return value.decode("latin-1").strip()


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app the body already read, then the client's messages
    (a disconnect) as they come."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in HEADERS if k not in names]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
