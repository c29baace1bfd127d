"""Test fixtures shared by every app, and the rule that under CI=true nothing is skipped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test.client import ClientHandler
from django.utils import translation
from pypdf import PdfReader

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent


def missing_tool(message: str) -> None:
    """Skip for a missing tool on a developer's machine; fail under CI."""
    if CI:
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    if CI and skipped:
        terminalreporter.write_line(
            f"CI=true: {len(skipped)} skipped test(s) count as failures", red=True
        )


def pytest_sessionfinish(session, exitstatus) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if CI and reporter is not None and reporter.stats.get("skipped"):
        session.exitstatus = 1


def replica_configured() -> bool:
    from django.conf import settings

    return "replica" in settings.DATABASES


def pytest_configure(config) -> None:
    """With a replica (tools/with_postgres.py starts one), every test may read through it."""
    from django.test import TransactionTestCase

    if replica_configured():
        TransactionTestCase.databases = {"default", "replica"}


def pytest_collection_modifyitems(config, items) -> None:
    """Streaming replication is PostgreSQL's: its tests are not collected on SQLite, nor on
    a PostgreSQL run without a replica (`tools/with_postgres.py --no-replica`)."""
    from django.db import connection

    if connection.vendor == "postgresql" and replica_configured():
        return
    dropped = [item for item in items if item.get_closest_marker("replica")]
    if dropped:
        items[:] = [item for item in items if not item.get_closest_marker("replica")]
        config.hook.pytest_deselected(items=dropped)


@pytest.fixture(autouse=True)
def _replica_mirrors_default(request):
    """A test's data lives in one transaction that no other connection sees, so in tests the
    replica's alias is the primary's connection (what TEST["MIRROR"] means), and every read
    the router sends to the replica sees it. Tests marked `replica` use the real standby."""
    from django.db import connections

    if not replica_configured() or request.node.get_closest_marker("replica"):
        yield
        return
    replica = connections["replica"]
    connections["replica"] = connections["default"]
    yield
    connections["replica"] = replica


@pytest.fixture
def demo(db):
    """The demo county, loaded into the test database."""
    from gongkai.core import demo as demo_module

    demo_module.load()
    return demo_module


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gongkai(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


class Server(str):
    """The server's base URL, which also knows the path of its SQLite database file."""

    database: Path


def _server_env(folder: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'gongkai.sqlite3'}",
        "GONGKAI_VAR_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        # The demo's administrators sign in with a password only (no authenticator app here).
        "TWO_FACTOR_REQUIRED": "false",
    }
    env.pop("DATABASE_REPLICA_URL", None)
    return env


@pytest.fixture(scope="session")
def _demo_site(tmp_path_factory) -> Path:
    """A migrated demo site (its SQLite file and its files), made once for the whole run:
    the first test process to need it makes it while the others wait for it (pytest-xdist
    workers share the parent of their temporary folders)."""
    import fcntl

    shared = tmp_path_factory.getbasetemp().parent
    folder = shared / "demo-site"
    with open(shared / "demo-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            env = _server_env(folder)
            _gongkai("migrate", "--noinput", env=env)
            _gongkai("load_demo", env=env)
            (folder / "complete").touch()
    return folder


@pytest.fixture(scope="session")
def demo_server(_demo_site) -> Iterator[Server]:
    """A real server: gunicorn with two workers over its own copy of the demo site."""
    folder = Path(tempfile.mkdtemp(prefix="gongkai-server-"))
    shutil.copytree(_demo_site, folder, dirs_exist_ok=True)
    env = _server_env(folder)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "gongkai.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--no-control-socket",
            "--error-logfile",
            str(folder / "gunicorn.log"),
        ],
        env=env,
        cwd=ROOT,
    )
    url = Server(f"http://127.0.0.1:{port}")
    url.database = folder / "gongkai.sqlite3"
    try:
        # A loaded two-core machine may take a while to boot two workers.
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError((folder / "gunicorn.log").read_text()) from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        missing_tool(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # Assertions retry until the page shows what they expect; give a loaded machine time.
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in(demo_server):
    """Sign a browser page in to the demo server as one of the demo accounts (whoever was
    signed in on it is signed out): `sign_in(page, "qingshan_clerk")` leaves the page on the
    staff home."""
    from gongkai.core.demo import DEMO_PASSWORD  # the demo module needs the apps loaded

    def sign_in(page, username: str) -> None:
        page.context.clear_cookies()
        page.goto(demo_server + "/staff/sign-in/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(demo_server + "/staff/")

    return sign_in


@pytest.fixture(autouse=True)
def _two_factor_optional(request, settings):
    """Two-factor is required of administrators and supervisors; tests that are not about it
    sign them in with `force_login` and no device, so they ask for it with the mark."""
    if request.node.get_closest_marker("two_factor") is None:
        settings.TWO_FACTOR_REQUIRED_ROLES = []


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.

    The real server fixture keeps Argon2, and test_signin checks it is what production uses.
    """
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language, as each request to a server does.

    A request through the test client activates its own language for the thread and leaves it
    active; a later test that calls an action directly would read its messages in it.
    """
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _close_streamed_responses(monkeypatch):
    """Close every streamed response (a file download) when the test ends.

    A WSGI server closes each response after sending it; Django's test client closes a
    streamed one only when its content is read to the end, so a test that checks just the
    status would leave the file open, and warnings are errors here.
    """
    opened = []
    serve = ClientHandler.__call__

    def call(self, environ):
        response = serve(self, environ)
        if response.streaming:
            opened.append(response)
        return response

    monkeypatch.setattr(ClientHandler, "__call__", call)
    yield
    # The files only: HttpResponse.close() would also announce the end of a request, whose
    # receivers touch a database that is gone by now.
    for response in opened:
        for close in response._resource_closers:
            close()


@pytest.fixture
def libreoffice_text(tmp_path):
    """Open a Word file in LibreOffice (headless), print it to PDF, and give back its text.

    Proves the file opens in the office suite people use, not only in python-docx.
    """
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        missing_tool("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")

    def convert(content: bytes, name: str = "document.docx") -> str:
        source = tmp_path / name
        source.write_bytes(content)
        subprocess.run(
            [
                office,
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        reader = PdfReader(str(source.with_suffix(".pdf")))
        return "".join(page.extract_text() for page in reader.pages)

    return convert


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    """Every test starts with empty rendered-page and fragment caches: the generations they
    are keyed by start again with each test's database."""
    caches["pages"].clear()
    caches["fragments"].clear()
    yield
