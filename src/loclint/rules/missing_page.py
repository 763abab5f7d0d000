"""missing-page: with `loclint check --missing`, a source page that has no
translation, or a translated page whose source page is gone.

It has no `check`: the command lists these from the two trees."""

ID = "missing-page"
NODES = ()
DEFAULT = {}
