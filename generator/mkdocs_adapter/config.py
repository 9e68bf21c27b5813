"""Typed options of the `kursbau` plugin in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class HandoutConfig(Config):
    enabled = c.Type(bool, default=False)
    author = c.Optional(c.Type(str))


class KursbauConfig(Config):
    course = c.Optional(c.Type(str))  # storage namespace; default: a slug of site_name
    quizzes = c.Type(str, default="quizzes")  # relative to mkdocs.yml
    handouts = c.SubConfig(HandoutConfig)
