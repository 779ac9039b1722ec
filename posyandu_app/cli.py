"""Flask commands: init-db, seed-demo, create-user, reset-password, deactivate-user, import-roster, facility …, user …,
audit-partitions, partitions (and the batch tools the rules provide)."""
import click
from flask import current_app
from flask_migrate import upgrade

from .cli_audit import audit_partitions_command
from .cli_facilities import facility
from .cli_partitions import partitions_group
from .cli_fhir import fhir_export_command, fhir_worker_command
from .cli_users import user
from .extensions import db
from .services import accounts


def register(app) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(reset_password)
    app.cli.add_command(deactivate_user)
    app.cli.add_command(zscores)
    app.cli.add_command(import_roster)
    app.cli.add_command(facility)
    app.cli.add_command(fhir_export_command)
    app.cli.add_command(fhir_worker_command)
    app.cli.add_command(user)
    app.cli.add_command(audit_partitions_command)
    app.cli.add_command(partitions_group)


@click.command("init-db")
def init_db():
    """Create or upgrade the database schema by running the migrations."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("seed-demo")
@click.option("--seed", default=2026, show_default=True, help="Random seed, for a repeatable demo.")
def seed_demo(seed):
    """Load demo facilities, users of every role and a year of visits (skipped if demo data exists)."""
    from .services import demo
    logins = demo.seed(seed, must_change_password=current_app.config["ENV_NAME"] == "production")
    if logins is None:
        click.echo("Demo data already present; nothing added.")
        logins = demo.DEMO_LOGINS
    click.echo("Demo logins (username / password):")
    for username, password, role, facility in logins:
        click.echo(f"  {role:<10} {username:<14} {password:<12} {facility}")


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["kader", "bidan", "supervisor", "admin"]))
@click.option("--facility", "facility_code", help="Facility code: posyandu for kader, pustu for bidan, "
                                                   "puskesmas for supervisor.")
@click.option("--name", "full_name", required=True, help="Full name shown in the app.")
@click.password_option()
def create_user(username, role, facility_code, full_name, password):
    """Create an account; the user must change the password at first login."""
    try:
        user = accounts.create_user(username, password, full_name, role, facility_code)
    except accounts.AccountError as exc:
        from .i18n import translate
        with current_app.test_request_context():
            raise click.ClickException(translate(exc.key, **exc.params)) from None
    click.echo(f"Created {user.role.value} {user.username}.")


def _account(username):
    from sqlalchemy import select
    from .models import User
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account named {username}.")
    return user


@click.command("reset-password")
@click.argument("username")
@click.password_option()
def reset_password(username, password):
    """Set a temporary password (e.g. a lost phone): every session of the account ends at once, and the
    user must choose a new password at the next login."""
    user = _account(username)
    try:
        accounts.reset_password(user, password)
    except accounts.AccountError as exc:
        from .i18n import translate
        with current_app.test_request_context():
            raise click.ClickException(translate(exc.key, **exc.params)) from None
    click.echo(f"Password of {user.username} reset; every session ended.")


@click.command("deactivate-user")
@click.argument("username")
@click.option("--reactivate", is_flag=True, help="Allow logins again (ended sessions stay ended).")
def deactivate_user(username, reactivate):
    """Deactivate an account (a kader who left): every session ends at once, logins are refused."""
    user = _account(username)
    accounts.set_active(user, reactivate)
    click.echo(f"{user.username} {'reactivated' if reactivate else 'deactivated; every session ended'}.")


@click.command("zscores")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "output_csv", required=True, type=click.Path(dir_okay=False),
              help="Where to write the CSV with z-scores, flags and categories added.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language of the category labels and error reasons.")
def zscores(input_csv, output_csv, lang):
    """WHO z-scores for a CSV of child measurements, 0-19 years (bad rows are reported, never fatal)."""
    from .domain.errors import DomainValidationError
    from .services.zscore_batch import process_csv
    try:
        report = process_csv(input_csv, output_csv, lang=lang)
    except DomainValidationError as exc:
        raise click.ClickException("; ".join(message[lang] for message in exc.field_errors.values())) from None
    for problem in report["errors"]:
        click.echo(f"line {problem['line']}: {problem['reason']}", err=True)
    click.echo(f"{report['ok']} of {report['rows']} rows computed; {len(report['errors'])} with errors -> {output_csv}")


@click.command("import-roster")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--posyandu", "code", help="Posyandu code for rows without a posyandu column.")
@click.option("--dry-run", is_flag=True, help="Check and report every row; write nothing.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def import_roster(path, code, dry_run, lang):
    """Import persons from a CSV/XLSX roster (as the /admin/roster page does, with a district admin's scope)."""
    from pathlib import Path

    from sqlalchemy import select

    from .i18n import translate
    from .models import Facility, Role, User
    from .services.admin import roster, roster_file
    system = User(role=Role.ADMIN, facility_id=None)  # not stored: the command acts as the district, audited as system
    posyandu_id = None
    if code:
        posyandu_id = db.session.scalar(select(Facility.id).where(Facility.code == code.strip().upper()))
        if posyandu_id is None:
            raise click.ClickException(f"no facility with code {code}")
    data = Path(path).read_bytes()
    try:
        preview = (roster.check if dry_run else roster.run)(system, data, Path(path).name, posyandu_id)
    except roster_file.RosterFileError as exc:
        raise click.ClickException(translate(exc.key, lang, **exc.params)) from None
    except roster.NotFound:
        raise click.ClickException(f"{code} is not a posyandu") from None
    for row in preview.rows:
        if row.status == "invalid":
            reasons = "; ".join(translate(key, lang, **params) for key, params in row.errors)
            click.echo(f"row {row.number}: {reasons}", err=True)
        elif row.status == "duplicate":
            click.echo(f"row {row.number}: {translate('roster.duplicate_of', lang, name=row.duplicate)}", err=True)
    verb = "would be imported" if dry_run else "imported"
    click.echo(f"{preview.count('new')} {verb}; {preview.count('invalid')} invalid, "
               f"{preview.count('duplicate')} probable duplicates skipped.")
