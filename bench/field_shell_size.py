"""Prints the field app's transfer sizes (gzip, as served: JS minified): shell HTML + CSS + JS, catalogs, rule twins, rule data.

Budget (DESIGN.md §7): app shell (HTML + CSS + JS, gzip, excluding rule data) <= 60 KB; rule data <= 120 KB.
Usage: python bench/field_shell_size.py
"""
import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestConfig  # noqa: E402
from posyandu_app import create_app  # noqa: E402


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def br(data: bytes) -> int:
    """Brotli at the server's level (assets.py: COMPRESS_BR_LEVEL 5): what Chromium actually receives."""
    import brotli
    return len(brotli.compress(data, quality=5))


STATIC = Path(__file__).resolve().parent.parent / "posyandu_app" / "static"
IMPORT = re.compile(r"^import .*? from '(\.{1,2}/[^']+)';", re.M)


def static_imports(entry: Path) -> set[Path]:
    """The modules a page loads before its first paint: `entry` and its static imports (dynamic ones excluded)."""
    seen, todo = set(), [entry]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += [(path.parent / name).resolve() for name in IMPORT.findall(path.read_text(encoding="utf-8"))]
    return seen


def main():
    app = create_app(TestConfig)
    client = app.test_client()
    source = client.get("/sw.js").get_data(as_text=True)
    urls = json.loads(source.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0])
    names = ("shell HTML + CSS + app JS", "rule twins (JS)", "catalogs (i18n JSON)", "rule data (JSON)",
             "icons and manifest")
    groups = {name: [] for name in names}
    for url in urls + ["/sw.js"]:
        body = client.get(url).data
        if url.startswith("/static/js/rules/"):
            group = "rule twins (JS)"
        elif url.startswith("/static/data/"):
            group = "rule data (JSON)"
        elif url.startswith("/static/i18n/"):
            group = "catalogs (i18n JSON)"
        elif url.startswith("/static/icons/") or url.endswith(".webmanifest"):
            group = "icons and manifest"
        else:
            group = "shell HTML + CSS + app JS"
        groups[group].append((url, len(body), gz(body), br(body)))
    for name, rows in groups.items():
        raw, packed, brotli_size = (sum(r[i] for r in rows) for i in (1, 2, 3))
        print(f"{name:28s} {len(rows):3d} files  {raw / 1024:7.1f} KB raw  {packed / 1024:6.1f} KB gzip"
              f"  {brotli_size / 1024:6.1f} KB br")
    both = ("shell HTML + CSS + app JS", "rule twins (JS)")
    shell = sum(r[2] for name in both for r in groups[name])
    shell_br = sum(r[3] for name in both for r in groups[name])
    first_screen = sum(r[2] for r in groups["shell HTML + CSS + app JS"])
    print(f"\napp shell incl. rule twins, excl. rule data: {shell / 1024:.1f} KB gzip (budget 60 KB), "
          f"{shell_br / 1024:.1f} KB brotli as served")
    print(f"shell without rule twins (all screens, precached): {first_screen / 1024:.1f} KB gzip")
    modules = static_imports(STATIC / "js" / "app.js") | static_imports(STATIC / "js" / "screens" / "roster.js")
    def served(path):  # as the phone receives it (assets.py minifies JS), not as it is on disk
        return client.get("/static/" + path.relative_to(STATIC).as_posix()).data
    first = [client.get("/app").data, served(STATIC / "css" / "field.css"), *map(served, modules)]
    catalogs = [(STATIC / "i18n" / f"{area}.id.json").read_bytes() for area in ("common", "field")]
    print(f"first screen (roster): HTML + CSS + {len(modules)} modules = {sum(map(gz, first)) / 1024:.1f} KB gzip, "
          f"+ catalogs {sum(map(gz, catalogs)) / 1024:.1f} KB")
    growth = static_imports(STATIC / "js" / "screens" / "growth.js") - modules
    print(f"growth form adds {len(growth)} modules = {sum(gz(served(m)) for m in growth) / 1024:.1f} KB gzip")
    print(f"rule data: {sum(r[2] for r in groups['rule data (JSON)']) / 1024:.1f} KB gzip (budget 120 KB)")


if __name__ == "__main__":
    main()
