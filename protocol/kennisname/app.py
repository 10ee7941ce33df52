"""The web service: the confirm page, the status for the banner, and HR's overview, export and evidence.

Every path is under /kennisname/. The user comes only from the configured header, which
nginx overwrites on each request; without it the answer is 401.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from . import csrf, report
from .document import published_document
from .settings import Config
from .storage import Register

PREFIX = "/kennisname"
HERE = Path(__file__).resolve().parent
MAX_FORM_BYTES = 4096

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                 b"frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make Chromium send 'Origin: null' on POST
    (b"cache-control", b"no-store"),  # personal answers: never from a cache
]

MESSAGES = {
    400: ("Dit verzoek klopt niet", "Ga terug naar de pagina en probeer het opnieuw."),
    401: ("Je bent niet ingelogd", "Log in op het intranet en open deze pagina opnieuw."),
    403: ("Geen toegang", "Deze pagina is er niet voor jou, of het verzoek kwam niet van deze site."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet."),
    405: ("Dit kan zo niet", "Gebruik de knop op de pagina."),
    409: ("Deze versie kun je niet bevestigen", "Open de pagina opnieuw: je ziet dan de versie die nu geldt."),
    413: ("Dit verzoek is te groot", "Gebruik de knop op de pagina."),
    503: ("De verklaring is nu niet beschikbaar", "Er staat geen gepubliceerde pdf van het protocol op de site. Meld dit bij HR."),
}


class SecurityHeaders:
    """Plain ASGI middleware: the same strict headers on every answer, errors included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k for k, _ in SECURITY_HEADERS}
                message["headers"] = [h for h in message.get("headers", []) if h[0] not in names] + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(config: Config, clock=None) -> Starlette:
    register = Register(config.database, web=True)
    register.create()
    key = register.key()
    header = config.header.lower()
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    templates.filters["lokaal"] = report.local_text
    now = clock or (lambda: datetime.datetime.now(datetime.timezone.utc))

    def user_of(request: Request) -> str:
        raw = request.headers.get(header, "")
        try:  # nginx passes the login's bytes as they came (UTF-8); Starlette reads headers as Latin-1
            raw = raw.encode("latin-1").decode("utf-8")
        except UnicodeError:
            pass
        user = raw.strip()
        if not user:
            raise HTTPException(401)
        return user

    def require_hr(request: Request) -> str:
        user = user_of(request)
        if user not in config.hr_users:  # checked here, not hidden in the page
            raise HTTPException(403)
        return user

    async def document():  # file system and hashing: off the event loop
        return await run_in_threadpool(published_document, config.site_dir, config.short_name)

    def page(name: str, status: int = 200, **context) -> HTMLResponse:
        html = templates.get_template(name).render(prefix=PREFIX, office=config.office_name, **context)
        return HTMLResponse(html, status_code=status)

    async def confirm_page(request: Request):
        user = user_of(request)
        doc = await document()
        if doc is None:
            raise HTTPException(503)
        confirmation = await run_in_threadpool(register.find, user, doc.version)
        return page("bevestigen.html", user=user, doc=doc, confirmation=confirmation,
                    token=csrf.token(key, user), is_hr=user in config.hr_users)

    async def confirm(request: Request):
        user = user_of(request)
        if not csrf.same_origin(request):
            raise HTTPException(403)
        body = b""
        async for chunk in request.stream():  # read no more than the small form can be
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                raise HTTPException(413)
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if not csrf.token_ok(key, user, form.get("token", "")):
            raise HTTPException(403)
        doc = await document()
        if doc is None:
            raise HTTPException(503)
        if form.get("versie") != doc.version:  # an old, future or made-up version
            raise HTTPException(409)
        await run_in_threadpool(register.confirm, user, doc.version, doc.sha256, now())
        return RedirectResponse(f"{PREFIX}/", status_code=303)

    async def status(request: Request):
        user = user_of(request)
        doc = await document()
        if doc is None:
            return JSONResponse({"versie": None, "bevestigd": None})
        confirmation = await run_in_threadpool(register.find, user, doc.version)
        return JSONResponse({"versie": doc.version, "bevestigd": confirmation is not None, "pagina": f"{PREFIX}/"})

    async def _overview():
        doc = await document()
        rows = await run_in_threadpool(register.all)
        return doc, report.overview(rows, config.staff, doc.version if doc else None)

    async def hr_overview(request: Request):
        require_hr(request)
        doc, versions = await _overview()
        return page("overzicht.html", doc=doc, versions=versions)

    async def hr_export(request: Request):
        require_hr(request)
        _, versions = await _overview()
        return Response(report.to_csv(versions), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="kennisname.csv"'})

    async def hr_evidence(request: Request):
        require_hr(request)
        person = request.query_params.get("gebruiker", "").strip()
        if not person:
            raise HTTPException(400)
        rows = await run_in_threadpool(register.all, person)
        return page("bewijs.html", person=person, rows=rows, on_staff=person in config.staff,
                    printed=report.local_text(now()))

    async def stylesheet(request: Request):
        user_of(request)  # every answer needs a user, this one too
        return FileResponse(HERE / "static" / "kennisname.css", media_type="text/css")

    async def error(request: Request, exc: HTTPException):
        title, advice = MESSAGES.get(exc.status_code, ("Er ging iets mis", "Probeer het later opnieuw."))
        if request.url.path.endswith(".json"):
            return JSONResponse({"fout": title}, status_code=exc.status_code)
        return page("fout.html", status=exc.status_code, title=title, advice=advice)

    routes = [
        Route(f"{PREFIX}/", confirm_page, methods=["GET"]),
        Route(f"{PREFIX}/bevestig", confirm, methods=["POST"]),
        Route(f"{PREFIX}/status.json", status, methods=["GET"]),
        Route(f"{PREFIX}/overzicht", hr_overview, methods=["GET"]),
        Route(f"{PREFIX}/export.csv", hr_export, methods=["GET"]),
        Route(f"{PREFIX}/bewijs", hr_evidence, methods=["GET"]),
        Route(f"{PREFIX}/stijl.css", stylesheet, methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: error})
    app.add_middleware(SecurityHeaders)
    return app
