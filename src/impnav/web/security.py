"""Browser security for the web app: cookies, CSRF tokens and response headers.

CSRF: every browser gets a random `impnav_csrf` cookie (HttpOnly, SameSite=Strict) and every
state-changing form carries the same value in a hidden field; a request whose field does not
match the cookie is refused. A page on another site can make the browser send the cookie only
with SameSite=Strict lifted, and can never read it to fill the field. When a consultant logs in
the value is replaced by the one stored with their session, and consultant forms are checked
against the session as well (a synchronizer token).

Cookies are marked Secure except on plain-HTTP loopback (the developer's own machine running
`make run`), where browsers would otherwise drop them.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

CSRF_COOKIE = "impnav_csrf"
CONSULTANT_COOKIE = "impnav_session"
OWNER_COOKIE = "impnav_case"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

# No inline scripts anywhere; the Swagger UI page is the one exception and gets its own policy.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)


class CsrfRejected(Exception):
    """The form's CSRF token is missing or does not match."""


def cookie_secure(request: Request) -> bool:
    return not (request.url.scheme == "http" and request.url.hostname in LOOPBACK)


def set_cookie(
    request: Request,
    response: Response,
    name: str,
    value: str,
    path: str = "/",
    max_age: int | None = None,
    same_site: str = "lax",
) -> None:
    response.set_cookie(
        name,
        value,
        path=path,
        max_age=max_age,
        httponly=True,
        secure=cookie_secure(request),
        samesite=same_site,  # type: ignore[arg-type]
    )


def clear_cookie(request: Request, response: Response, name: str, path: str = "/") -> None:
    response.delete_cookie(
        name, path=path, httponly=True, secure=cookie_secure(request), samesite="lax"
    )


def csrf_token(request: Request) -> str:
    """The token to put in this page's forms (the browser's CSRF cookie value)."""
    return getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE, "")


def check_csrf(request: Request, submitted: str, expected: str | None = None) -> None:
    """Refuse a form whose token does not match the cookie (and the session, if given)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not submitted or not cookie or not hmac.compare_digest(submitted, cookie):
        raise CsrfRejected
    if expected is not None and not hmac.compare_digest(submitted, expected):
        raise CsrfRejected


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def security_middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Give each browser its CSRF cookie and every response the security headers."""
    fresh = None
    if not request.cookies.get(CSRF_COOKIE):
        fresh = secrets.token_urlsafe(32)
        request.state.csrf = fresh
    response = await call_next(request)
    if fresh is not None and not request.url.path.startswith("/api/"):
        set_cookie(request, response, CSRF_COOKIE, fresh, same_site="strict")
    docs = request.url.path == "/docs"
    response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.url.path.startswith(("/cases", "/consultant", "/api/v1/cases", "/api/v1/book")):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
