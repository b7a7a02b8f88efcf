"""汇报材料 Briefing as a view model: a briefing's configuration (``BriefingConfig``: the
ordered slide kinds, the chosen agencies and the agency types of the peer comparison) and its
slide **payload** — plain JSON (dicts, lists, strings, numbers) built only from the existing
view models (overview, ranking, profile, indicator breakdown, rectification tracker, peer
comparison, methodology). Nothing here scores.

The payload is what a snapshot stores and what both the presenter (ui.briefing) and the PDF
(reports.briefing_pdf) draw, so a snapshot re-renders exactly as presented. Every figure on a
slide has a stable ``key``; ``figures`` lists them and ``changed_since`` compares a snapshot
with a fresh payload. Slide builders: ``views.briefing_slides``.

Payload::

    {"version": 1, "lang", "name", "round": {"id", "year", "title", "status"},
     "as_of": "YYYY-MM-DD HH:MM", "office", "config": BriefingConfig.as_json(),
     "slides": [{"key", "group", "kind", "title", "subtitle", "blocks": [block, ...]}, ...]}

A paged slide (ranking, heatmap: 12 agencies a slide) names its ``group``; a block with
``figures`` false repeats numbers shown elsewhere on its slide and adds no figure.

Blocks (``type``): ``kpis`` (items: key, label, text, value, delta, caption); ``bars`` (title,
max, signed, items: key, label, value, text, colour; rules); ``table`` (title, columns: key,
label, kind; rows: key, cells; more); ``heatmap`` (columns: code, label; rows: key, label,
cells: value, text); ``text`` (paragraphs; ``summary`` true for an agency's written summary).
A block with ``appendix`` true is drawn in the PDF only (the methodology's full tree).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from data_access.reader import Reader
from data_access.scope import RoundRef
from domain.catalog import translate
from domain.fmt import fmt_signed
from scoring import RoundResult
from views import briefing_slides as slides

__all__ = [
    "PAYLOAD_VERSION",
    "SlideKind",
    "STANDARD",
    "BriefingConfig",
    "ConfigError",
    "Figure",
    "Change",
    "build_payload",
    "default_config",
    "figures",
    "changed_since",
    "slide_label",
    "as_of_text",
    "peer_type_options",
]

PAYLOAD_VERSION = 1


class SlideKind(StrEnum):
    """The slides a briefing is made of (labels: ``slide_label``)."""

    HEADLINE = "headline"
    RANKING = "ranking"
    GRADES = "grades"
    ATTENTION = "attention"
    AGENCY = "agency"
    HEATMAP = "heatmap"
    SURVEYS = "surveys"
    RECTIFICATIONS = "rectifications"
    METHODOLOGY = "methodology"
    PEERS = "peers"


#: The standard briefing, in the order it is presented.
STANDARD: tuple[SlideKind, ...] = (
    SlideKind.HEADLINE,
    SlideKind.RANKING,
    SlideKind.GRADES,
    SlideKind.ATTENTION,
    SlideKind.AGENCY,
    SlideKind.HEATMAP,
    SlideKind.RECTIFICATIONS,
    SlideKind.METHODOLOGY,
)
_LABELS = {
    SlideKind.HEADLINE: "br_kind_headline",
    SlideKind.RANKING: "br_kind_ranking",
    SlideKind.GRADES: "br_kind_grades",
    SlideKind.ATTENTION: "br_kind_attention",
    SlideKind.AGENCY: "br_kind_agency",
    SlideKind.HEATMAP: "br_kind_heatmap",
    SlideKind.SURVEYS: "br_kind_surveys",
    SlideKind.RECTIFICATIONS: "br_kind_rectifications",
    SlideKind.METHODOLOGY: "br_kind_methodology",
    SlideKind.PEERS: "br_kind_peers",
}
MAX_AGENCIES = 60
MAX_PEER_TYPES = 30


def slide_label(kind: str, lang: str) -> str:
    return translate(_LABELS[SlideKind(kind)], lang)


class ConfigError(ValueError):
    """A stored or submitted configuration that is not a briefing's (message localized)."""


