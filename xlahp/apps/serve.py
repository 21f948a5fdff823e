"""xlahp's worksheet functions for Excel on Mac and on the web: xlwings Server
(:func:`run`, ``xlahp serve``) and xlwings Lite (:func:`lite_files`, ``xlahp lite``).

Classic xlwings UDFs run only in Windows Excel.  Excel on Mac and Excel on the
web call *Office.js custom functions* instead; xlwings Server (the optional
``xlwings-server`` package, ``pip install "xlahp[server]"``) is a FastAPI app
that registers Python functions as such and computes them on a server.
:func:`run` starts it with xlahp's functions (:mod:`xlahp.udfs`) and nothing
else:

* under the names the templates use (``=AHP_WEIGHTS``, no ``XLWINGS.``
  namespace), in xlwings Server's production settings (no hot reload, no
  example functions, internals never in an error's text);
* a refused input answers HTTP 400 with the function's message (Excel shows it
  and does not retry), see :class:`xlahp.udfs.RefusedInput`;
* CORS for POST from any origin (xlwings' setting for custom functions in
  Excel on the web; the functions compute from their arguments only and keep
  no state, so no origin can read anything but its own results) and the add-in
  manifest at ``/manifest.xml`` under xlahp's own add-in id;
* HTTPS when given a certificate (Office.js add-ins need it, even on
  localhost); bounded requests (body size, concurrency, keep-alive).

The settings are environment variables read by xlwings Server when it is first
imported, so :func:`configure` runs before anything imports xlwings; worker
processes inherit them and build the app from :data:`app` (this module's
``__getattr__``), so that importing this module needs nothing beyond xlahp.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, MutableMapping

from xlahp.errors import XlahpError

#: The command that installs the server.
INSTALL = 'pip install "xlahp[server]"'

#: What xlwings' terms allow, and what to set (xlwings Server is part of xlwings PRO).
LICENSE_HELP = (
    "xlwings Server needs a license key in XLWINGS_LICENSE_KEY. xlwings PRO is "
    "dual-licensed: for noncommercial use (PolyForm Noncommercial 1.0.0) set "
    "XLWINGS_LICENSE_KEY=noncommercial; commercial use, such as a company's planning "
    "department, needs a paid key from xlwings (https://www.xlwings.org), set the same way")

#: xlahp's own add-in id in the manifest (the xlwings default is shared by every project).
MANIFEST_ID = "a1dc15cd-b8e4-4733-848b-0e7af299101b"

#: Largest request body accepted (bytes): a whole-column range is refused, not read.
MAX_BODY = 8 * 2**20

#: Requests one worker handles at once; more are answered 503 (Excel retries those).
MAX_CONCURRENT = 64

#: Settings xlahp needs whatever the environment says: the plain function names
#: are those of the templates, and they are only plain in production.
FIXED = {
    "XLWINGS_ON_SERVER": "true",
    "XLWINGS_ENVIRONMENT": "prod",
    "XLWINGS_FUNCTIONS_NAMESPACE": "",
    "XLWINGS_ENABLE_EXAMPLES": "false",
    "XLWINGS_ENABLE_HOTRELOAD": "false",
    "XLWINGS_ENABLE_SOCKETIO": "false",  # nothing is pushed; several workers need no queue
    "XLWINGS_ENABLE_TESTS": "false",
}

#: Defaults an administrator may override in the environment.
DEFAULTS = {
    "XLWINGS_PROJECT_NAME": "xlahp",
    "XLWINGS_MANIFEST_ID_PROD": MANIFEST_ID,
    "XLWINGS_CORS_ALLOW_ORIGINS": '["*"]',
    "XLWINGS_LOG_LEVEL": "WARNING",
}


def installed() -> bool:
    """Whether the optional server stack is installed."""
    return importlib.util.find_spec("xlwings_server") is not None


def configure(environ: MutableMapping[str, str] = os.environ) -> None:
    """Set xlwings Server's settings for xlahp (before xlwings is imported).

    xlwings Server reads a project folder (``config.py``, ``.env``,
    ``lifespan.py``, ``routers/``) from the current directory unless told
    otherwise; it is pointed at an empty folder of its own, so that nothing
    where ``xlahp serve`` happens to be started is ever executed."""
    loaded = sys.modules.get("xlwings")
    if environ is os.environ and loaded is not None and not getattr(loaded, "on_server", False):
        raise XlahpError("xlwings was imported before the server was configured; "
                         "call xlahp.apps.serve.configure() first")
    environ.update(FIXED)
    for name, value in DEFAULTS.items():
        environ.setdefault(name, value)
    project = environ.get("XLWINGS_PROJECT_DIR", "")
    if not project or not Path(project).is_dir() or any(Path(project).iterdir()):
        environ["XLWINGS_PROJECT_DIR"] = empty = tempfile.mkdtemp(prefix="xlahp-serve-")
        atexit.register(_remove_empty, empty)
    environ["DOTENV_PATH"] = str(Path(environ["XLWINGS_PROJECT_DIR"]) / ".env")


def _remove_empty(folder: str) -> None:
    try:
        os.rmdir(folder)
    except OSError:
        pass


def check_license() -> None:
    """Refuse to start without a license key xlwings accepts, saying what to set."""
    try:  # on a server, importing xlwings validates the key (environment or ~/.xlwings)
        import xlwings.pro  # noqa: F401
    except Exception as error:
        if type(error).__name__ != "LicenseError":
            raise
        raise XlahpError(f"{str(error).rstrip('.')}. {LICENSE_HELP}") from None


def create_app() -> Any:
    """The ASGI app: xlwings Server serving :mod:`xlahp.udfs`, bodies bounded."""
    if not installed():
        raise XlahpError(f"xlwings Server is not installed; install it with {INSTALL}")
    configure()
    import types

    from xlahp import udfs

    sys.modules.setdefault("custom_functions", udfs)
    sys.modules.setdefault("custom_scripts", types.ModuleType("custom_scripts"))
    if sys.modules["custom_functions"] is not udfs:
        raise XlahpError("another custom_functions module is loaded; run xlahp's server "
                         "in a process of its own")
    from xlwings_server.main import main_app

    return BoundedBody(main_app, MAX_BODY)


def __getattr__(name: str) -> Any:
    """``xlahp.apps.serve:app`` for uvicorn's workers, built on first access."""
    if name == "app":
        global app
        app = create_app()
        return app
    raise AttributeError(f"module 'xlahp.apps.serve' has no attribute {name!r}")


