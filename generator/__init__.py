"""Kursbau: Markdown lessons and YAML self-checks to a training site and workbooks."""
