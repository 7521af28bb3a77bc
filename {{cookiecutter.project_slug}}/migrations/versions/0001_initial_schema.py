"""Initial schema: users and their watchlists.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=128), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(public_id) BETWEEN 1 AND 128", name=op.f("ck_users_public_id_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("public_id", name=op.f("uq_users_public_id")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "watches",
        sa.Column("watcher_id", sa.Integer(), nullable=False),
        sa.Column("watched_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("watcher_id <> watched_id", name=op.f("ck_watches_no_self_watch")),
        sa.ForeignKeyConstraint(
            ["watched_id"],
            ["users.id"],
            name=op.f("fk_watches_watched_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["watcher_id"],
            ["users.id"],
            name=op.f("fk_watches_watcher_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("watcher_id", "watched_id", name=op.f("pk_watches")),
    )
    op.create_index(op.f("ix_watches_watched_id"), "watches", ["watched_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_watches_watched_id"), table_name="watches")
    op.drop_table("watches")
    op.drop_table("users")
