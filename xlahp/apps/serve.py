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
  localhost);
* bounded: a connection must deliver a request's headers within
  :data:`HEADER_TIMEOUT` and its body within :data:`BODY_TIMEOUT` (``Deadlines``),
  so idle and slow connections cannot fill the server; bodies, cells per call and
  requests at once are capped (:class:`Guard`); a custom-function call that xlwings
  Server would answer with a 500 and a traceback (an unknown function, a field
  missing, too few arguments) is refused first with a one-line 400
  (:func:`check_call`); the functions run in worker threads, so that one long
  computation never holds the event loop that answers everyone else.

The settings are environment variables read by xlwings Server when it is first
imported, so :func:`configure` runs before anything imports xlwings; worker
processes inherit them and build the app from :data:`app` (this module's
``__getattr__``), so that importing this module needs nothing beyond xlahp.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import inspect
import json
import os
import re
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

#: Most cells one call may pass, its arguments together (e.g. a 141×141 range, or 88
#: respondents' 15×15 matrices): more is refused (413) before xlwings reads a cell.
MAX_CELLS = 20_000

#: Requests with a body (calls) one worker handles at once; more are answered 503
#: (Excel retries those). Bodies in memory stay below MAX_CONCURRENT × MAX_BODY.
MAX_CONCURRENT = 64

#: Open connections one worker keeps; idle ones close after HEADER_TIMEOUT, so only
#: this many connections opened within seconds of each other lock anyone out.
MAX_CONNECTIONS = 512

#: Seconds a connection has, from its opening or its last response, to deliver the
#: next request's headers (idle keep-alive connections close then too).
HEADER_TIMEOUT = 5

#: Seconds a request has, from its headers, to deliver its body (8 MiB in 10 s is
#: 6.7 Mbit/s; a template's calls are a few KB).
BODY_TIMEOUT = 10

#: What xlwings Server imports as ``custom_functions`` (see :func:`_functions_module`).
FUNCTIONS_MODULE = "xlahp.apps.serve.functions"

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
    """The ASGI app: xlwings Server serving :mod:`xlahp.udfs` behind :class:`Guard`."""
    if not installed():
        raise XlahpError(f"xlwings Server is not installed; install it with {INSTALL}")
    configure()
    import types

    # xlwings converts every cell of every argument with `from pyodide.ffi import JsNull`
    # in a try block; outside Pyodide each failed import searches sys.path again (37 µs a
    # cell, 6 s for 400×400). None in sys.modules makes it fail at once (5 µs): Python's
    # documented way to say that a module cannot be imported in this process, which is
    # true on a server.
    sys.modules.setdefault("pyodide", None)
    functions = sys.modules.setdefault("custom_functions", _functions_module())
    sys.modules.setdefault("custom_scripts", types.ModuleType("custom_scripts"))
    if getattr(functions, "__name__", None) != FUNCTIONS_MODULE:
        raise XlahpError("another custom_functions module is loaded; run xlahp's server "
                         "in a process of its own")
    from xlwings_server.config import settings
    from xlwings_server.main import main_app

    return Guard(main_app, f"{settings.app_path}/xlwings/custom-functions-call")


def _functions_module() -> Any:
    """:mod:`xlahp.udfs` as xlwings Server's ``custom_functions``: the same functions
    (names, help, arguments), each run in a worker thread, so that a long computation
    (AHP_TRIADS_MAX's exact distribution for n = 15 takes seconds) leaves the event loop
    free to answer other requests."""
    import types

    from anyio import to_thread

    from xlahp import udfs

    def in_thread(function: Any) -> Any:
        @functools.wraps(function)
        async def call(*args: Any, **kwargs: Any) -> Any:
            return await to_thread.run_sync(functools.partial(function, *args, **kwargs))

        return call

    module = types.ModuleType(FUNCTIONS_MODULE, udfs.__doc__)
    module.__dict__.update({name: in_thread(getattr(udfs, name)) for name in udfs.__all__})
    return module


