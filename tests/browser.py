"""The real browser for the tests: Debian's chromium driven by Playwright (never a browser download),
and a built site served on a loopback port."""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class MissingFont(RuntimeError):
    pass


def require_chinese_font() -> None:
    """Without a Chinese font chromium draws every Chinese character as the same missing glyph: screenshots,
    printouts and text widths would be wrong in ways that do not say why."""
    try:
        families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        families = ""
    if not families.strip():
        raise MissingFont(
            "No Chinese font (fc-list :lang=zh lists none). Install one: "
            "apt-get install fonts-noto-cjk (sh scripts/test.sh does, as root)."
        )


@contextlib.contextmanager
def launched():
    require_chinese_font()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """A missing page answers with the site's 404.html, as deploy/nginx.conf does."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def served(site: Path):
    """`site` at http://127.0.0.1:<port>, for as long as the block runs."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
