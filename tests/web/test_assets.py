"""Static assets: hashed URLs are cached for a year; text responses are compressed for slow connections."""
import re


def test_pages_link_hashed_css_that_is_cached_immutably(client):
    page = client.get("/login").get_data(as_text=True)
    css_url = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{10})"', page).group(1)
    response = client.get(css_url)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]


def test_unhashed_static_is_not_cached_forever(client):
    response = client.get("/static/css/app.css")
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_html_is_compressed_when_the_browser_accepts_it(client):
    plain = client.get("/login")
    gzipped = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert len(gzipped.data) < len(plain.data) / 2
    assert "Accept-Encoding" in gzipped.headers["Vary"]
