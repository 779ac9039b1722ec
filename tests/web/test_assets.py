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


def test_javascript_is_served_minified_and_revalidated_by_its_content_hash(app, client):
    from posyandu_app.assets import STATIC_DIR, content_hash
    source = (STATIC_DIR / "js" / "sync.js").read_bytes()
    response = client.get("/static/js/sync.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert len(response.data) < len(source) * 0.85  # comments and indentation are gone
    assert b"\n  " not in response.data
    assert response.headers["ETag"] == f'"{content_hash("js/sync.js")}"'
    again = client.get("/static/js/sync.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    assert client.get("/static/js/../../config.py").status_code == 404
    assert client.get("/static/js/no_such_module.js").status_code == 404
    app.config["MINIFY_JS"] = False
    assert client.get("/static/js/sync.js").data == source


def test_the_whole_js_suite_passes_on_the_modules_as_served(client, tmp_path):
    """The phone runs the minified modules: node's suite over them, in a copy of the tree, must still pass."""
    import shutil
    import subprocess
    from pathlib import Path
    from posyandu_app.assets import STATIC_DIR
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "tests" / "js", tmp_path / "tests" / "js")
    shutil.copytree(root / "tests" / "vectors", tmp_path / "tests" / "vectors")
    static = tmp_path / "posyandu_app" / "static"
    shutil.copytree(STATIC_DIR, static)
    modules = sorted(static.rglob("*.js"))
    for module in modules:
        served = client.get("/static/" + module.relative_to(static).as_posix())
        assert served.status_code == 200
        module.write_bytes(served.data)
    assert len(modules) > 30
    run = subprocess.run(["node", "--test", str(tmp_path / "tests" / "js")], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
