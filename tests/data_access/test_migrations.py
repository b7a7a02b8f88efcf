"""The same migrations build the same schema on SQLite and PostgreSQL, match the models, and
move a database that holds data up and down."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, select, text

from data_access.migrate import alembic_config
from data_access.models import (
    Agency,
    AgencyType,
    Base,
    EvaluationRound,
    Indicator,
    Workload,
)
from tests.conftest import DatabaseFactory


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


def test_the_models_and_the_migrations_agree(fresh_engine: Engine) -> None:
    """Autogenerate finds nothing to do: every model change came with its migration."""
    with fresh_engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def _migrate(engine: Engine, revision: str, up: bool = True) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(cfg, revision)


_EN_COLUMNS = {
    "agency": {"name_en", "short_name_en"},
    "evaluation_round": {"name_en"},
    "indicator": {"name_en", "eval_point_en"},
    "individual_indicator": {"name_en", "eval_point_en"},
    "workload": {"metric_en"},
}


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_english_names_migrate_up_and_down_keeping_the_rows(db_factory: DatabaseFactory) -> None:
    """0002 adds nullable English-name columns and the agency_type table to a database that
    already holds data (rows kept, English names empty until entered), and removes them
    again on the way down."""
    engine = db_factory.new_engine(migrate=False)
    _migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            insert(Agency).values(
                id=1,
                name="市科学技术局",
                short_name="科技局",
                agency_type="科技",
                nature="政府工作部门",
                rank="正县级",
            )
        )
        conn.execute(
            insert(EvaluationRound).values(
                id=1, year=2024, name="2024年度评估", status="评估中", config={}
            )
        )
        conn.execute(
            insert(Indicator).values(
                round_id=1, code="A", level=1, name="党的领导", max_points=10.0
            )
        )
        conn.execute(insert(Workload).values(agency_id=1, year=2024, metric="项目数", value=425.0))
    assert all(not cols & _columns(engine, t) for t, cols in _EN_COLUMNS.items())

    _migrate(engine, "head")
    assert all(cols <= _columns(engine, t) for t, cols in _EN_COLUMNS.items())
    assert {"name", "name_en"} == _columns(engine, "agency_type")
    with engine.begin() as conn:
        row = conn.execute(select(Agency.name, Agency.name_en, Agency.short_name_en)).one()
        assert tuple(row) == ("市科学技术局", None, None)
        assert conn.execute(select(Workload.metric, Workload.metric_en)).one() == ("项目数", None)
        conn.execute(insert(AgencyType).values(name="科技", name_en="Science & technology"))

    _migrate(engine, "0001", up=False)
    assert all(not cols & _columns(engine, t) for t, cols in _EN_COLUMNS.items())
    assert "agency_type" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name, short_name FROM agency")).one() == (
            "市科学技术局",
            "科技局",
        )


def test_eval_method_and_primary_metric_migrate_keeping_the_rows(
    db_factory: DatabaseFactory,
) -> None:
    """0005 adds 评估方法 to the tree and 是否主要指标 to the workload: rows kept, no metric
    primary until one is imported, and the columns gone again on the way down."""
    engine = db_factory.new_engine(migrate=False)
    _migrate(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agency (id, name, short_name, agency_type, nature, rank) "
                "VALUES (1, '市科学技术局', '科技局', '科技', '政府工作部门', '正县级')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO workload (agency_id, year, metric, value) VALUES (1, 2024, '项目数', 425)"
            )
        )
    assert "is_primary" not in _columns(engine, "workload")
    _migrate(engine, "0005")
    assert {"eval_method", "eval_method_en"} <= _columns(engine, "indicator")
    with engine.connect() as conn:
        assert conn.execute(select(Workload.metric, Workload.is_primary)).one() == (
            "项目数",
            False,
        )
    _migrate(engine, "0004", up=False)
    assert "is_primary" not in _columns(engine, "workload")
    assert "eval_method" not in _columns(engine, "indicator")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT metric, value FROM workload")).one() == ("项目数", 425)
