"""`flask facility …`: the set-up pages' facility operations for scripted roll-outs, as the district admin."""
import click
from sqlalchemy import select

from .extensions import db
from .i18n import translate
from .models import Desa, Facility, FacilityKind, Role, User


def district_actor():
    # Not stored: the command acts as the district admin and its audit rows name no account (as import-roster).
    return User(role=Role.ADMIN, facility_id=None)


def facility_id_of(code: str | None) -> int | None:
    if not code:
        return None
    found = db.session.scalar(select(Facility.id).where(Facility.code == code.strip().upper()))
    if found is None:
        raise click.ClickException(f"no facility with code {code}")
    return found


def run_service(action, lang: str):
    """Run a service call; a refusal is printed in the operator's language, like the page shows it."""
    from .services.admin.managed import AdminError, NotFound
    try:
        return action()
    except AdminError as exc:
        db.session.rollback()
        raise click.ClickException(translate(exc.key, lang, **exc.params)) from None
    except NotFound as exc:
        db.session.rollback()
        raise click.ClickException(f"not found: {exc}") from None


LANG = click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)


@click.group("facility")
def facility():
    """Puskesmas, pustu, desa/kelurahan and posyandu (the /admin/facilities page's operations)."""


@facility.command("add")
@click.argument("kind", type=click.Choice([kind.value for kind in FacilityKind]))
@click.argument("code")
@click.argument("name")
@click.option("--parent", "parent_code", help="Code of the puskesmas (for a pustu) or the pustu (for a posyandu).")
@click.option("--desa", "region_code", help="Kemendagri code of the posyandu's desa/kelurahan (32.01.01.2001).")
@click.option("--kecamatan")
@click.option("--kabupaten")
@click.option("--day", "posyandu_day", type=int, help="A posyandu's day of each month (1-31).")
@LANG
def add(kind, code, name, parent_code, region_code, kecamatan, kabupaten, posyandu_day, lang):
    """Create a facility; audited like the page."""
    from .services.admin import facilities
    desa_id = None
    if region_code:
        desa_id = db.session.scalar(select(Desa.id).where(Desa.region_code == region_code.strip()))
        if desa_id is None:
            raise click.ClickException(f"no desa/kelurahan with code {region_code}")
    data = facilities.FacilityInput(code=code, name=name, kecamatan=kecamatan, kabupaten=kabupaten, desa_id=desa_id,
                                    posyandu_day=posyandu_day)
    created = run_service(lambda: facilities.create(district_actor(), FacilityKind(kind), data,
                                                     facility_id_of(parent_code)), lang)
    click.echo(f"{created.kind.value} {created.code} · {created.name} (id {created.id})")


@facility.command("add-desa")
@click.argument("pustu_code")
@click.argument("region_code")
@click.argument("name")
@click.option("--kelurahan", is_flag=True, help="A kelurahan (urban), not a desa.")
@LANG
def add_desa(pustu_code, region_code, name, kelurahan, lang):
    """Create a desa/kelurahan under a pustu; audited like the page."""
    from .services.admin import facilities
    desa = run_service(lambda: facilities.create_desa(district_actor(), facility_id_of(pustu_code), region_code,
                                                      name, kelurahan), lang)
    click.echo(f"desa {desa.region_code} · {desa.name} (id {desa.id})")


@facility.command("close")
@click.argument("code")
@LANG
def close(code, lang):
    """Close a facility (refused while it still has open children, desa or active accounts)."""
    from .services.admin import facilities
    closed = run_service(lambda: facilities.close(district_actor(), facility_id_of(code)), lang)
    click.echo(f"closed {closed.code} · {closed.name}")


@facility.command("list")
def list_facilities():
    """The tree: puskesmas, their pustu (with desa), their posyandu; closed ones marked."""
    from .services.admin import facilities
    district = district_actor()
    for puskesmas in facilities.tree(district):
        _echo(puskesmas, 0)
        for pustu in sorted(puskesmas.children, key=lambda f: f.name):
            _echo(pustu, 1)
            for desa in facilities.desa_of([pustu.id]).get(pustu.id, []):
                click.echo(f"    desa {desa.region_code} · {desa.name}")
            for posyandu in sorted(pustu.children, key=lambda f: f.name):
                _echo(posyandu, 2)


def _echo(item: Facility, depth: int) -> None:
    closed = " (closed)" if item.closed_at else ""
    click.echo(f"{'  ' * depth}{item.kind.value} {item.code} · {item.name}{closed}")
