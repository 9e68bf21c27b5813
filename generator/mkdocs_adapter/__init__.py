"""The only package that imports MkDocs: the plugin and the build/serve calls of the CLI.

Moving Kursbau to another engine means replacing this package; `generator.core` and
`generator.render` do not know MkDocs.

It runs on MkDocs 1.6 and on ProperDocs, the maintained MkDocs 1.x fork: ProperDocs serves every
`mkdocs.*` module under that name once `properdocs.replacement` is imported (its own command does
that first). Where only ProperDocs is installed, this package does it, so `kursbau` works too.
"""

try:
    import mkdocs  # noqa: F401
except ModuleNotFoundError:  # pragma: no cover - depends on the installed engine
    import properdocs.replacement  # noqa: F401