class BoundedBody:
    """ASGI middleware: an HTTP request whose body exceeds *limit* bytes is
    answered 413 before the app sees any of it."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.limit:
            return await self._refuse(send)
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                return await self._refuse(send)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send) -> None:
        text = (f"request body over {self.limit // 2**20} MiB; pass smaller ranges "
                "(whole columns are too large)").encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(text)).encode())]})
        await send({"type": "http.response.body", "body": text})


def run(host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
        certfile: str | None = None, keyfile: str | None = None) -> None:
    """Serve xlahp's functions until stopped (Ctrl-C or SIGTERM)."""
    if (certfile is None) != (keyfile is None):
        raise XlahpError("--certfile and --keyfile go together (the certificate and its "
                         "private key, PEM)")
    for option, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        if path is not None and not Path(path).is_file():
            raise XlahpError(f"{option} {path}: no such file")
    if not 1 <= port <= 65535:
        raise XlahpError(f"--port {port}: give a port from 1 to 65535")
    if workers < 1:
        raise XlahpError(f"--workers {workers}: give 1 or more")
    if not installed():
        raise XlahpError(f"xlwings Server is not installed; install it with {INSTALL}")
    configure()
    check_license()
    import uvicorn

    scheme = "https" if certfile else "http"
    print(f"xlahp serve: {len(_functions())} functions at {scheme}://{host}:{port} "
          f"({workers} worker{'s' * (workers > 1)}); add-in manifest: "
          f"{scheme}://{host}:{port}/manifest.xml", flush=True)
    if not certfile:
        print("xlahp serve: plain HTTP — Excel on Mac and on the web load add-ins only over "
              "HTTPS; pass --certfile and --keyfile (see README)", file=sys.stderr, flush=True)
    uvicorn.run("xlahp.apps.serve:app", host=host, port=port, workers=workers,
                ssl_certfile=certfile, ssl_keyfile=keyfile,
                limit_concurrency=MAX_CONCURRENT, timeout_keep_alive=5,
                timeout_graceful_shutdown=10, server_header=False,
                log_level=os.environ["XLWINGS_LOG_LEVEL"].lower(), access_log=False)


def _functions() -> list[str]:
    from xlahp.sheet.registry import REGISTRY

    return list(REGISTRY)


#: What ``xlahp lite`` writes into main.py: the functions under their Excel names.
LITE_MAIN = '''"""xlahp's worksheet functions (AHP_WEIGHTS, AHP_CR, FIN_INDICATOR, VALUE_INDEX, ...).

Paste these lines into xlwings Lite's main.py tab, below any code of your own: every
function of xlahp.udfs is registered under the name the xlahp templates use.
"""

from xlahp.udfs import *  # noqa: F401,F403
'''


def lite_files(wheel: str) -> dict[str, str]:
    """main.py and requirements.txt that put xlahp's functions into xlwings Lite,
    installing xlahp's pure-Python wheel from *wheel* (a URL the add-in can fetch:
    https, or http on this machine) with numpy, which Pyodide provides."""
    import re
    from urllib.parse import urlsplit

    if not wheel or any(c.isspace() for c in wheel):
        raise XlahpError(f"wheel {wheel!r}: give one URL without spaces")
    url = urlsplit(wheel)
    local = url.scheme == "http" and url.hostname in ("localhost", "127.0.0.1")
    if url.scheme != "https" and not local:
        raise XlahpError(f"wheel {wheel}: xlwings Lite downloads from an https:// URL "
                         "(http only from localhost)")
    name = url.path.rsplit("/", 1)[-1]
    if not re.fullmatch(r"xlahp-[0-9][^-/]*-py3-none-any\.whl", name):
        raise XlahpError(f"wheel {wheel}: must end in xlahp's pure-Python wheel, "
                         "xlahp-VERSION-py3-none-any.whl (pip wheel --no-deps . builds it)")
    requirements = ("# xlahp for xlwings Lite: add these lines to the requirements.txt tab "
                    "(keep its xlwings line)\nnumpy\n" + wheel + "\n")
    return {"main.py": LITE_MAIN, "requirements.txt": requirements}
