"""指标分析 Indicator breakdown as view models: every agency's share of maximum on the
indicators of one level (heatmap), the weakest indicators and their spread
(``build_breakdown``); the inputs behind one cell (``cell_detail``, the profile's node
detail); individual indicators of one agency type (``individual_of_type``)."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

import pandas as pd

from data_access.profile_queries import agency_findings
from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.fmt import fmt_num
from scoring import RoundResult, round_half_up
from views.common import Column, Table
from views.names import Names, load_names
from views.profile_charts import Chart, heatmap, individual_bars, spread_box
from views.profile_detail import NodeDetail, Texts, node_detail, texts
from views.profile_explain import explain

__all__ = [
    "LEVELS",
    "LOW_SHARE",
    "Breakdown",
    "CellDetail",
    "IndividualByType",
    "level_frame",
    "weakest_frame",
    "build_breakdown",
    "cell_detail",
    "individual_of_type",
    "level_labels",
    "column_label",
    "legend_table",
    "wide_shares",
]

LEVELS = (1, 2, 3)
LOW_SHARE = 0.6  # "under 60%" in the weakest table


@dataclass(frozen=True)
class Breakdown:
    """One level of the tree across the round's agencies. ``shares`` is ``level_frame``;
    ``agencies``/``indicators`` the choices for the cell (id → name, code → 'code name'),
    ``weakest_cell`` the (agency, code) with the lowest share, shown first; ``types`` the
    agency types with individual-indicator scores (stored type → label)."""

    level: int
    shares: pd.DataFrame
    heatmap: Chart
    agencies: dict[int, str]
    indicators: dict[str, str]
    weakest_cell: tuple[int, str]
    weakest: Table
    weakest_caption: str
    spread: Chart
    types: dict[str, str]
    legend: Table | None = None

    @property
    def shares_table(self) -> Table:
        """The heatmap as a table (its download): one row per agency in the heatmap's order,
        one column per indicator ('code name'), share of maximum in %."""
        return wide_shares(self.shares, self.agency_title)

    agency_title: str = ""


@dataclass(frozen=True)
class CellDetail:
    agency: str
    detail: NodeDetail


@dataclass(frozen=True)
class IndividualByType:
    chart: Chart
    table: Table


def column_label(code: str, name: str, n_columns: int, lang: str) -> str:
    """A heatmap column's header: 'code name' on up to three lines ('\n'-separated) sized to
    the column's width — whole at level 1 (5 columns), wrapped and cut with '…' at level 2,
    the code alone beyond 16 columns (the full name is in the tooltip and the legend)."""
    if n_columns > 16:
        return code
    zh = lang != "en"
    wide = n_columns <= 6
    # Lines of at most 7 CJK characters hold at 1024 px (about 90 px a column at level 1)...
    width, lines = (7, 3) if wide else (4, 3)
    if zh:
        if wide:  # whole, or cut into even lines
            text = f"{code} {name}"
            count = -(-len(text) // width)
            size = -(-len(text) // count)
            parts = [text[i : i + size] for i in range(0, len(text), size)]
        else:
            parts = [code, *(name[i : i + width] for i in range(0, len(name), width))]
    else:
        width = 14 if wide else 8  # Latin letters are about half as wide as CJK characters
        lines = 4
        parts = textwrap.wrap(f"{code} {name}", width=width, break_long_words=False) or [code]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(width - 1, 1)].rstrip() + "…"
    return "\n".join(parts)


def wide_shares(shares: pd.DataFrame, agency_title: str) -> Table:
    """``level_frame`` pivoted: agency × indicator, share of maximum as 0–100."""
    codes = list(dict.fromkeys(shares["code"]))
    heads = dict(zip(shares["code"], shares["code"] + " " + shares["indicator"], strict=True))
    wide = shares.pivot_table(
        index="agency_id", columns="code", values="share", aggfunc="first", sort=False
    ).reindex(columns=codes)
    order = list(dict.fromkeys(shares["agency_id"]))
    names = dict(zip(shares["agency_id"], shares["name"], strict=True))
    frame = pd.DataFrame({"agency": [names[a] for a in order]})
    for i, code in enumerate(codes):
        frame[f"c{i}"] = [round_half_up(v, 1) for v in wide.reindex(order)[code] * 100]
    return Table(
        frame,
        (
            Column("agency", agency_title),
            *(Column(f"c{i}", heads[c], "percent") for i, c in enumerate(codes)),
        ),
    )


def legend_table(shares: pd.DataFrame, lang: str) -> Table:
    """Each column of the heatmap: code, full name, maximum points (the legend under it)."""
    t = texts(lang)
    first = shares.drop_duplicates("code")
    return Table(
        pd.DataFrame(
            {
                "code": first["code"].to_numpy(),
                "name": first["indicator"].to_numpy(),
                "max": first["max_points"].to_numpy(dtype=float),
            }
        ),
        (
            Column("code", t("indp_col_code"), width=64),
            Column("name", t("indp_col_name")),
            Column("max", t("indp_col_max"), "number", width=80),
        ),
    )


def level_labels(lang: str) -> dict[int, str]:
    t = texts(lang)
    return {1: t("ind_level_1"), 2: t("ind_level_2"), 3: t("ind_level_3")}


def _titles(t: Texts) -> dict[str, str]:
    return {
        "agency": t("ind_t_agency"),
        "code": t("ind_t_code"),
        "indicator": t("ind_t_indicator"),
        "points": t("ind_t_points"),
        "share": t("ind_t_share"),
        "score": t("ind_t_score"),
    }


def level_frame(result: RoundResult, level: int, names: Names) -> pd.DataFrame:
    """Every agency's nodes of one level with their share of maximum, agencies ordered by
    composite (highest first, ungraded last). Columns: agency_id, agency_label, name, code,
    indicator, points, max_points, share, points_text."""
    order = result.summary.sort_values(
        ["composite", "agency_id"], ascending=[False, True], na_position="last"
    )
    agencies = pd.DataFrame(
        {
            "agency_id": order["agency_id"],
            "agency_label": [
                names.agency_short(a, s, n)
                for a, s, n in zip(order["agency_id"], order["short_name"], order["name"])
            ],
            "name": [names.agency(a, n) for a, n in zip(order["agency_id"], order["name"])],
            "rank_order": range(len(order)),
        }
    )
    nodes = result.nodes
    level_nodes = nodes.loc[
        nodes["level"] == level, ["agency_id", "code", "name", "points", "max_points"]
    ]
    out = level_nodes.assign(
        name=[names.indicator(c, n) for c, n in zip(level_nodes["code"], level_nodes["name"])]
    )
    out = out.rename(columns={"name": "indicator"}).merge(agencies, on="agency_id")
    out["share"] = out["points"] / out["max_points"]
    out["points_text"] = [
        "—" if p != p else f"{fmt_num(p)} / {fmt_num(m)}"
        for p, m in zip(out["points"], out["max_points"])
    ]
    codes = list(dict.fromkeys(level_nodes["code"]))
    out["code_order"] = out["code"].map({c: i for i, c in enumerate(codes)})
    return out.sort_values(["rank_order", "code_order"], ignore_index=True).drop(
        columns=["rank_order", "code_order"]
    )


def weakest_frame(level: pd.DataFrame, low: float = LOW_SHARE, n: int = 5) -> pd.DataFrame:
    """Per indicator: mean share of maximum over the agencies with data, the lowest share and
    how many agencies score under ``low``; the ``n`` weakest by mean share. Columns: code,
    indicator, mean_share, min_share, n_agencies, n_low."""
    grouped = level.dropna(subset=["share"]).groupby(["code", "indicator"], sort=False)["share"]
    out = grouped.agg(
        mean_share="mean", min_share="min", n_agencies="count", n_low=lambda s: int((s < low).sum())
    ).reset_index()
    return out.sort_values(["mean_share", "code"], ignore_index=True).head(n)


def build_breakdown(reader: Reader, rnd: RoundRef, lang: str, level: int) -> Breakdown | None:
    """The breakdown at ``level`` (1–3); None when the round has no evaluated agency."""
    t = texts(lang)
    result = reader.round_result(rnd.round_id)
    if result.summary.empty:
        return None
    names = load_names(reader, rnd.round_id, lang)
    shares = level_frame(result, level, names)
    titles = _titles(t)
    present = shares.dropna(subset=["share"])
    weakest_cell = present.loc[present["share"].idxmin()] if not present.empty else shares.iloc[0]
    weak = weakest_frame(shares)
    weakest = Table(
        pd.DataFrame(
            {
                "indicator": weak["code"] + " " + weak["indicator"],
                "mean_share": weak["mean_share"] * 100,
                "min_share": weak["min_share"] * 100,
                "low": [f"{n} / {k}" for n, k in zip(weak["n_low"], weak["n_agencies"])],
            }
        ),
        (
            Column("indicator", t("ind_t_indicator")),
            Column("mean_share", t("ind_t_mean"), "percent"),
            Column("min_share", t("ind_t_min"), "percent"),
            Column("low", t("ind_t_low")),
        ),
    )
    typed = _individual(result, names)
    types = {str(k): names.agency_type(k) for k in sorted(typed["agency_type"].unique())}
    n_columns = shares["code"].nunique()
    headed = shares.assign(
        column=[
            column_label(c, n, n_columns, lang)
            for c, n in zip(shares["code"], shares["indicator"], strict=True)
        ]
    )
    return Breakdown(
        level=level,
        shares=shares,
        heatmap=Chart(heatmap, (headed, titles, level < 3, "cell")),
        agencies=dict(zip(shares["agency_id"].astype(int), shares["name"])),
        indicators=dict(zip(shares["code"], shares["code"] + " " + shares["indicator"])),
        weakest_cell=(int(weakest_cell["agency_id"]), str(weakest_cell["code"])),
        weakest=weakest,
        weakest_caption=t("ind_weakest_caption"),
        spread=Chart(spread_box, (present, titles)),
        types=types,
        legend=legend_table(shares, lang),
        agency_title=t("ind_t_agency"),
    )


def cell_detail(
    reader: Reader, rnd: RoundRef, lang: str, agency_id: int, code: str, today: dt.date
) -> CellDetail | None:
    """The inputs behind ``code`` for ``agency_id``; None when the agency is not in view."""
    result = reader.round_result(rnd.round_id)
    if agency_id not in set(result.summary["agency_id"].astype(int)):
        return None
    names = load_names(reader, rnd.round_id, lang)
    ex = explain(result, agency_id)
    findings = reader(agency_findings, rnd.round_id, agency_id, today)
    descriptions = {int(i): str(d) for i, d in zip(findings["finding_id"], findings["description"])}
    return CellDetail(
        names.agency(agency_id, ex.name),
        node_detail(ex, code, result.config, names, lang, descriptions),
    )


def _individual(result: RoundResult, names: Names) -> pd.DataFrame:
    """The present individual-indicator scores with their agency's name and type."""
    agencies = result.summary[["agency_id", "name", "agency_type"]]
    out = result.individual.merge(agencies.rename(columns={"name": "agency"}), on="agency_id")
    out = out[out["present"].astype(bool)]
    return out.assign(
        agency=[names.agency(a, n) for a, n in zip(out["agency_id"], out["agency"])],
        name=[names.indicator(c, n) for c, n in zip(out["code"], out["name"])],
    )


def individual_of_type(
    reader: Reader, rnd: RoundRef, lang: str, agency_type: str
) -> IndividualByType:
    """Individual indicator scores (0–100) of the agencies of ``agency_type``."""
    t = texts(lang)
    result = reader.round_result(rnd.round_id)
    typed = _individual(result, load_names(reader, rnd.round_id, lang))
    of_type = typed[typed["agency_type"] == agency_type]
    chart = Chart(
        individual_bars,
        (
            pd.DataFrame(
                {
                    "indicator": of_type["code"] + " " + of_type["name"],
                    "agency_label": of_type["agency"],
                    "score": of_type["score"],
                }
            ),
            _titles(t),
        ),
    )
    table = Table(
        of_type[["code", "name", "weight", "agency", "score", "self_score"]].reset_index(drop=True),
        (
            Column("code", t("ind_t_code")),
            Column("name", t("ind_t_indicator")),
            Column("weight", t("ind_t_weight"), "number"),
            Column("agency", t("ind_t_agency")),
            Column("score", t("ind_t_score"), "number"),
            Column("self_score", t("ind_t_self"), "number"),
        ),
    )
    return IndividualByType(chart, table)
