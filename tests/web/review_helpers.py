"""Shared builders for the review tests: a puskesmas with two pustu, users of every role, and form posting."""
import re
from dataclasses import dataclass

import functools


from werkzeug.security import generate_password_hash

from posyandu_app.extensions import db
from posyandu_app.models import Role, User
from tests.factories import PASSWORD, login


@dataclass
class World:
    puskesmas: object
    pustu: object
    other_pustu: object
    posyandu: object
    sibling_posyandu: object   # same puskesmas, other pustu
    foreign_posyandu: object   # another puskesmas
    kader: object
    bidan: object
    supervisor: object
    admin: object


@functools.cache
def _fast_hash() -> str:
    # Hundreds of logins in the matrix: a cheap hash of the same password keeps the suite fast.
    return generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")


def user(role: str, facility, name: str | None = None) -> User:
    account = User(username=f"{role}-{facility.id if facility else 'all'}-{db.session.query(User).count()}",
                   full_name=name or f"{role.title()} Uji", role=Role(role), facility=facility,
                   password_hash=_fast_hash())
    db.session.add(account)
    db.session.commit()
    return account


def build_world(make) -> World:
    puskesmas = make.puskesmas(name="Puskesmas Sukamaju")
    pustu, other_pustu = make.pustu(puskesmas, name="Pustu Sukamaju"), make.pustu(puskesmas, name="Pustu Cibodas")
    posyandu = make.posyandu(pustu, name="Posyandu Mawar")
    sibling = make.posyandu(other_pustu, name="Posyandu Anggrek")
    foreign = make.posyandu(name="Posyandu Jauh")
    return World(puskesmas, pustu, other_pustu, posyandu, sibling, foreign,
                 kader=user("kader", posyandu, "Kader Mawar"), bidan=user("bidan", pustu, "Bidan Ani"),
                 supervisor=user("supervisor", puskesmas, "Supervisor Budi"), admin=user("admin", None))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


class Session:
    """A logged-in browser: GET pages, POST forms with the CSRF token."""

    def __init__(self, client, user):
        self.client = client
        self.token = login(client, user)

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None):
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})})