def __getattr__(name: str) -> Any:
    """``xlahp.apps.serve:app`` and ``xlahp.apps.serve:Deadlines`` for uvicorn (and its worker
    processes), built on first access."""
    global app, Deadlines
    if name == "app":
        app = create_app()
        return app
    if name == "Deadlines":
        Deadlines = _deadlines()
        return Deadlines
    raise AttributeError(f"module 'xlahp.apps.serve' has no attribute {name!r}")


def _deadlines() -> type:
    """uvicorn's HTTP/1.1 protocol (httptools, which xlwings Server requires) with the
    two deadlines uvicorn lacks: it closes a connection that has not delivered a
    request's headers HEADER_TIMEOUT s after opening or after its last response, or the
    body BODY_TIMEOUT s after the headers. (uvicorn's keep-alive timer stops at the
    first byte, so one byte every few seconds would keep a connection forever.)"""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class Deadlines(HttpToolsProtocol):
        deadline = None

        def waiting_for(self) -> float | None:
            """Seconds the client has for what the connection waits for, or None
            while the app answers."""
            cycle = self.cycle
            if cycle is None or cycle.response_complete:
                return HEADER_TIMEOUT
            return BODY_TIMEOUT if cycle.more_body else None

        def watch(self) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            seconds = self.waiting_for()
            self.deadline = None if seconds is None else self.loop.call_later(seconds,
                                                                              self.expire)

        def expire(self) -> None:
            self.deadline = None
            if self.waiting_for() is not None:
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self.watch()

        def on_headers_complete(self) -> None:
            super().on_headers_complete()
            self.watch()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self.watch()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self.watch()

        def connection_lost(self, exc: Exception | None) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            super().connection_lost(exc)

    Deadlines.__module__, Deadlines.__qualname__ = __name__, "Deadlines"
    return Deadlines


class Guard:
    """ASGI middleware in front of xlwings Server for requests with a body (GET and
    OPTIONS pass): at most MAX_CONCURRENT at once (503), a body over MAX_BODY answered
    413 before the app sees any of it, and a call to *call_path* checked by
    :func:`check_call` (in a worker thread: a 2 MB body takes a while to parse)."""

    def __init__(self, app: Any, call_path: str) -> None:
        from anyio import to_thread

        self.app, self.call_path, self.in_thread, self.busy = app, call_path, to_thread, 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        if self.busy >= MAX_CONCURRENT:
            return await _answer(send, 503, f"server busy ({MAX_CONCURRENT} calls at once); "
                                            "Excel retries")
        self.busy += 1
        try:
            await self._checked(scope, receive, send)
        finally:
            self.busy -= 1

    async def _checked(self, scope, receive, send) -> None:
        too_large = (f"request body over {MAX_BODY // 2**20} MiB; pass smaller ranges "
                     "(whole columns are too large)")
        declared = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > MAX_BODY:
            return await _answer(send, 413, too_large)
        body, more = bytearray(), True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY:
                return await _answer(send, 413, too_large)
        if scope["path"] == self.call_path:
            refusal = await self.in_thread.run_sync(check_call, bytes(body))
            if refusal is not None:
                return await _answer(send, *refusal)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


async def _answer(send, status: int, text: str) -> None:
    data = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


#: What a cell may hold in a call: what JSON gives for a value or an empty cell.
_VALUES = (str, int, float, type(None))


