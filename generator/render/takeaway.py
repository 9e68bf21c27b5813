"""What the overview needs of each check for the take-away (FORMAT 1.1, "Leaving the browser"):
"Meine Ergebnisse" prints every check's result with its to-dos and the participant's own texts,
so the overview carries, per check, the tips and when they apply, and the questions of the
reflections. Plain text only: the overview script sets it with textContent.
"""

from __future__ import annotations

from fractions import Fraction
from html.parser import HTMLParser


def takeaway_data(data: dict) -> dict:
    """{"todos": [...], "texts": [...]} of one check's data.

    A to-do is a tip with the answers it shows for, as the result view decides it: a checklist
    item's tip when it is not ticked (`"unticked": true`), a statement's tip for the scale steps
    that earn less than half of its points (`"steps": [indices]`).
    """
    todos, texts = [], []
    for q in data["questions"]:
        if q["kind"] == "reflection":
            texts.append({"q": q["id"], "text": plain(q["text"])})
        elif q.get("tip") and q["kind"] == "check":
            todos.append({"q": q["id"], "tip": plain(q["tip"]), "unticked": True})
        elif q.get("tip") and q["kind"] == "scale":
            most = Fraction(q["max"])
            low = [i for i, s in enumerate(q["steps"]) if 2 * Fraction(s["value"]) < most]
            todos.append({"q": q["id"], "tip": plain(q["tip"]), "steps": low})
    return {"todos": todos, "texts": texts}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain(html: str) -> str:
    """The text of an HTML fragment, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())
