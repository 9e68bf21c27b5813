"""`kursbau room`: the group picture in the workshop room.

A small web server on the trainer's laptop serves the built course to the participants' phones
and laptops. A participant who presses "Anonym mit der Gruppe teilen" sends one result (numbers
only, see FORMAT.md "Leaving the browser"); the projector view shows the group's picture live.

    course.py     the built site the room serves: its check data, language, title, headers
    shares.py     what a share may hold (pydantic) and its check against the Python scoring
    storage.py    SQLite: every share is committed before it is acknowledged
    aggregate.py  the group picture per check (counts only below three shares) and its CSV
    guard.py      hostile input: host and origin checks, body size limit, rate limit
    app.py        the Starlette app: the site (with the room's host script), the API, the view
    command.py    `kursbau room`: build, bind, print the addresses and QR code, serve
    assets/       the projector view's script and stylesheet, the share host script

Nothing here is imported by a build: the static `site/` carries none of it.
"""
