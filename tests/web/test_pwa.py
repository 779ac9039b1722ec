"""Server side of the field app: shell, manifest, service worker injection and headers, kader home."""
import json

from tests.factories import login


def test_shell_loads_without_a_session_and_has_no_inline_script(client):
    response = client.get("/app")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<script type="module" src="/static/js/app.js"></script>' in html
    assert html.count("<script") == 1 and "style=" not in html
    assert 'rel="manifest"' in html and 'lang="id"' in html


def test_manifest_is_installable_and_indonesian(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    body = json.loads(response.get_data(as_text=True))
    assert body["display"] == "standalone" and body["lang"] == "id"
    assert body["short_name"] and body["name"] and body["theme_color"].startswith("#")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in body["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in body["icons"]:
        png = client.get(icon["src"]).data
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and f"{width}x{height}" == icon["sizes"]


def test_service_worker_gets_version_and_precache_injected(client):
    response = client.get("/sw.js")
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    source = response.get_data(as_text=True)
    assert "__VERSION__" not in source and "__PRECACHE__" not in source
    precache = json.loads(source.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0])
    assert {"/app", "/offline", "/manifest.webmanifest", "/static/js/app.js", "/static/js/screens/growth.js",
            "/static/js/rules/growth.js", "/static/data/who_growth.json", "/static/i18n/field.id.json"} <= set(precache)
    assert not any(url.startswith("/api/") for url in precache)
    for url in precache:
        assert client.get(url).status_code == 200, url


def test_version_is_a_hash_of_the_precached_contents(app, client):
    version = lambda: client.get("/sw.js").get_data(as_text=True).split("const VERSION = '", 1)[1][:16]  # noqa: E731
    first = version()
    assert first == version()  # stable while nothing changes
    app.config["PWA_VERSION_SALT"] = "next"
    assert version() != first


def test_kader_home_is_the_field_app(client, make):
    kader = make.user("kader")
    login(client, kader)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/app")


def test_bidan_home_stays_the_page_home(client, make):
    bidan = make.user("bidan")
    login(client, bidan)
    assert client.get("/").status_code == 200


def test_offline_page(client):
    response = client.get("/offline")
    assert response.status_code == 200 and "Tidak ada sinyal" in response.get_data(as_text=True)


def test_field_app_shell_stays_reachable_during_a_forced_password_change(client, make):
    kader = make.user("kader", must_change_password=True)
    login(client, kader)
    for url in ("/app", "/sw.js", "/manifest.webmanifest", "/offline"):
        assert client.get(url).status_code == 200, url  # the SW must never cache the password page as the shell


def test_every_module_the_field_app_imports_is_precached(client):
    """A module missing from the precache would break the app offline: follow every static import."""
    import re
    from pathlib import Path
    source = client.get("/sw.js").get_data(as_text=True)
    precache = set(json.loads(source.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0]))
    static = Path(client.application.static_folder)
    todo, seen = [static / "js" / "app.js", *sorted((static / "js" / "screens").glob("*.js"))], set()
    # results.js imports each kind's rule twin by the name visit_kinds.json declares.
    kinds = json.loads((static / "data" / "visit_kinds.json").read_text(encoding="utf-8"))["kinds"]
    todo += [static / "js" / "rules" / f"{kind['twin']['module']}.js" for kind in kinds.values()]
    while todo:
        path = todo.pop().resolve()
        if path in seen:
            continue
        seen.add(path)
        assert "/static/" + path.relative_to(static).as_posix() in precache, path
        text = path.read_text(encoding="utf-8")
        todo += [path.parent / name for name in re.findall(r"'(\.{1,2}/[^'$]+\.js)'", text)]
    assert len(seen) > 30  # screens, their helpers and every rule twin module
    assert "/static/js/reports.js" not in precache  # the server pages' own scripts stay off the phone
