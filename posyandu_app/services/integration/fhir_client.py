"""HTTP to a FHIR endpoint with OAuth2 client credentials (SATUSEHAT's token URL): a bearer token kept until it
expires, renewed once when the server answers 401. Standard library only: the worker is a plain CLI process."""
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class FhirConfig:
    base_url: str
    token_url: str
    client_id: str
    client_secret: str
    org_id: str | None = None
    puskesmas: tuple[str, ...] = ()
    batch_size: int = 50
    max_attempts: int = 8
    backoff_seconds: int = 60
    timeout: int = 30

    @property
    def complete(self) -> bool:
        return bool(self.base_url and self.token_url and self.client_id and self.client_secret)


@dataclass
class Answer:
    status: int  # 0: no answer (network error, timeout)
    body: dict | None
    location: str | None = None
    error: str | None = None


class FhirClient:
    def __init__(self, config: FhirConfig):
        self.config = config
        self._token: str | None = None
        self._expires: datetime | None = None

    def _token_now(self, now: datetime) -> str:
        if self._token and self._expires and now < self._expires:
            return self._token
        data = urllib.parse.urlencode({"client_id": self.config.client_id,
                                       "client_secret": self.config.client_secret}).encode()
        url = self.config.token_url
        if "grant_type=" not in url:
            url += ("&" if "?" in url else "?") + "grant_type=client_credentials"
        request = urllib.request.Request(url, data=data, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
            body = json.loads(response.read() or b"{}")
        self._token = body["access_token"]
        # Renew a minute early: a token that dies mid-batch costs a 401 round trip.
        self._expires = now + timedelta(seconds=max(int(body.get("expires_in", 3600)) - 60, 0))
        return self._token

    def request(self, method: str, path: str, now: datetime, body: dict | None = None,
                headers: dict | None = None) -> Answer:
        for attempt in (1, 2):
            try:
                token = self._token_now(now)
            except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
                return Answer(0, None, error=f"token: {exc}")
            answer = self._once(method, path, token, body, headers)
            if answer.status != 401 or attempt == 2:
                return answer
            self._token = None  # expired or revoked early: one fresh token, one retry
        return answer

    def _once(self, method, path, token, body, headers) -> Answer:
        url = self.config.base_url.rstrip("/") + "/" + path.lstrip("/")
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {token}", "Accept": "application/fhir+json",
            **({"Content-Type": "application/fhir+json"} if data else {}), **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                return Answer(response.status, _json(response.read()), response.headers.get("Location"))
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, _json(exc.read()), error=exc.reason)
        except (urllib.error.URLError, OSError) as exc:
            return Answer(0, None, error=str(exc))


def _json(raw: bytes) -> dict | None:
    try:
        value = json.loads(raw or b"null")
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def outcome_text(answer: Answer) -> str:
    """The server's OperationOutcome as one line per issue (what the supervisor reads), else status and reason."""
    body = answer.body or {}
    if body.get("resourceType") == "OperationOutcome":
        issues = [" ".join(str(part) for part in (issue.get("severity"), issue.get("code"),
                                                 (issue.get("details") or {}).get("text"), issue.get("diagnostics"),
                                                 ", ".join(issue.get("expression") or [])) if part)
                  for issue in body.get("issue") or []]
        return f"HTTP {answer.status}: " + "; ".join(issues)
    return f"HTTP {answer.status}: {answer.error or 'no OperationOutcome'}"
