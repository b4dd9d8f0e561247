"""Persistence: SQLAlchemy models, repositories, the unit of work and Alembic migrations."""

from storage.database import Database, redact_url
from storage.unit_of_work import UnitOfWork

__all__ = ["Database", "UnitOfWork", "redact_url"]
