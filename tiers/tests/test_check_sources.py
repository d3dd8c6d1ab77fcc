"""`manage.py check_sources` against a local HTTP server: no request leaves this machine."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tiers.models import Source
from tiers.tests.factories import SourceFactory


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        path = self.path.split("?")[0]
        if path == "/no-head":
            self.send_response(405)
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/ok")
        elif path in ("/ok", "/archive/ok"):
            self.send_response(200)
        else:
            self.send_response(404)
        self.end_headers()

    def do_GET(self):
        if self.path == "/no-head":
            self.send_response(200)
            self.end_headers()
        else:
            self.do_HEAD()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args):
    out = StringIO()
    call_command("check_sources", "--timeout", "5", *args, stdout=out)
    return out.getvalue()


def test_it_records_working_and_broken_links(db, server, closed_port):
    working = SourceFactory(url=f"{server}/ok", archived_url=f"{server}/archive/ok")
    redirected = SourceFactory(url=f"{server}/moved")
    head_refused = SourceFactory(url=f"{server}/no-head")
    gone = SourceFactory(url=f"{server}/gone", archived_url=f"{server}/archive/ok")
    archive_gone = SourceFactory(url=f"{server}/ok?again", archived_url=f"{server}/archive/gone")
    unreachable = SourceFactory(url=f"http://127.0.0.1:{closed_port}/")
    no_address = SourceFactory(url="", archived_url="")

    output = run()

    def status(source):
        source.refresh_from_db()
        return source.link_status, source.link_problem

    assert status(working) == ("ok", "")
    assert status(redirected) == ("ok", "")
    assert status(head_refused) == ("ok", "")
    assert status(gone) == ("broken", "URL: HTTP 404")
    assert status(archive_gone) == ("broken", "archived copy: HTTP 404")
    assert status(unreachable)[0] == "broken"
    assert status(unreachable)[1].startswith("URL: unreachable")
    assert status(no_address) == ("unchecked", "")
    assert working.links_checked_at is not None and no_address.links_checked_at is None
    assert "Checked 6 sources: 3 with a broken link." in output


def test_a_check_is_not_an_editorial_change(db, server):
    source = SourceFactory(url=f"{server}/gone")
    rows, updated = source.history.count(), source.updated_at
    run()
    source.refresh_from_db()
    assert source.history.count() == rows and source.updated_at == updated


def test_it_can_check_one_source(db, server):
    chosen = SourceFactory(url=f"{server}/gone")
    other = SourceFactory(url=f"{server}/gone?other")
    run("--key", chosen.key)
    assert Source.objects.get(pk=chosen.pk).link_status == "broken"
    assert Source.objects.get(pk=other.pk).link_status == "unchecked"


def test_the_admin_lists_the_broken_ones(db, server, staff_client):
    broken = SourceFactory(url=f"{server}/gone", title="Vanished page")
    SourceFactory(url=f"{server}/ok", title="Live page")
    run()
    url = reverse("admin:tiers_source_changelist")
    response = staff_client.get(url, {"link_status__exact": "broken"})
    listed = list(response.context["cl"].result_list)
    assert listed == [broken]