@dataclass(frozen=True)
class BriefingConfig:
    """The ordered slide kinds (each at most once), the agencies whose slides the ``agency``
    kind expands to and the agency types whose slides the ``peers`` kind expands to, in the
    order presented."""

    slides: tuple[SlideKind, ...] = STANDARD
    agencies: tuple[int, ...] = ()
    peer_types: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "slides": [k.value for k in self.slides],
            "agencies": list(self.agencies),
            "peer_types": list(self.peer_types),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], lang: str = "zh") -> BriefingConfig:
        """Checked: known kinds, none twice, at least one; agency ids as integers; agency
        types as non-empty strings, none twice (a configuration stored before peer slides
        existed has none)."""
        try:
            kinds = tuple(SlideKind(k) for k in data.get("slides", ()))
            agencies = tuple(int(a) for a in data.get("agencies", ()))
            raw_types = data.get("peer_types") or ()
            if isinstance(raw_types, str) or not all(
                isinstance(k, str) and k.strip() for k in raw_types
            ):
                raise ValueError(raw_types)
            types = tuple(str(k).strip() for k in raw_types)
        except (TypeError, ValueError):
            raise ConfigError(translate("br_err_config", lang)) from None
        if not kinds or len(set(kinds)) != len(kinds) or len(set(agencies)) != len(agencies):
            raise ConfigError(translate("br_err_config", lang))
        if len(set(types)) != len(types):
            raise ConfigError(translate("br_err_config", lang))
        if len(agencies) > MAX_AGENCIES:
            raise ConfigError(translate("br_err_too_many", lang, n=MAX_AGENCIES))
        if len(types) > MAX_PEER_TYPES:
            raise ConfigError(translate("br_err_too_many_types", lang, n=MAX_PEER_TYPES))
        return cls(kinds, agencies, types)


