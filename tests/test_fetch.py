"""URL ingest against a local HTTP server on 127.0.0.1 (no outside network)."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from xref.ingest import load_sources

PARAGRAPH = (
    "The council voted on Tuesday to approve the new budget for the coming year, after a long debate "
    "in which opposition members warned that the plan would cut services for older residents. "
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def local_site(tmp_path):
    (tmp_path / "story.html").write_text(
        "<html><head><title>Budget approved</title></head><body><nav>Home | News</nav><article>"
        f"<h1>Budget approved</h1><p>{PARAGRAPH * 2}</p><p>{PARAGRAPH}</p></article></body></html>"
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_is_fetched_and_extracted(local_site):
    result = load_sources([f"{local_site}/story.html"])
    assert not result.skipped, result.skipped
    source = result.sources[0]
    assert source.origin_kind == "url"
    assert "approve the new budget" in source.text


def test_unreachable_url_is_a_fetch_error(local_site):
    result = load_sources([f"{local_site}/missing.html"])
    assert not result.sources
    assert result.errors[0].exit_code == 1
    assert "could not fetch the page (HTTP 404)" in result.skipped[0].reason


def test_cli_exits_1_when_a_needed_url_is_unreachable(local_site):
    from typer.testing import CliRunner

    from xref.cli import app

    result = CliRunner().invoke(app, ["compare", "seeds/000_dcb30620ee2c9d9e.txt", f"{local_site}/missing.html"])
    assert result.exit_code == 1
    assert "missing.html: could not fetch the page (HTTP 404)" in result.output
    assert "Traceback" not in result.output
