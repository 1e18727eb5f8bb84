"""The JSON HTTP API (FastAPI) under /api/v1, with OpenAPI at /openapi.json and docs at /docs.

Bad input is always a 422 whose `detail` lists field paths and messages; unexpected errors are
a 500 with no internals in the body (and no personal data in logs).
"""

from __future__ import annotations

import logging
from importlib import resources

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from impnav import __version__
from impnav.api.logs import redact_access_log
from impnav.api.openapi import customize
from impnav.api.routes import assess, bookings, cases, noc, offers, pathways, rules, scores
from impnav.inputs import field_path
from impnav.rules.loader import load_rulebook
from impnav.web import cases as web_cases
from impnav.web import consultant as web_consultant
from impnav.web import routes as web
from impnav.web.security import security_middleware

log = logging.getLogger("impnav.api")


def _validation_handler(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if p not in ("function-after", "function-plain"))
        errors.append(
            {
                "field": field_path(loc),
                "loc": list(loc),
                "message": str(err["msg"]).removeprefix("Value error, "),
                "type": err["type"],
            }
        )
    return JSONResponse(status_code=422, content={"detail": errors})


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path. Starlette's 405 names only the first route
    that matched the path, while FastAPI makes one route per method."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE and getattr(route, "methods", None):
            path_match, _ = route.matches(request.scope)
            if path_match in (Match.FULL, Match.PARTIAL):
                methods |= set(route.methods)
    return sorted(methods)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """JSON for the API; a friendly page for people (never a bare error or a traceback)."""
    if exc.status_code == 400 and request.url.path.startswith("/api/"):
        # Starlette's "error parsing the body" (bytes that are not UTF-8 JSON): bad input like
        # any other, so a 422 naming the body.
        problem = {"field": "body", "loc": ["body"], "type": "json_invalid",
                   "message": "the request body is not valid JSON (UTF-8)"}  # fmt: skip
        return JSONResponse(status_code=422, content={"detail": [problem]})
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        return JSONResponse(status_code=405, content={"detail": exc.detail},
                            headers={"Allow": ", ".join(allowed)})  # fmt: skip
    if request.url.path.startswith("/api/") or exc.status_code != 404:
        return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail},
                            headers=getattr(exc, "headers", None))  # fmt: skip
    from impnav.web.routes import page

    message = "Check the address, or start again from one of the links below."
    return page(request, "not_found.html", status_code=404, message=message)


def _database_unavailable(request: Request, exc: Exception) -> Response:
    """The database cannot be reached (server stopped, network down): a clear 503 that tells
    the client to retry. The connection pool checks connections before use (pool_pre_ping), so
    the next request after the database returns works again without a restart."""
    log.error("database unavailable: %s", type(exc).__name__)
    message = "The database is not available right now; nothing was changed. Try again shortly."
    headers = {"Retry-After": "5"}
    if request.url.path.startswith("/api/"):
        return JSONResponse(status_code=503, content={"detail": message}, headers=headers)
    from impnav.web.routes import page

    response = page(request, "message.html", status_code=503, title="Try again shortly",
                    message=message)  # fmt: skip
    response.headers.update(headers)
    return response


def _internal_error(_: Request, exc: Exception) -> JSONResponse:
    log.error("internal error: %s", type(exc).__name__)
    return JSONResponse(status_code=500, content={"detail": "internal error"})


def _offline_docs(app: FastAPI) -> None:
    """Swagger UI from the swagger-ui-bundle package instead of a CDN."""
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
              name="docs-assets")  # fmt: skip

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="impnav API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )


def create_app() -> FastAPI:
    load_rulebook()  # fail at start-up, not on the first request, if rule data is broken
    app = FastAPI(
        docs_url=None,  # served below from packaged assets: the docs work offline, no CDN
        redoc_url=None,
        title="impnav API",
        version=__version__,
        description=(
            "Canada's International Mobility Program (LMIA-exempt work permits): stream finder "
            "and rules. Information, not legal advice; every answer carries its sources and "
            "'as of' date."
        ),
    )
    customize(app)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(Exception, _internal_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    static = resources.files("impnav.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.middleware("http")(security_middleware)
    redact_access_log()
    app.include_router(web.router)
    app.include_router(web_cases.router)
    app.include_router(web_consultant.router)
    _offline_docs(app)
    app.include_router(assess.router, prefix="/api/v1")
    app.include_router(rules.router, prefix="/api/v1")
    app.include_router(scores.router, prefix="/api/v1")
    app.include_router(noc.router, prefix="/api/v1")
    app.include_router(offers.router, prefix="/api/v1")
    app.include_router(pathways.router, prefix="/api/v1")
    app.include_router(cases.router, prefix="/api/v1")
    app.include_router(bookings.router, prefix="/api/v1")

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, str]:
        return {"status": "ok", "rules": str(len(load_rulebook().rules))}

    return app
