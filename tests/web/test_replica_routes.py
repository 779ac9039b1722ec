"""What reads the replica (docs/DEPLOY.md "Read replica"): every report page and export, the PWS dashboard and the
FHIR Bundle build their answer through replica.read; sync, person pages and review do not."""
import pytest

from posyandu_app import replica

from ..factories import login

READ_ON_REPLICA = ["/reports/monthly", "/reports/pregnancy", "/reports/screening", "/reports/immunization",
                   "/reports/pws", "/reports/late", "/reports/monthly.csv", "/reports/pws.xlsx",
                   "/reports/late.csv", "/api/v1/fhir/Bundle"]
READ_ON_PRIMARY = ["/reports", "/review", "/people", "/api/v1/sync/pull?cursor=0", "/api/v1/auth/session"]


@pytest.fixture
def reads(monkeypatch):
    """The builds that went through replica.read during a request."""
    seen = []
    original = replica.read

    def spy(build, *args, **kwargs):
        seen.append(build)
        return original(build, *args, **kwargs)

    monkeypatch.setattr(replica, "read", spy)
    return seen


@pytest.fixture
def bidan(client, make):
    pustu = make.pustu()
    make.person(make.posyandu(pustu))
    login(client, make.user("bidan", pustu))


@pytest.mark.parametrize("path", READ_ON_REPLICA)
def test_reports_and_exports_read_through_the_replica(client, bidan, reads, path):
    response = client.get(path, query_string={} if "?" in path else {"month": "2026-02"})
    assert response.status_code == 200
    assert len(reads) == 1


@pytest.mark.parametrize("path", READ_ON_PRIMARY)
def test_everything_else_reads_the_primary(client, bidan, reads, path):
    assert client.get(path).status_code == 200
    assert reads == []
