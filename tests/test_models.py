from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import SQLModel

from timeline.migrations import migrate
from timeline.models import KINDS, Kind, Precision


def test_kinds_cover_the_issue_list() -> None:
    assert set(KINDS) == {
        "meeting", "summit", "talks", "missile_launch", "nuclear_test", "satellite_launch",
        "exercise", "agreement", "sanction", "statement", "visit", "other",
    }
    assert Kind("summit") is Kind.SUMMIT


def test_precision_rank_orders_finest_first() -> None:
    ranks = [p.rank for p in (Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.YEAR)]
    assert ranks == sorted(ranks)


def test_migrations_build_exactly_the_models_schema() -> None:
    """The models map the tables the migrations create: same tables, columns, indexes."""
    engine = sa.create_engine("sqlite://")
    migrate(engine)
    inspected = sa.inspect(engine)
    for name, table in SQLModel.metadata.tables.items():
        columns = {c["name"]: c for c in inspected.get_columns(name)}
        assert set(columns) == {c.name for c in table.columns}, name
        for c in table.columns:
            assert columns[c.name]["nullable"] == c.nullable or c.primary_key, (name, c.name)
        db_indexes = {tuple(i["column_names"]) for i in inspected.get_indexes(name)}
        for index in table.indexes:
            assert tuple(c.name for c in index.columns) in db_indexes, (name, index.name)
