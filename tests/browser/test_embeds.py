"""An embeddable list renders inside a page of another origin; a normal page refuses to be framed."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from actors.countries import sync_countries
from actors.models import Country
from tests.factories import ActorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST_PORT = 8171  # the other origin: a second server, on a port of this project's range


def host_page(site):
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Site d’une région</title></head>
<body><h1>Nos partenaires</h1>
<iframe id="embed" src="{site}/integrer/acteurs/?pays=ML" title="Acteurs" width="600" height="400"></iframe>
</body></html>""".encode()


# The normal page is framed only once the embed has loaded: two frames loading at once would be two requests at once
# on the live server, which shares the test's one in-memory SQLite connection between its threads.
ADD_NORMAL_FRAME = """site => {
  const frame = document.createElement("iframe");
  frame.id = "normal"; frame.title = "Page normale"; frame.src = site + "/acteurs/";
  document.body.append(frame);
}"""


@pytest.fixture
def other_origin(live_server):
    body = host_page(live_server.url)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    try:
        server = ThreadingHTTPServer(("127.0.0.1", HOST_PORT), Handler)
    except OSError:  # the port is taken (a run in parallel): any free port is another origin too
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_embed_renders_in_another_origin_and_a_normal_page_is_refused(live_server, other_origin, page):
    sync_countries(Country)  # a previous transactional test's flush emptied the migration's rows
    ActorFactory(slug="eau-vive", name="Eau Vive").countries.add("ML")
    ActorFactory(slug="solaire", name="Solaire Coop").countries.add("VN")
    refusals = []
    page.on("console", lambda message: refusals.append(message.text) if "frame" in message.text else None)
    page.goto(other_origin)
    assert not other_origin.startswith(live_server.url)

    embed = page.frame_locator("#embed")
    assert embed.locator("h1").inner_text() == "Acteurs de l’ESS"
    assert embed.locator(".embed-list a").all_inner_texts() == ["Eau Vive"]

    page.evaluate(ADD_NORMAL_FRAME, live_server.url)
    normal = page.locator("#normal").element_handle().content_frame()
    normal.wait_for_load_state()
    assert normal.url.startswith("chrome-error://"), normal.url  # Chromium's page for a refused frame
    assert normal.locator(".site-header").count() == 0
    assert any("frame-ancestors 'none'" in text for text in refusals), refusals