class _Memo(Reader):
    """One payload build reads each round once (the profile of every agency asks again)."""

    def __init__(self, reader: Reader) -> None:
        super().__init__(reader.engine, reader.principal)
        self._inner = reader
        self._results: dict[int, RoundResult] = {}
        self._ranked: dict[int, int] = {}

    def __call__(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return self._inner(fn, *args, **kwargs)

    def round_result(self, round_id: int) -> RoundResult:
        if round_id not in self._results:
            self._results[round_id] = self._inner.round_result(round_id)
        return self._results[round_id]

    def memo(self, rounds: tuple[int, ...], key: tuple[Any, ...], build: Any) -> Any:
        return self._inner.memo(rounds, key, build)

    def ranked_count(self, round_id: int) -> int:
        if round_id not in self._ranked:
            self._ranked[round_id] = self._inner.ranked_count(round_id)
        return self._ranked[round_id]


def default_config(reader: Reader, rnd: RoundRef) -> BriefingConfig:
    """The standard slides, with the round's key oversight targets as the agency slides
    (best ranked first, at most 10)."""
    summary = reader.round_result(rnd.round_id).summary
    targets = summary[summary["key_target"].astype(bool)].sort_values(
        ["composite", "agency_id"], ascending=[False, True], na_position="last"
    )
    return BriefingConfig(STANDARD, tuple(int(a) for a in targets["agency_id"].head(10)))


def peer_type_options(reader: Reader, rnd: RoundRef, lang: str) -> dict[str, str]:
    """The agency types a peer slide can show (type → label): the round's types with peer
    figures, as the peer comparison page lists them (views.peers)."""
    return slides.peer_types(slides.Context(reader, rnd, lang, dt.date.today()))


def as_of_text(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def build_payload(
    reader: Reader,
    rnd: RoundRef,
    lang: str,
    config: BriefingConfig,
    *,
    name: str,
    today: dt.date,
    now: dt.datetime,
) -> dict[str, Any]:
    """The slides of ``config`` for ``rnd`` as ``reader``'s principal sees them (office
    roles: the page and the command line admit no agency user)."""
    memo = _Memo(reader)
    ctx = slides.Context(memo, rnd, lang, today)
    out: list[dict[str, Any]] = []
    for kind in config.slides:
        if kind == SlideKind.HEADLINE:
            out += slides.headline(ctx)
        elif kind == SlideKind.RANKING:
            out += slides.ranking(ctx)
        elif kind == SlideKind.GRADES:
            out += slides.grades(ctx)
        elif kind == SlideKind.ATTENTION:
            out += slides.attention(ctx)
        elif kind == SlideKind.AGENCY:
            for agency_id in config.agencies:
                out += slides.agency(ctx, agency_id)
        elif kind == SlideKind.HEATMAP:
            out += slides.heatmap(ctx)
        elif kind == SlideKind.SURVEYS:
            out += slides.surveys(ctx)
        elif kind == SlideKind.RECTIFICATIONS:
            out += slides.rectifications(ctx)
        elif kind == SlideKind.METHODOLOGY:
            out += slides.methodology(ctx)
        elif kind == SlideKind.PEERS:
            out += slides.peers(ctx, config.peer_types)
    return {
        "version": PAYLOAD_VERSION,
        "lang": lang,
        "name": name,
        "round": {
            "id": rnd.round_id,
            "year": rnd.year,
            "title": rnd.title(lang),
            "status": rnd.status,
        },
        "as_of": as_of_text(now),
        "office": translate("br_office", lang),
        "config": config.as_json(),
        "slides": out,
    }


# -- figures and what changed -----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One number shown on a slide: its stable key, where it is (slide · row · column), the
    text shown and its numeric value (None for a text such as '—')."""

    key: str
    label: str
    text: str
    value: float | None


@dataclass(frozen=True)
class Change:
    """A figure of a snapshot against the fresh figures: before and after as shown, and the
    difference (None when either is not a number; a figure that appeared or disappeared has
    '—' on the missing side)."""

    key: str
    label: str
    before: str
    after: str
    delta: str | None


_NUMBER = re.compile(r"[-+−]?\d[\d,]*(?:\.\d+)?")


def number_of(text: str) -> float | None:
    """The first number in a shown text ('87.3', '5 / 22' → 5, '−1.5' → -1.5, '↑2' → 2)."""
    found = _NUMBER.search(text or "")
    if found is None:
        return None
    return float(found.group(0).replace(",", "").replace("−", "-"))


def _decimals(text: str) -> int:
    found = _NUMBER.search(text or "")
    if found is None or "." not in found.group(0):
        return 0
    return len(found.group(0).split(".", 1)[1])


def _label(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def _block_figures(slide: Mapping[str, Any], block: Mapping[str, Any]) -> Iterator[Figure]:
    # A paged slide's figures are keyed by its group (a row may move to another page).
    title, key = slide["title"], slide.get("group") or slide["key"]
    kind = block["type"]
    if block.get("figures") is False:
        return
    if kind in ("kpis", "bars"):
        for item in block["items"]:
            text = str(item["text"])
            yield Figure(
                f"{key}/{item['key']}", _label(title, item["label"]), text, number_of(text)
            )
    elif kind == "table":
        numeric = [i for i, c in enumerate(block["columns"]) if c["kind"] in slides.NUMERIC]
        for row in block["rows"]:
            head = str(row["cells"][block.get("label_column", 0)])
            for i in numeric:
                text = str(row["cells"][i])
                column = block["columns"][i]
                yield Figure(
                    f"{key}/{row['key']}/{column['key']}",
                    _label(title, head, column["label"]),
                    text,
                    number_of(text),
                )
    elif kind == "heatmap":
        for row in block["rows"]:
            for column, cell in zip(block["columns"], row["cells"], strict=True):
                text = str(cell["text"])
                yield Figure(
                    f"{key}/{row['key']}/{column['code']}",
                    _label(title, row["label"], column["label"]),
                    text,
                    number_of(text),
                )


def figures(payload: Mapping[str, Any]) -> list[Figure]:
    """Every figure of the payload, in slide order (each key once: a figure repeated on the
    PDF's and the presenter's copy of a slide is one figure)."""
    seen: dict[str, Figure] = {}
    for slide in payload["slides"]:
        for block in slide["blocks"]:
            for f in _block_figures(slide, block):
                seen.setdefault(f.key, f)
    return list(seen.values())


def changed_since(snapshot: Mapping[str, Any], fresh: Mapping[str, Any], lang: str) -> list[Change]:
    """The figures that differ between a snapshot and a fresh payload of the same briefing
    (compared as shown: a change too small to show is no change), in the snapshot's order,
    then the figures only the fresh payload has."""
    before = {f.key: f for f in figures(snapshot)}
    after = {f.key: f for f in figures(fresh)}
    dash = "—"
    out: list[Change] = []
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            out.append(Change(key, old.label, old.text, dash, None))
        elif new.text != old.text:
            out.append(Change(key, old.label, old.text, new.text, _delta(old, new)))
    for key, new in after.items():
        if key not in before:
            out.append(Change(key, new.label, dash, new.text, None))
    return out


def _delta(old: Figure, new: Figure) -> str | None:
    if old.value is None or new.value is None:
        return None
    digits = max(_decimals(old.text), _decimals(new.text))
    return fmt_signed(new.value - old.value, digits)


def slide_titles(payload: Mapping[str, Any]) -> Sequence[str]:
    """The table of contents: each slide's title."""
    return [str(s["title"]) for s in payload["slides"]]
