"""Flask extensions, created unbound; create_app() binds them."""
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, Select, event, exc
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic migrations are deterministic on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Where Session.info names the read replica for the moment (posyandu_app/replica.py sets and clears it), and the
# session's own connection to it.
READ_REPLICA, REPLICA_CONNECTION = "read_replica", "read_replica_connection"


class RoutingSession(Session):
    """Sends plain SELECTs to the read replica while posyandu_app.replica.reads() says so; everything else (flushes,
    INSERT/UPDATE/DELETE, SELECT ... FOR UPDATE, text()) always goes to the primary, so no write can reach it.

    The replica is reached through a connection whose transaction the session joins but never commits
    (join_transaction_mode "rollback_only"): a commit later in the request touches the primary only, even if the
    standby has gone meanwhile. The connection is closed when the session's transaction ends."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        replica = self.info.get(READ_REPLICA)
        if (replica is not None and bind is None and not self._flushing and isinstance(clause, Select)
                and clause._for_update_arg is None):
            connection = self.info.get(REPLICA_CONNECTION)
            if connection is None:
                connection = self.info[REPLICA_CONNECTION] = replica.connect()
                connection.begin()
            return connection
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


@event.listens_for(RoutingSession, "after_transaction_end")
def _close_replica_connection(session, transaction):
    if transaction.parent is None and REPLICA_CONNECTION in session.info:
        connection = session.info.pop(REPLICA_CONNECTION)
        try:
            connection.close()
        except exc.DBAPIError:  # the standby went away: SQLAlchemy has dropped the connection already
            pass


db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
