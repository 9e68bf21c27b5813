"""The only package that imports MkDocs: the plugin and the build/serve calls of the CLI.

Moving Kursbau to another engine means replacing this package; `generator.core` and
`generator.render` do not know MkDocs.
"""
