"""The import framework: one way in for every kind of data (``manage.py template/import/
imports`` and the 数据导入 page). ``reader`` turns a file into rows, ``cells`` reads each cell,
``kind`` says what a kind is, ``engine`` checks a whole file and writes all rows or none as a
batch that can be undone, ``template`` writes a kind's template, ``preview`` says what an
import would change. The kinds: ``registry`` (cities, agencies, staffing), ``agency_data``
(history, workload), ``personnel``, ``peers`` (the same agency type in other cities),
``round_data`` (a round's indicator tree and individual indicators); ``KINDS`` lists them
all.
"""

from __future__ import annotations

from sqlalchemy import Engine

from data_access.imports.agency_data import HistoryKind, WorkloadKind
from data_access.imports.batches import list_batches, undo_batch
from data_access.imports.engine import (
    MAX_ERRORS,
    ImportRefused,
    ImportResult,
    RowChange,
    RowRemoval,
    can_import,
    run_import,
)
from data_access.imports.findings import FindingsKind
from data_access.imports.kind import Kind
from data_access.imports.peers import PeersKind
from data_access.imports.personnel import PersonnelKind
from data_access.imports.ratings import RatingsKind
from data_access.imports.registry import AgenciesKind, CitiesKind, StaffingKind
from data_access.imports.round_data import IndicatorsKind, IndividualKind
from data_access.imports.surveys import SurveysKind
from data_access.imports.template import build_template
from data_access.scope import Principal

__all__ = [
    "KINDS",
    "MAX_ERRORS",
    "ImportRefused",
    "ImportResult",
    "RowChange",
    "RowRemoval",
    "can_import",
    "Kind",
    "build_template",
    "list_batches",
    "run_import",
    "undo_batch",
    "undo",
]

#: Every kind of import, by its command-line name, in the order an office loads them:
#: the registry, its yearly data, then a round's indicators (the score sheet is apart:
#: data_access.score_sheets).
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        CitiesKind(),
        AgenciesKind(),
        StaffingKind(),
        HistoryKind(),
        PersonnelKind(),
        WorkloadKind(),
        PeersKind(),
        IndicatorsKind(),
        IndividualKind(),
        FindingsKind(),
        RatingsKind(),
        SurveysKind(),
    )
}


def undo(engine: Engine, principal: Principal, batch_id: int, lang: str = "zh") -> int:
    """Undo an import batch (data_access.imports.batches.undo_batch over ``KINDS``)."""
    return undo_batch(engine, principal, batch_id, KINDS, lang)
