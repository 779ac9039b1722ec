"""Login pages: Indonesian by default, English on request, no user enumeration, forced password change."""
import re

from tests.factories import PASSWORD


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def post_login(client, username, password):
    page = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf_from(page)})


def test_login_page_is_indonesian_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert "Nama pengguna" in page and "Kata sandi" in page


def test_english_switch_sets_cookie_and_translates(client):
    response = client.get("/lang/en?next=/login")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Username" in page


def test_language_switch_refuses_offsite_redirect(client):
    response = client.get("/lang/en?next=https://evil.example/")
    assert "evil.example" not in response.headers["Location"]


def test_kader_logs_in_and_lands_in_the_field_app(client, make):
    kader = make.user("kader", full_name="Kader Mawar")
    response = post_login(client, kader.username, PASSWORD)
    assert response.status_code == 302
    home = client.get("/")  # a kader's home is the offline field app (issue 5)
    assert home.status_code == 302 and home.headers["Location"].endswith("/app")


def test_bidan_logs_in_and_sees_home(client, make):
    bidan = make.user("bidan", full_name="Bidan Sari")
    post_login(client, bidan.username, PASSWORD)
    assert "Selamat datang, Bidan Sari" in client.get("/").get_data(as_text=True)


def test_wrong_password_and_unknown_user_get_the_same_message(client, make):
    kader = make.user("kader")
    wrong_password = post_login(client, kader.username, "salah-sekali")
    unknown_user = post_login(client, "tidak-ada", "salah-sekali")
    assert wrong_password.status_code == unknown_user.status_code == 401
    message = "Nama pengguna atau kata sandi salah."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_user.get_data(as_text=True)


def test_login_form_without_csrf_token_is_refused(client, make):
    kader = make.user("kader")
    response = client.post("/login", data={"username": kader.username, "password": PASSWORD})
    assert response.status_code == 400
    assert "Muat ulang halaman" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_inactive_user_cannot_log_in(client, make):
    kader = make.user("kader", active=False)
    assert post_login(client, kader.username, PASSWORD).status_code == 401


def test_account_is_locked_after_repeated_failures(client, make, app):
    kader = make.user("kader")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        post_login(client, kader.username, "salah-sekali")
    response = post_login(client, kader.username, PASSWORD)
    assert response.status_code == 401
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)


def test_forced_password_change_blocks_other_pages_until_done(client, make):
    kader = make.user("bidan", must_change_password=True)
    post_login(client, kader.username, PASSWORD)
    assert client.get("/").headers["Location"].endswith("/account/password")
    page = client.get("/account/password").get_data(as_text=True)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "Posyandu-Baru-9", "confirm_password": "Posyandu-Baru-9",
        "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_weak_new_password_is_refused_with_reason(client, make):
    kader = make.user("kader", must_change_password=True)
    post_login(client, kader.username, PASSWORD)
    page = client.get("/account/password").get_data(as_text=True)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "123", "confirm_password": "123", "csrf_token": csrf_from(page)})
    assert response.status_code == 400
    assert "minimal 8 karakter" in response.get_data(as_text=True)


def test_logout_requires_post_and_ends_session(client, make):
    kader = make.user("bidan")  # a kader's home redirects to the field app; the page home has the logout form
    post_login(client, kader.username, PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert client.get("/logout").status_code == 405
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    assert client.get("/").status_code == 302


def test_security_headers_on_pages(client):
    headers = client.get("/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
