"""The room's words, German and English (the projector view and the share button follow the
site's language; other languages get English)."""

from __future__ import annotations

from ..i18n import Words

STRINGS: Words[dict[str, str]] = Words(
    {
        "de": {
            "pageTitle": "Gruppenbild",
            "join": "Mitmachen: Seite öffnen, Selbstcheck ausfüllen, „Anonym mit der Gruppe teilen“",
            "qrAlt": "QR-Code zur Kursseite: {url}",
            "all": "Alle Selbstchecks",
            "choose": "Selbstcheck",
            "connecting": "Verbinde mit dem Raum …",
            "offline": "Keine Verbindung zum Raum – neuer Versuch läuft …",
            "noRoom": "keine Verbindung zum Raum. Bist du noch im WLAN des Seminars?",
            "noToken": "Diese Ansicht braucht den Trainer-Zugang: Öffne die Adresse mit Token, "
            "die „kursbau room“ im Terminal zeigt.",
            "shared0": "Noch niemand hat geteilt.",
            "shared1": "1 Person hat geteilt.",
            "sharedN": "{n} Personen haben geteilt.",
            "few": "Das Gruppenbild erscheint ab {k} geteilten Ergebnissen.",
            "mean": "Im Mittel {p} %",
            "bands": "Ergebnisse",
            "people": "{n} Pers.",
            "passed": "{n} von {m} bestanden",
            "areas": "Bereiche (Mittelwert)",
            "unticked": "Am seltensten abgehakt",
            "missed": "Am häufigsten verfehlt",
            "lowest": "Am niedrigsten eingeschätzt",
            "ofN": "{n} von {m}",
            "pct": "{p} %",
            "reset": "Alles zurücksetzen",
            "confirmReset": "Alle geteilten Ergebnisse in diesem Raum löschen?",
            "resetDone": "Der Raum ist zurückgesetzt.",
            "csv": "Als CSV speichern",
            "csvName": "gruppenbild.csv",
            "updated": "Stand: {t}",
            # the share button on the participants' pages
            "share": "Anonym mit der Gruppe teilen",
            "shareAgain": "Neues Ergebnis teilen",
            "shared": "Geteilt. Nur die Punkte gehen an den Raum, keine Texte, nichts über dich.",
            "shareFailed": "Teilen hat nicht geklappt: {m}",
            "shareStale": "diese Seite ist nicht mehr aktuell. Lade sie neu und teile dann.",
            "shareBusy": "zu viele Versuche. Warte einen Moment und teile dann noch einmal.",
            "shareRefused": "der Raum hat das Ergebnis nicht angenommen ({m}).",
        },
        "en": {
            "pageTitle": "Group picture",
            "join": "Join: open the page, take a self-check, press “Share anonymously with the group”",
            "qrAlt": "QR code of the course site: {url}",
            "all": "All self-checks",
            "choose": "Self-check",
            "connecting": "Connecting to the room …",
            "offline": "No connection to the room – trying again …",
            "noRoom": "no connection to the room. Are you still on the workshop's Wi-Fi?",
            "noToken": "This view needs the trainer access: open the address with the token that "
            "“kursbau room” shows in the terminal.",
            "shared0": "Nobody has shared yet.",
            "shared1": "1 person has shared.",
            "sharedN": "{n} people have shared.",
            "few": "The group picture appears from {k} shared results on.",
            "mean": "Mean {p} %",
            "bands": "Results",
            "people": "{n} pers.",
            "passed": "{n} of {m} passed",
            "areas": "Areas (mean)",
            "unticked": "Least often ticked",
            "missed": "Most often missed",
            "lowest": "Rated lowest",
            "ofN": "{n} of {m}",
            "pct": "{p} %",
            "reset": "Reset everything",
            "confirmReset": "Delete every shared result in this room?",
            "resetDone": "The room has been reset.",
            "csv": "Save as CSV",
            "csvName": "group-picture.csv",
            "updated": "As of {t}",
            "share": "Share anonymously with the group",
            "shareAgain": "Share the new result",
            "shared": "Shared. Only the points go to the room: no texts, nothing about you.",
            "shareFailed": "Sharing did not work: {m}",
            "shareStale": "this page is out of date. Reload it, then share.",
            "shareBusy": "too many tries. Wait a moment, then share again.",
            "shareRefused": "the room did not take the result ({m}).",
        },
    }
)


def room_strings(lang: str) -> dict[str, str]:
    return STRINGS[lang]
