"""The same migrations build the same schema on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, inspect

from data_access.models import Base


def test_migrations_create_every_model_table(fresh_engine: Engine) -> None:
    tables = set(inspect(fresh_engine).get_table_names())
    expected = {t.name for t in Base.metadata.sorted_tables}
    assert expected <= tables
    assert "alembic_version" in tables


def test_filter_columns_are_indexed(fresh_engine: Engine) -> None:
    insp = inspect(fresh_engine)

    def indexed(table: str) -> set[str]:
        cols: set[str] = set()
        for ix in insp.get_indexes(table):
            cols.update(c for c in ix["column_names"] if c)
        for uq in insp.get_unique_constraints(table):
            cols.update(uq["column_names"])
        return cols

    # the columns pages filter and join on
    assert {"agency_type", "nature"} <= indexed("agency")
    assert {"round_id", "agency_id"} <= indexed("score")
    assert {"round_id", "agency_id", "questionnaire", "status"} <= indexed("survey_response")
    assert {"round_id", "agency_id", "severity"} <= indexed("finding")
    assert {"state", "deadline"} <= indexed("rectification")


def test_migrating_twice_is_a_no_op(fresh_engine: Engine) -> None:
    from data_access.migrate import upgrade_to_head

    before = sorted(inspect(fresh_engine).get_table_names())
    upgrade_to_head(fresh_engine)
    assert sorted(inspect(fresh_engine).get_table_names()) == before
