"""The authoring format and everything computed from it, with no MkDocs import.

A later move to another static-site engine replaces only `generator.mkdocs_adapter`.
"""
