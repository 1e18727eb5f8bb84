"""Days a consultant is not available (holidays, leave), on top of the weekly windows.

Revision ID: 0003_exceptions
Revises: 0002_bookings
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_exceptions"
down_revision = "0002_bookings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "availability_exceptions",
        sa.Column("consultant_id", sa.String(36),
                  sa.ForeignKey("consultants.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("availability_exceptions")
