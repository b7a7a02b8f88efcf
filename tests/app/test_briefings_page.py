"""汇报材料 through AppTest: office staff choose the agency types of the peer-comparison slides
in the editor (the round's types, labelled in the chosen language), and the saved briefing
keeps them."""

from __future__ import annotations

from sqlalchemy import Engine

from data_access.briefings import list_briefings
from data_access.scope import SYSTEM
from tests.app.helpers import errors, new_app, sign_in
from tests.app.test_overview import open_page
from views.briefing import BriefingConfig, SlideKind

PAGE = "pages/briefings.py"


def test_staff_choose_peer_types(demo_db: Engine) -> None:
    at = open_page(sign_in(new_app(), "staff", "demo-staff"), PAGE, round_id=None)
    assert not errors(at)
    types = next(m for m in at.multiselect if m.label == "横向对比的单位类型（按汇报顺序）")
    assert "科技" in types.options and len(types.options) == 22
    slides = next(m for m in at.multiselect if m.label == "幻灯片（按汇报顺序）")
    slides.set_value(["headline", "peers"])
    types.set_value(["科技", "网信"])
    submit = next(b for b in at.button if b.label in ("创建", "保存"))
    submit.click()
    at.run()
    assert not errors(at)
    saved = list_briefings(demo_db, SYSTEM, *_round(at))
    config = BriefingConfig.from_json(saved.iloc[-1]["config"])
    assert config.slides == (SlideKind.HEADLINE, SlideKind.PEERS)
    assert config.peer_types == ("科技", "网信")
    # in English the same options, labelled in English
    at = open_page(at, PAGE, lang="en")
    types = next(m for m in at.multiselect if m.label.startswith("Agency types for the peer"))
    assert types.value == ["科技", "网信"]
    assert types.format_func("科技") == "Science & technology"


def _round(at: object) -> tuple[int]:
    return (int(at.session_state["round_id"]),)  # type: ignore[attr-defined]
