"""The bidan's pages in Indonesian carry no English and no codes: a danger sign is read by its name."""
import json
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

from .review_helpers import Session, build_world

CATALOGS = Path(__file__).resolve().parents[2] / "posyandu_app" / "static" / "i18n"


def english_only() -> set[str]:
    """Every catalog text whose English differs from its Indonesian: seeing one on an Indonesian page is a leak."""
    words = set()
    for path in CATALOGS.glob("*.en.json"):
        english = json.loads(path.read_text(encoding="utf-8"))
        indonesian = json.loads(path.with_name(path.name.replace(".en.", ".id.")).read_text(encoding="utf-8"))
        words |= {text for key, text in english.items() if indonesian.get(key) != text and len(text) > 1}
    return words


class VisibleText(HTMLParser):
    """The text nodes a reader sees (no script, style or <title>), each stripped, plus every list item's parts."""

    def __init__(self):
        super().__init__()
        self.skip, self.texts = 0, []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style", "title") and self.skip > 0

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(data.strip())


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    texts = []
    for text in parser.texts:  # "a, b" lists and "x · y" lines: each part is a text of its own
        texts += [text, *(part.strip() for sep in (",", "·") for part in text.split(sep) if sep in text)]
    return texts


def test_danger_signs_and_every_label_are_indonesian_on_the_queue_and_the_visit_page(client, make):
    world = build_world(make)
    mother = make.person(world.posyandu, name="Ratna Sari", sex="F", birth_date=date.today() - timedelta(days=9000))
    episode = make.pregnancy_episode(mother)
    visit = make.pregnancy_visit(episode, danger_signs=["bleeding", "high_fever"], danger=True, flagged=True,
                                 systolic=120, diastolic=80)
    session = Session(client, world.bidan)
    leaks = english_only()
    for url in ("/review", f"/review/pregnancy_visit/{visit.id}", "/high-risk", f"/people/{mother.id}"):
        response = session.get(url)
        assert response.status_code == 200, url
        texts = visible_texts(response.get_data(as_text=True))
        assert not [text for text in texts if text in leaks or text in ("bleeding", "high_fever")], url
    queue = visible_texts(session.get("/review").get_data(as_text=True))
    assert "Perdarahan dari jalan lahir" in queue
