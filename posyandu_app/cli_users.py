"""`flask user …`: the /admin/users page's account operations for scripted roll-outs, as the district admin."""
import click
from sqlalchemy import select

from .cli_facilities import LANG, district_actor, facility_id_of, run_service
from .extensions import db
from .models import User


def _user_id(username: str) -> int:
    found = db.session.scalar(select(User.id).where(User.username == username.strip().lower()))
    if found is None:
        raise click.ClickException(f"no account named {username}")
    return found


def _slip(slip) -> None:
    # The one-time login slip, as the page prints it: the password is shown this once and never stored in clear.
    user = slip.user
    click.echo(f"{user.role.value} {user.username} · {user.full_name} · {user.facility.code if user.facility else '-'}")
    click.echo(f"temporary password: {slip.password}  (to be changed at the first login)")


@click.group("user")
def user():
    """Kader, bidan and supervisor accounts (the /admin/users page's operations); admins: `flask create-user`."""


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["kader", "bidan", "supervisor"]))
@click.option("--facility", "facility_code", required=True,
              help="Posyandu code for a kader, pustu for a bidan, puskesmas for a supervisor.")
@click.option("--name", "full_name", required=True, help="Full name shown in the app.")
@LANG
def add(username, role, facility_code, full_name, lang):
    """Create an account with a temporary password (printed once); audited like the page."""
    from .services.admin import users
    slip = run_service(lambda: users.create(district_actor(), username, full_name, role,
                                            facility_id_of(facility_code)), lang)
    _slip(slip)


@user.command("reset-password")
@click.argument("username")
@LANG
def reset_password(username, lang):
    """A new temporary password (printed once); every session of the account ends at once."""
    from .services.admin import users
    _slip(run_service(lambda: users.reset_password(district_actor(), _user_id(username)), lang))


@user.command("deactivate")
@click.argument("username")
@LANG
def deactivate(username, lang):
    """Refuse the account's logins; every session ends at once."""
    from .services.admin import users
    target = run_service(lambda: users.set_active(district_actor(), _user_id(username), False), lang)
    click.echo(f"{target.username} deactivated; every session ended")


@user.command("activate")
@click.argument("username")
@LANG
def activate(username, lang):
    """Allow the account's logins again (sessions ended before stay ended)."""
    from .services.admin import users
    target = run_service(lambda: users.set_active(district_actor(), _user_id(username), True), lang)
    click.echo(f"{target.username} activated")


@user.command("reassign")
@click.argument("username")
@click.argument("facility_code")
@LANG
def reassign(username, facility_code, lang):
    """Move an account to another facility of its kind; its sessions end so the phone pulls the new posyandu."""
    from .services.admin import users
    target = run_service(lambda: users.reassign(district_actor(), _user_id(username), facility_id_of(facility_code)),
                         lang)
    click.echo(f"{target.username} now at {target.facility.code} · {target.facility.name}")


@user.command("list")
@click.option("--facility", "facility_code", help="Only the accounts of this facility.")
def list_users(facility_code):
    """Every account: role, username, name, facility, active or not."""
    query = select(User).order_by(User.role, User.username)
    if facility_code:
        query = query.where(User.facility_id == facility_id_of(facility_code))
    for account in db.session.scalars(query):
        where = account.facility.code if account.facility else "-"
        state = "" if account.active else " (inactive)"
        click.echo(f"{account.role.value:<10} {account.username:<20} {account.full_name} · {where}{state}")
