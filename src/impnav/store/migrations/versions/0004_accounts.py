"""Accounts: consultant and case-owner passwords (argon2 hashes), the consultant a case is
assigned to, web sessions (a consultant's or a case owner's) held server-side so logging out
really ends them, failed log-in attempts for rate limiting, and an optional applicant e-mail
on bookings for the confirmation.

Revision ID: 0004_accounts
Revises: 0003_exceptions
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_accounts"
down_revision = "0003_exceptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultants") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(200), nullable=True))
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(200), nullable=True))
        batch.add_column(sa.Column("consultant_id", sa.String(36), nullable=True))
        batch.create_foreign_key("fk_cases_consultant", "consultants", ["consultant_id"], ["id"],
                                 ondelete="SET NULL")  # fmt: skip
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(200), nullable=True))
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("consultant_id", sa.String(36),
                  sa.ForeignKey("consultants.id", ondelete="CASCADE"), nullable=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )  # fmt: skip
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, index=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
    op.drop_table("web_sessions")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("contact_email")
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("fk_cases_consultant", type_="foreignkey")
        batch.drop_column("consultant_id")
        batch.drop_column("password_hash")
    with op.batch_alter_table("consultants") as batch:
        batch.drop_column("password_hash")
