"""unreadable-page: a file that cannot be read or decoded as a UTF-8 page.

It has no `check`: the engine reports it when reading fails, so the other
pages of the run are still linted."""

ID = "unreadable-page"
NODES = ()
DEFAULT = {}
