"""`python -m generator` is the same as `kursbau`."""

from .cli import main

raise SystemExit(main())
