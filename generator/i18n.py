"""The participant-facing UI strings, German and English, in one table.

Used by the server-side render (generator.render), handed to the browser script through the page
(the `data-kb-ui` attribute of each Kursbau element), and available to handouts. `{name}` marks a
placeholder; keys ending in `1` are the singular of the key ending in `N`.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class Words(dict[str, T]):
    """A table of words by language: `table[lang]`. Every table of Kursbau (the site's strings
    here, the handouts', the pages', the authoring hints', the named scales' labels) is one, so
    that a language a table lacks gets English everywhere, not a KeyError in one of them."""

    def __missing__(self, lang: str) -> T:
        return self["en"]


STRINGS: dict[str, dict[str, str]] = {
    "de": {
        "dec": ",",  # decimal separator for display
        "pct": "{p}\u00a0%",
        "submit": "Auswerten",
        "reset": "Zurücksetzen",
        "print": "Ergebnis drucken",
        "printPlan": "Mit meinen Antworten drucken",
        "check": "Antwort prüfen",
        "multi": "Mehrere Antworten möglich",
        "pts1": "1 Punkt",
        "ptsN": "{n} Punkte",
        "nojs": "Die Auswertung braucht JavaScript. Lesen und ausdrucken geht auch ohne.",
        "resultTitle": "Dein Ergebnis",
        "score": "{s} von {m} Punkten",
        "passed": "Bestanden",
        "failed": "Noch nicht bestanden",
        "needed": "nötig: {v}",
        "open1": "Noch 1 Aussage offen – beantworte alle, dann siehst du dein Ergebnis.",
        "openN": "Noch {n} Aussagen offen – beantworte alle, dann siehst du dein Ergebnis.",
        "unanswered": "Noch nicht beantwortet",
        "right": "Richtig",
        "wrong": "Nicht richtig",
        "partly": "Teilweise richtig",
        "optRight": "richtig",
        "optWrong": "falsch",
        "none": "keine",
        "review": "Schau dir diese Fragen noch einmal an:",
        "todo": "Deine nächsten Schritte",
        "areas": "Deine Bereiche",
        "strong": "Am stärksten: {a}.",
        "weak": "Am meisten Luft nach oben: {a}.",
        "even": "Alle Bereiche liegen gleichauf.",
        "and": " und ",
        "savedHere": "Deine Antworten werden nur in diesem Browser auf diesem Gerät gespeichert.",
        "planSaved": "Dein Text wird nur in diesem Browser auf diesem Gerät gespeichert.",
        "noStore": "Dieser Browser lässt hier kein Speichern zu. Die Auswertung funktioniert, "
        "aber deine Antworten sind nach dem Schließen der Seite weg.",
        "corrupt": "Die gespeicherten Antworten waren beschädigt und wurden verworfen.",
        "changed": "Dieser Selbstcheck wurde überarbeitet. Deine früheren Antworten passen nicht "
        "mehr und wurden entfernt; deine eigenen Texte sind erhalten.",
        "cleared": "Deine Antworten in diesem Selbstcheck wurden gelöscht.",
        "colCheck": "Selbstcheck",
        "colType": "Art",
        "colState": "Stand",
        "notStarted": "Nicht begonnen",
        "inProgress": "In Bearbeitung",
        "stale": "Überarbeitet – bitte neu beantworten",
        "done": "Erledigt",
        "clearAll": "Alle Antworten auf diesem Gerät löschen",
        "confirmAll": "Wirklich alle gespeicherten Antworten dieses Kurses auf diesem Gerät löschen?",
        "clearedAll": "Alle Antworten dieses Kurses wurden auf diesem Gerät gelöscht.",
        "incomplete1": "Noch 1 Frage ist offen. Beantworte sie oder werte trotzdem aus.",
        "incompleteN": "Noch {n} Fragen sind offen. Beantworte sie oder werte trotzdem aus.",
        "toOpen": "Zur ersten offenen Frage",
        "explanation": "Erklärung",
        "saved": "✓ Auf diesem Gerät gespeichert",
        "statementsOpen1": "Noch 1 Aussage ist offen. Dein Ergebnis erscheint, sobald alle bewertet sind.",
        "statementsOpenN": "Noch {n} Aussagen sind offen. Dein Ergebnis erscheint, sobald alle bewertet"
        " sind.",
        "toOpenStatement": "Zur ersten offenen Aussage",
        "markOpen": "Offene markieren",
        "submitAnyway": "Trotzdem auswerten",
        "retry": "Neuer Versuch",
        "undo": "Rückgängig",
        "restored": "Deine Antworten sind wieder da.",
        "optMissed": "richtig, nicht gewählt",
        "evenZero": "In keinem Bereich gibt es bisher Punkte.",
        "questionN": "Frage {n}",
        "progress": "{n} von {m} beantwortet",
        "printedOn": "Gedruckt am {d}",
        "nextStep": "Weiter:",
        "colScore": "Ergebnis",
        "items1": "1 Aussage",
        "itemsN": "{n} Aussagen",
        "questions1": "1 Frage",
        "questionsN": "{n} Fragen",
        "minutes1": "etwa 1 Minute",
        "minutesN": "etwa {n} Minuten",
        "checklist": "Checkliste",
        "self-assessment": "Selbsteinschätzung",
        "quiz": "Quiz",
        "plan": "Aktionsplan",
        # the take-away on the overview (assets/takeaway.js)
        "export": "Ergebnisse speichern",
        "exportName": "ergebnisse",
        "import": "Ergebnisse aus einer Datei laden",
        "printMine": "Meine Ergebnisse drucken",
        "mineTitle": "Meine Ergebnisse",
        "takeawayHint": "Speichere deine Antworten als Datei, um sie auf ein anderes Gerät "
        "mitzunehmen. Die Datei verlässt dein Gerät nur, wenn du sie weitergibst.",
        "imported1": "1 Selbstcheck aus der Datei übernommen.",
        "importedN": "{n} Selbstchecks aus der Datei übernommen.",
        "importStale": "Seitdem überarbeitet, daher nur deine Texte übernommen: {a}.",
        "importGone": "Nicht mehr in diesem Kurs, nicht übernommen: {n}.",
        "importEmpty": "Die Datei enthält keine Antworten zu diesem Kurs. Es wurde nichts geändert.",
        "importOther": "Diese Datei gehört zu einem anderen Kurs („{c}“). Es wurde nichts geändert.",
        "importBad": "Diese Datei lässt sich nicht übernehmen ({m}). Es wurde nichts geändert.",
        "importReplace": "Zu {n} dieser Selbstchecks gibt es auf diesem Gerät schon Antworten. "
        "Durch die aus der Datei ersetzen?",
        "importKept": "Es wurde nichts geändert.",
        "importFailed": "Speichern hat nicht geklappt (ist der Speicher voll?). "
        "Es wurde nichts geändert.",
        "fileNotResults": "keine Ergebnisdatei von Kursbau",
        "fileTooBig": "größer als {n} MB",
        "fileBadAt": "unerwarteter Inhalt bei „{w}“",
        "yourTexts": "Deine Notizen",
    },
    "en": {
        "dec": ".",
        "pct": "{p}%",
        "submit": "Show my result",
        "reset": "Reset",
        "print": "Print result",
        "printPlan": "Print with my answers",
        "check": "Check answer",
        "multi": "Select all that apply",
        "pts1": "1 point",
        "ptsN": "{n} points",
        "nojs": "Scoring needs JavaScript. You can still read and print this page.",
        "resultTitle": "Your result",
        "score": "{s} of {m} points",
        "passed": "Passed",
        "failed": "Not passed yet",
        "needed": "needed: {v}",
        "open1": "1 statement left – answer all of them to see your result.",
        "openN": "{n} statements left – answer all of them to see your result.",
        "unanswered": "Not answered yet",
        "right": "Correct",
        "wrong": "Not correct",
        "partly": "Partly correct",
        "optRight": "correct",
        "optWrong": "wrong",
        "none": "none",
        "review": "Have another look at",
        "todo": "Your next steps",
        "areas": "Your areas",
        "strong": "Strongest: {a}.",
        "weak": "Most room to grow: {a}.",
        "even": "All areas are level.",
        "and": " and ",
        "savedHere": "Your answers are saved only in this browser on this device.",
        "planSaved": "Your text is saved only in this browser on this device.",
        "noStore": "This browser does not allow saving here. Scoring works, "
        "but your answers are gone once you close the page.",
        "corrupt": "The saved answers were damaged and have been discarded.",
        "changed": "This check has been revised. Your earlier answers no longer fit and were "
        "removed; your own texts were kept.",
        "cleared": "Your answers in this check have been deleted.",
        "colCheck": "Check",
        "colType": "Type",
        "colState": "Progress",
        "notStarted": "Not started",
        "inProgress": "In progress",
        "stale": "Revised – please answer again",
        "done": "Done",
        "clearAll": "Delete all answers on this device",
        "confirmAll": "Really delete all saved answers of this course on this device?",
        "clearedAll": "All answers of this course have been deleted on this device.",
        "incomplete1": "1 question is still open. Answer it or show your result anyway.",
        "incompleteN": "{n} questions are still open. Answer them or show your result anyway.",
        "toOpen": "Go to the first open question",
        "explanation": "Explanation",
        "saved": "✓ Saved on this device",
        "statementsOpen1": "1 statement is still open. Your result shows once all are rated.",
        "statementsOpenN": "{n} statements are still open. Your result shows once all are rated.",
        "toOpenStatement": "Go to the first open statement",
        "markOpen": "Mark the open ones",
        "submitAnyway": "Show my result anyway",
        "retry": "Try again",
        "undo": "Undo",
        "restored": "Your answers are back.",
        "optMissed": "correct, not chosen",
        "evenZero": "No area has points yet.",
        "questionN": "question {n}",
        "progress": "{n} of {m} answered",
        "printedOn": "Printed on {d}",
        "nextStep": "Next:",
        "colScore": "Result",
        "items1": "1 statement",
        "itemsN": "{n} statements",
        "questions1": "1 question",
        "questionsN": "{n} questions",
        "minutes1": "about 1 minute",
        "minutesN": "about {n} minutes",
        "checklist": "Checklist",
        "self-assessment": "Self-assessment",
        "quiz": "Quiz",
        "plan": "Action plan",
        "export": "Save my results",
        "exportName": "results",
        "import": "Load results from a file",
        "printMine": "Print my results",
        "mineTitle": "My results",
        "takeawayHint": "Save your answers as a file to take them to another device. The file "
        "leaves your device only if you pass it on.",
        "imported1": "1 check taken over from the file.",
        "importedN": "{n} checks taken over from the file.",
        "importStale": "Revised since, so only your texts were taken over: {a}.",
        "importGone": "No longer in this course, not taken over: {n}.",
        "importEmpty": "The file holds no answers for this course. Nothing was changed.",
        "importOther": "This file belongs to another course (“{c}”). Nothing was changed.",
        "importBad": "This file cannot be taken over ({m}). Nothing was changed.",
        "importReplace": "This device already has answers to {n} of these checks. "
        "Replace them with those from the file?",
        "importKept": "Nothing was changed.",
        "importFailed": "Saving did not work (is the storage full?). Nothing was changed.",
        "fileNotResults": "not a Kursbau results file",
        "fileTooBig": "larger than {n} MB",
        "fileBadAt": "unexpected content at “{w}”",
        "yourTexts": "Your notes",
    },
}
STRINGS = Words(STRINGS)

LANGUAGES = tuple(STRINGS)


def strings(lang: str) -> dict[str, str]:
    """All strings of a language; an unknown language gets English."""
    return STRINGS[lang]


def fill(text: str, **values: object) -> str:
    """`text` with its `{placeholders}` filled in."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def t(key: str, lang: str = "de", **values: object) -> str:
    """One string with its `{placeholders}` filled in."""
    return fill(strings(lang)[key], **values)


def number(value: str, lang: str = "de") -> str:
    """A decimal string ("2.5") as shown in the language ("2,5")."""
    return str(value).replace(".", strings(lang)["dec"])


def points(value: str, lang: str = "de") -> str:
    """ "1 Punkt", "2,5 Punkte"."""
    return t("pts1", lang) if str(value) == "1" else t("ptsN", lang, n=number(value, lang))
