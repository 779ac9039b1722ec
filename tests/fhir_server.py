"""A FHIR test server on loopback (http.server in a thread) with SATUSEHAT's habits: OAuth2 client credentials,
conditional create (If-None-Exist is required and honoured), Patient search by NIK, references that must resolve,
OperationOutcome 4xx for a resource it rejects, and faults on demand (a token that expires early, 503s)."""
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


def outcome(code, text, expression=None):
    return {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": code,
                                                           "details": {"text": text},
                                                           **({"expression": [expression]} if expression else {})}]}


class FakeFhir:
    def __init__(self):
        self.store: dict[str, dict[str, dict]] = {}
        self.tokens: set[str] = set()
        self.token_requests = 0
        self.expire_token_once = False
        self.unavailable = 0  # the next N resource writes answer 503
        self.reject = lambda resource: None  # -> an OperationOutcome text to refuse with 422
        self.writes = []  # (method, type, status) of every write
        self.mpi: dict[str, str] = {}  # NIK -> IHS number of patients the "Master Patient Index" knows
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def count(self, resource_type):
        return len(self.store.get(resource_type, {}))

    def by_identifier(self, resource_type, system, value):
        return [r for r in self.store.get(resource_type, {}).values()
                if any(i.get("system") == system and i.get("value") == value for i in r.get("identifier", []))]

    def _resolves(self, value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "reference" and isinstance(item, str):
                    kind, _, ident = item.partition("/")
                    if ident not in self.store.get(kind, {}) and not (kind == "Patient" and ident in self.mpi.values()):
                        return item
                elif (bad := self._resolves(item)):
                    return bad
        if isinstance(value, list):
            for item in value:
                if (bad := self._resolves(item)):
                    return bad
        return None

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body=None, location=None):
                raw = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/fhir+json")
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _body(self):
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _authorized(self):
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                with fake.lock:
                    if fake.expire_token_once and token in fake.tokens:
                        fake.expire_token_once = False
                        fake.tokens.discard(token)
                    return token in fake.tokens

            def do_POST(self):
                path = urlsplit(self.path)
                if path.path == "/oauth2/v1/accesstoken":
                    form = parse_qs(self._body().decode())
                    if parse_qs(path.query).get("grant_type") != ["client_credentials"] or \
                            form.get("client_secret") != ["rahasia"]:
                        return self._answer(401, outcome("login", "invalid client"))
                    with fake.lock:
                        fake.token_requests += 1
                        token = uuid.uuid4().hex
                        fake.tokens.add(token)
                    return self._answer(200, {"access_token": token, "expires_in": 3599, "token_type": "BearerToken"})
                body = self._body()
                if not self._authorized():
                    return self._answer(401, outcome("login", "token expired"))
                kind = path.path.strip("/")
                with fake.lock:
                    if fake.unavailable > 0:
                        fake.unavailable -= 1
                        fake.writes.append(("POST", kind, 503))
                        return self._answer(503, outcome("transient", "maintenance"))
                    condition = self.headers.get("If-None-Exist")
                    if not condition:
                        return self._answer(400, outcome("required", "If-None-Exist is required here"))
                    system, _, value = unquote(condition.removeprefix("identifier=")).rpartition("|")
                    existing = fake.by_identifier(kind, system, value)
                    if existing:
                        fake.writes.append(("POST", kind, 200))
                        return self._answer(200, existing[0], f"{kind}/{existing[0]['id']}")
                    resource = json.loads(body)
                    refusal = fake.reject(resource)
                    dangling = fake._resolves(resource)
                    if refusal or dangling:
                        fake.writes.append(("POST", kind, 422))
                        return self._answer(422, outcome("invalid", refusal or f"reference not found: {dangling}",
                                                         f"{kind}.valueQuantity" if refusal else None))
                    resource["id"] = str(uuid.uuid4())
                    fake.store.setdefault(kind, {})[resource["id"]] = resource
                    fake.writes.append(("POST", kind, 201))
                    return self._answer(201, resource, f"{kind}/{resource['id']}/_history/1")

            def do_PUT(self):
                body = self._body()
                if not self._authorized():
                    return self._answer(401, outcome("login", "token expired"))
                kind, _, ident = urlsplit(self.path).path.strip("/").partition("/")
                with fake.lock:
                    if ident not in fake.store.get(kind, {}):
                        return self._answer(404, outcome("not-found", f"{kind}/{ident}"))
                    resource = json.loads(body)
                    fake.store[kind][ident] = resource
                    fake.writes.append(("PUT", kind, 200))
                    return self._answer(200, resource)

            def do_GET(self):
                if not self._authorized():
                    return self._answer(401, outcome("login", "token expired"))
                path = urlsplit(self.path)
                query = parse_qs(path.query)
                found = []
                if path.path == "/Patient" and "identifier" in query:
                    nik = query["identifier"][0].rpartition("|")[2]
                    if nik in fake.mpi:
                        found = [{"resourceType": "Patient", "id": fake.mpi[nik]}]
                return self._answer(200, {"resourceType": "Bundle", "type": "searchset", "total": len(found),
                                          "entry": [{"resource": r} for r in found]})

        return Handler


def references(resource):
    return re.findall(r'"reference": "([^"]+)"', json.dumps(resource))
