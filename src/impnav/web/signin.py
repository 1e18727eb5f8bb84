"""One way to sign in with a password, for consultants and for case owners: the CSRF check, the
rate-limited attempt, and the pages for a refused form, too many attempts or a wrong password."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from impnav.store.accounts import StartedSession, TooManyAttempts
from impnav.store.db import session_scope
from impnav.web.routes import page
from impnav.web.security import CsrfRejected, check_csrf, client_key

Attempt = Callable[[Session, str, datetime], StartedSession | None]


def refused(request: Request) -> HTMLResponse:
    """The page for a form whose CSRF token does not match: nothing was done."""
    return page(
        request,
        "message.html",
        status_code=403,
        title="Form expired",
        message="This form was opened in another session or has expired. Go back, reload the "
        "page and submit it again.",
    )


def password_sign_in(
    request: Request, csrf: str, template: str, form: dict[str, str], attempt: Attempt, wrong: str
) -> StartedSession | Response:
    """The new session, or the page to show instead (403, 429 with Retry-After, or 401)."""
    try:
        check_csrf(request, csrf)
    except CsrfRejected:
        return refused(request)
    try:
        with session_scope() as session:
            started = attempt(session, client_key(request), datetime.now(UTC))
    except TooManyAttempts as exc:
        response = page(request, template, status_code=429, form=form,
                        error=str(exc).capitalize() + ".")  # fmt: skip
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if started is None:
        return page(request, template, status_code=401, form=form, error=wrong)
    return started
