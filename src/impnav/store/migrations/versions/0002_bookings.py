"""Consultants, weekly availability, bookings (one row per 30-minute slot held, unique per
consultant and start: the database itself refuses a double booking) and the mail outbox.

Revision ID: 0002_bookings
Revises: 0001_cases
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_bookings"
down_revision = "0001_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consultants",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("licence_number", sa.String(20), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "availability",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("consultant_id", sa.String(36),
                  sa.ForeignKey("consultants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("weekday", sa.Integer, nullable=False),
        sa.Column("start_minute", sa.Integer, nullable=False),
        sa.Column("end_minute", sa.Integer, nullable=False),
    )  # fmt: skip
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("consultant_id", sa.String(36),
                  sa.ForeignKey("consultants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("package", sa.String(20), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )  # fmt: skip
    op.create_table(
        "booking_slots",
        sa.Column("consultant_id", sa.String(36),
                  sa.ForeignKey("consultants.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("slot_start", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("booking_id", sa.String(36), sa.ForeignKey("bookings.id", ondelete="CASCADE"),
                  nullable=False),
    )  # fmt: skip
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("attachment", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    for table in ("outbox", "booking_slots", "bookings", "availability", "consultants"):
        op.drop_table(table)
