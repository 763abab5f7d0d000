"""The findings cache: one JSON file per (page, everything it depends on).

The key (Linter.cache_key) covers the page's bytes, its source page as
compared, the files under its docs root, the config, the rule set and this
version of loclint. The pages whose anchors a page's links read are kept
in the entry with their hashes and checked on every lookup, so editing a
linked page's headings invalidates the pages that link to it.
JSON, not pickle: a cache folder must never be able to run code.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from loclint import __version__
from loclint.finding import Finding, finding_from_dict

FOLDER_NAME = ".loclint_cache"


def file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


class Cache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.entries = folder / f"v{__version__}"
        self._hashes: dict[str, str] = {}  # the pages depended on, hashed once per run

    def _file(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        """The entry for `key` if every page it depends on is unchanged."""
        try:
            entry = json.loads(self._file(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        for dep, digest in entry.get("deps", {}).items():
            if dep not in self._hashes:
                self._hashes[dep] = file_hash(Path(dep))
            if self._hashes[dep] != digest:
                return None
        entry["findings"] = [finding_from_dict(f) for f in entry["findings"]]
        return entry

    def put(self, key: str, findings: list[Finding], deps: dict[str, str], notes: list[str], pairs) -> None:
        entry = {"findings": [f.to_dict() for f in findings], "deps": deps, "notes": notes,
                 "pairs": [[str(t), str(s)] for t, s in pairs]}
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not (self.folder / "CACHEDIR.TAG").exists():
                (self.folder / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
            import tempfile  # imported when first written: a warm run writes nothing

            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle)
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written is only a slower run

    def clean(self) -> bool:
        if self.folder.is_dir():
            import shutil  # with bz2, lzma and zlib: 6 ms that only `loclint clean` needs

            shutil.rmtree(self.folder)
            return True
        return False
