"""``manage.py round self-eval``: an administrator sets and clears the agencies' self-evaluation
window of a round; a bad date, closing before opening, an unknown or completed round are
refused with one line and a non-zero exit, writing nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from data_access.models import EvaluationRound
from tests.data_access.small_round import OPEN_ROUND, build_small_round
from tests.test_manage_imports import Cli


@pytest.fixture()
def cli(fresh_engine: Engine, tmp_path: Path) -> Cli:
    build_small_round(fresh_engine)
    return Cli(fresh_engine, tmp_path)


def _window(engine: Engine) -> tuple[dt.date | None, dt.date | None]:
    with engine.connect() as conn:
        row = conn.execute(
            select(EvaluationRound.self_eval_opens, EvaluationRound.self_eval_closes).where(
                EvaluationRound.id == OPEN_ROUND
            )
        ).one()
    return row.self_eval_opens, row.self_eval_closes


def test_set_and_clear_the_window(cli: Cli, fresh_engine: Engine) -> None:
    code, out, _err = cli(
        "round", "self-eval", "--year", "2030", "--opens", "2030-06-01", "--closes", "2030-06-30"
    )
    assert (code, out) == (0, "2030 年度批次自评 · 填报时间：2030-06-01 至 2030-06-30\n")
    assert _window(fresh_engine) == (dt.date(2030, 6, 1), dt.date(2030, 6, 30))
    code, out, _err = cli("round", "self-eval", "--year", "2030", "--lang", "en")
    assert (code, out) == (0, "Self-evaluation of 2030 · Open until the round is completed\n")
    assert _window(fresh_engine) == (None, None)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--year", "2030", "--opens", "2030-06-30", "--closes", "2030-06-01"), "早于开始日期"),
        (("--year", "2029", "--closes", "2030-06-01"), "已完成"),
        (("--year", "2031", "--closes", "2030-06-01"), "2031"),
        (("--year", "2030", "--closes", "6/1/2030"), "invalid"),
    ],
)
def test_refusals_write_nothing(
    cli: Cli, fresh_engine: Engine, args: tuple[str, ...], words: str
) -> None:
    code, _out, err = cli("round", "self-eval", *args)
    assert code != 0 and words in err
    assert _window(fresh_engine) == (None, None)
