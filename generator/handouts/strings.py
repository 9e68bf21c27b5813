"""Words printed in the handouts and on the download links, German and English.

The participant-facing words of the site live in `generator.i18n`; these are the ones only paper
needs (worksheet lines, the scoring guide, edition names, file names).
"""

from __future__ import annotations

from ..i18n import Words, fill

HANDOUT_STRINGS: Words[dict[str, str]] = Words(
    {
        "de": {
            "participant": "Arbeitsheft",
            "participantLong": "Arbeitsheft für Teilnehmende",
            "trainer": "Trainerausgabe",
            "trainerLong": "Trainerausgabe mit Lösungen und Hinweisen",
            "trainerOnly": "Nur für Trainerinnen und Trainer – nicht an Teilnehmende weitergeben.",
            "worksheet": "Arbeitsblatt",
            "contents": "Inhalt",
            "trainerPart": "Für Trainerinnen und Trainer",
            "moreChecks": "Selbstchecks",
            "page": "Seite",
            "pageOf": "Seite {n} von {m}",
            "name": "Name",
            "date": "Datum",
            "nameOnCover": "Dieses Heft gehört",
            "by": "von",
            "online": "Online ausfüllen",
            "seeWorksheet": "Arbeitsblatt „{t}“ auf Seite",
            "guide": "Zähle deine Punkte",
            "guideChecklist": "Jedes angekreuzte Kästchen zählt so viele Punkte, wie in der Tabelle"
            " steht. Nicht angekreuzt zählt 0.",
            "guideScale": "Suche für jede Aussage die Spalte, in der dein Kreuz steht, und zähle die"
            " Punkte zusammen.",
            "guideQuiz": "Für jede richtig beantwortete Frage bekommst du die Punkte aus der Tabelle.",
            "guideQuizKey": "Die Lösungen besprichst du mit deiner Trainerin oder deinem Trainer – oder"
            " du überträgst deine Antworten online.",
            "partialRule": "Teilpunkte: je richtiges Kreuz +{r}, je falsches −{r}, mindestens 0",
            "allRule": "nur wenn genau alle richtigen Antworten angekreuzt sind",
            "question": "Frage",
            "statement": "Aussage",
            "item": "Aussage",
            "points": "Punkte",
            "yourPoints": "Deine Punkte",
            "ofPoints": "von {m}",
            "total": "Summe",
            "area": "Bereich",
            "areas": "Teilwerte",
            "areaSum": "{a}: Aussagen {q}",
            "result": "Ergebnis",
            "meaning": "Bedeutung",
            "from": "ab {v}",
            "percentOf": "ab {p}",
            "passAt": "Bestanden ab {v} Punkten ({p}).",
            "passAtPoints": "Bestanden ab {v} Punkten.",
            "unreachable": "–",
            "key": "Lösung",
            "keyTitle": "Lösungen",
            "correct": "richtig",
            "explanation": "Erklärung",
            "feedback": "Rückmeldung",
            "tip": "Tipp",
            "notes": "Trainerhinweis",
            "reverse": "umgekehrt gezählt",
            "reflectionNote": "Freitext, ohne Punkte.",
            "actionPlan": "Aktionsplan",
            "planNote": "Hier gibt es keine Punkte. Schreib so konkret wie möglich.",
            "multi": "Mehrere Antworten möglich",
            "linkWorkbook": "Arbeitsheft (PDF)",
            "linkWorksheet": "Arbeitsblatt (PDF)",
            "linksLabel": "Zum Ausdrucken",
            "fileParticipant": "teilnehmer.pdf",
            "fileTrainer": "trainer.pdf",
            "sheet": "Einzelblatt zum Kopieren: {p}",
            "tipsTitle": "Deine nächsten Schritte",
            "tipsChecklist": "Lies die Anregung zu jeder Aussage, die du nicht angekreuzt hast.",
            "tipsScale": "Lies die Anregung zu jeder Aussage, die höchstens so viele Punkte bekommt wie"
            " angegeben.",
            "atMost": "bis {v}",
            "notesTitle": "Notizen",
            "concordanceTitle": "Seitenverweise: Arbeitsheft und Trainerausgabe",
            "concordanceIntro": "Die Teilnehmenden haben das Arbeitsheft vor sich. Nenne ihnen die"
            " Seiten aus der mittleren Spalte; in dieser Ausgabe steht dieselbe Stelle auf der Seite"
            " rechts.",
            "concordancePart": "Stelle",
            "inParticipant": "Arbeitsheft",
            "inTrainer": "Trainerausgabe",
        },
        "en": {
            "participant": "Workbook",
            "participantLong": "Participant workbook",
            "trainer": "Trainer edition",
            "trainerLong": "Trainer edition with answers and notes",
            "trainerOnly": "For trainers only – do not hand out to participants.",
            "worksheet": "Worksheet",
            "contents": "Contents",
            "trainerPart": "For trainers",
            "moreChecks": "Self-checks",
            "page": "Page",
            "pageOf": "Page {n} of {m}",
            "name": "Name",
            "date": "Date",
            "nameOnCover": "This workbook belongs to",
            "by": "by",
            "online": "Fill in online",
            "seeWorksheet": "Worksheet “{t}” on page",
            "guide": "Count your points",
            "guideChecklist": "Each ticked box counts the points shown in the table. An empty box"
            " counts 0.",
            "guideScale": "For each statement, find the column of your cross and add up the points.",
            "guideQuiz": "Each correctly answered question earns the points in the table.",
            "guideQuizKey": "Go through the answers with your trainer – or enter your answers online.",
            "partialRule": "partial credit: +{r} per correct tick, −{r} per wrong tick, at least 0",
            "allRule": "only when exactly all correct answers are ticked",
            "question": "Question",
            "statement": "Statement",
            "item": "Statement",
            "points": "Points",
            "yourPoints": "Your points",
            "ofPoints": "of {m}",
            "total": "Total",
            "area": "Area",
            "areas": "Areas",
            "areaSum": "{a}: statements {q}",
            "result": "Result",
            "meaning": "Meaning",
            "from": "from {v}",
            "percentOf": "from {p}",
            "passAt": "Passed from {v} points ({p}).",
            "passAtPoints": "Passed from {v} points.",
            "unreachable": "–",
            "key": "Answer",
            "keyTitle": "Answer key",
            "correct": "correct",
            "explanation": "Explanation",
            "feedback": "Feedback",
            "tip": "Tip",
            "notes": "Trainer note",
            "reverse": "counted in reverse",
            "reflectionNote": "Free text, no points.",
            "actionPlan": "Action plan",
            "planNote": "No points here. Write as concretely as you can.",
            "multi": "Select all that apply",
            "linkWorkbook": "Workbook (PDF)",
            "linkWorksheet": "Worksheet (PDF)",
            "linksLabel": "For printing",
            "fileParticipant": "participant.pdf",
            "fileTrainer": "trainer.pdf",
            "sheet": "Single sheet for copying: {p}",
            "tipsTitle": "Your next steps",
            "tipsChecklist": "Read the suggestion for each statement you did not tick.",
            "tipsScale": "Read the suggestion for each statement that earns at most the points shown.",
            "atMost": "up to {v}",
            "notesTitle": "Notes",
            "concordanceTitle": "Page references: workbook and trainer edition",
            "concordanceIntro": "Participants have the workbook in front of them. Give them the pages"
            " of the middle column; in this edition the same place is on the page on the right.",
            "concordancePart": "Place",
            "inParticipant": "Workbook",
            "inTrainer": "Trainer edition",
        },
    }
)


def handout_strings(lang: str) -> dict[str, str]:
    """All handout words of a language; an unknown language gets English."""
    return HANDOUT_STRINGS[lang]


def ht(key: str, lang: str = "de", **values: object) -> str:
    """One handout string with its `{placeholders}` filled in."""
    return fill(handout_strings(lang)[key], **values)
