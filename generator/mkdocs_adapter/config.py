"""Typed options of the `kursbau` plugin in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class HandoutConfig(Config):
    enabled = c.Type(bool, default=False)
    author = c.Optional(c.Type(str))
    # The trainer edition (answers, notes, trainer pages) never goes into the published site:
    # it is written here, relative to mkdocs.yml.
    trainer_dir = c.Type(str, default="handouts-trainer")
    exclude = c.ListOfItems(c.Type(str), default=[])  # pages left out of the workbooks (globs)
    notes_pages = c.Type(int, default=1)  # ruled pages for notes at the end of the workbook


class KursbauConfig(Config):
    course = c.Optional(c.Type(str))  # storage namespace; default: a slug of site_name
    quizzes = c.Type(str, default="quizzes")  # relative to mkdocs.yml
    handouts = c.SubConfig(HandoutConfig)
    # origins pages may load resources from (default: none, no third party)
    allow_origins = c.ListOfItems(c.Type(str), default=[])
