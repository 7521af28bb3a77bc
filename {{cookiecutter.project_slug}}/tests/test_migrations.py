"""The shipped Alembic revisions build the schema, and they match the models exactly, on
the database this project was generated for."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from {{ cookiecutter.package_name }}.models import Base

PROJECT = Path(__file__).resolve().parents[1]


def alembic_config(url: str) -> Config:
    config = Config(str(PROJECT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT / "migrations"))
    config.attributes["database_url"] = url
    config.attributes["configure_logging"] = False
    return config


def test_upgrade_from_nothing_and_autogenerate_diff_is_empty(database_url):
    url = database_url
    command.upgrade(alembic_config(url), "head")
    engine = create_engine(url)
    assert {"users", "watches", "alembic_version"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_removes_the_schema(database_url):
    url = database_url
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert set(inspect(create_engine(url)).get_table_names()) == {"alembic_version"}
