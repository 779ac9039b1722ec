"""Posyandu ILP field app: the application factory."""
import os

from flask import Flask

from . import models  # noqa: F401  (registers every table before migrations or create_all look)
from .extensions import csrf, db, login_manager, migrate


def create_app(config=None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, shell and CLI, in that order."""
    app = Flask(__name__, instance_relative_config=False)
    register_config(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_security(app)
    register_commands(app)
    return app


def register_config(app: Flask, config) -> None:
    if config is None:
        from config import config_from_env
        config = config_from_env()
    app.config.from_object(config)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    from . import replica
    replica.init_app(app)
    from . import postgresql_settings, sqlite_concurrency
    with app.app_context():
        sqlite_concurrency.install(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        postgresql_settings.install(db.engine, app.config.get("POSTGRESQL_SETTINGS", {}))
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    from .services import changes
    changes.install_change_tracking()
    from .web.auth import configure_login_manager
    configure_login_manager(login_manager)


def register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .web import bp as web_bp
    app.register_blueprint(api_bp)
    app.register_blueprint(web_bp)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register
    register(app)


def register_template_helpers(app: Flask) -> None:
    from . import formats, i18n
    i18n.init_app(app)
    formats.init_app(app)


def register_security(app: Flask) -> None:
    from . import assets, security
    security.init_app(app)
    assets.init_app(app)


def register_commands(app: Flask) -> None:
    from .cli import register
    register(app)