def check_call(body: bytes) -> tuple[int, str] | None:
    """Why a custom-function call must not reach xlwings Server, as (HTTP status, one
    line), or None. Refused are what xlwings would answer with a 500 and a traceback in
    the log (a field it reads missing, an unknown function, too few or too many
    arguments, a cell that is neither a value nor an Excel rich value) and more than
    MAX_CELLS cells (413). Arguments come as Office.js sends them: a range as rows of
    cells (a single value as 1×1), an omitted argument as null.

    >>> check_call(b'{"func_name": "AHP_WAIGHTS"}')
    (400, "unknown function 'AHP_WAIGHTS'; did you mean AHP_WEIGHTS?")
    """
    from difflib import get_close_matches

    from xlahp.sheet.registry import REGISTRY

    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return 400, "request body is not JSON"
    if not isinstance(data, dict):
        return 400, "request body is not a JSON object"
    name = data.get("func_name")
    if not isinstance(name, str) or name not in REGISTRY:
        if not isinstance(name, str):
            return 400, "request names no function (func_name)"
        guess = get_close_matches(name[:40].upper(), REGISTRY, 1, 0.8)
        return 400, (f"unknown function {name[:40]!r}"
                     + (f"; did you mean {guess[0]}?" if guess else ""))
    for field in ("version", "client", "runtime"):
        if not isinstance(data.get(field), str):
            return 400, (f"{name}: the request has no {field!r}; xlwings' add-in sends it "
                         "(reload the add-in)")
    if not re.fullmatch(r"\d+(\.\d+)*", data["runtime"]):
        return 400, f"{name}: runtime {data['runtime'][:20]!r} is not a version number"
    for field in ("culture_info_name", "date_format"):
        if not isinstance(data.get(field), (str, type(None))):
            return 400, f"{name}: {field} must be text"
    args, names, required = data.get("args"), *_arity(name)
    if not isinstance(args, list) or not required <= len(args) <= len(names):
        given = len(args) if isinstance(args, list) else "no list of them"
        shown = ", ".join(n if k < required else f"[{n}]" for k, n in enumerate(names))
        low, high = required, len(names)
        return 400, (f"{name}({shown}) takes {low if low == high else f'{low} to {high}'} "
                     f"argument{'s' * (high != 1)}; the call passes {given}")
    cells = sum(map(_size, args))
    if cells > MAX_CELLS:
        return 413, (f"{name}: {cells:,} cells in one call, more than {MAX_CELLS:,}; "
                     "pass smaller ranges")
    for arg, arg_name in zip(args, names):
        if not all(isinstance(c, _VALUES) or _rich(c) for c in _cells(arg)):
            return 400, (f"{name}: {arg_name} is not a range of cell values (nested lists, "
                         "or an object without type and basicValue)")
    return None


@functools.cache
def _arity(name: str) -> tuple[list[str], int]:
    """A worksheet function's argument names and how many of them it requires."""
    from xlahp.sheet.registry import REGISTRY

    entry = REGISTRY[name]
    parameters = inspect.signature(entry.func).parameters.values()
    return [arg for arg, _ in entry.args], sum(p.default is p.empty for p in parameters)


def _size(arg: Any) -> int:
    """Cells in an argument: a range is a list of rows (a value in place of a row is
    one cell), an omitted argument none, a value one."""
    if not isinstance(arg, list):
        return arg is not None
    return sum(len(row) if isinstance(row, list) else 1 for row in arg)


def _cells(arg: Any) -> list:
    if not isinstance(arg, list):
        return [arg]
    return [cell for row in arg for cell in (row if isinstance(row, list) else [row])]


def _rich(cell: Any) -> bool:
    """An Excel rich value as Office.js sends one ({"type": "Error", "basicValue": "#N/A"},
    a FormattedNumber, ...), which xlwings reads as its basicValue."""
    return (isinstance(cell, dict) and isinstance(cell.get("type"), str)
            and "basicValue" in cell and isinstance(cell["basicValue"], _VALUES))


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
    uvicorn.run(f"{__name__}:app", host=host, port=port, workers=workers,
                ssl_certfile=certfile, ssl_keyfile=keyfile,
                http=f"{__name__}:Deadlines", ws="none",  # nothing is pushed (no socket.io)
                limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=HEADER_TIMEOUT,
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
