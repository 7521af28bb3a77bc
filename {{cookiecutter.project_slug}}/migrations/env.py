"""Alembic environment: the URL and the models come from the app itself."""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name)

target_metadata = Base.metadata


def database_url() -> str:
    # A test (or another tool) may hand over a URL; otherwise use the app's setting.
    url = config.attributes.get("database_url")
    if url:
        return url
    return create_app().config["DATABASE_URL"]


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
