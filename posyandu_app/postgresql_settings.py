"""Settings every PostgreSQL connection of the app starts with (primary and replica): JIT compilation off."""
from sqlalchemy import event


def install(engine, settings: dict) -> None:
    """Set `settings` ({name: value}, Config.POSTGRESQL_SETTINGS) on each new connection; SQLite engines are left
    exactly as they are."""
    if engine.dialect.name != "postgresql" or not settings:
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute("SELECT set_config(%s, %s, false)", (name, str(value)))
        dbapi_connection.commit()  # set_config(..., false) lasts the session only if its transaction commits
