"""Write the site's icon sprite, ``overrides/assets/images/icons.svg``: every icon the
theme draws, once, as a ``<symbol>`` taken from Material's own icon files.

    .venv/bin/python tools/icon_sprite.py [--check]

A page draws an icon as ``<svg viewBox="0 0 24 24"><use href="…/icons.svg#material-magnify"/></svg>``
(``overrides/partials/icon.html``) instead of repeating the icon's path on every page.
The icons are those the templates under ``overrides/`` name (``icon = "material/…"``,
``config.theme.icon.logo`` and the palette toggles of ``mkdocs.yml``). Run it after
naming a new icon; ``--check`` exits non-zero if the sprite is not what it would write.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPRITE = ROOT / "overrides" / "assets" / "images" / "icons.svg"
#: Material's default for an icon it draws when ``mkdocs.yml`` names none.
DEFAULTS = ("material/library",)


def icons_named(root: Path = ROOT) -> list[str]:
    """Every icon the templates and ``mkdocs.yml`` name, sorted."""
    names = set(DEFAULTS)
    for template in (root / "overrides").rglob("*.html"):
        names.update(re.findall(r'icon = (?:[\w.]+ or )?"(material/[\w-]+)"',
                                template.read_text(encoding="utf-8")))
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    theme = config.get("theme", {})
    names.update(v for v in (theme.get("icon") or {}).values() if isinstance(v, str))
    names.update(option["toggle"]["icon"] for option in theme.get("palette") or ()
                 if option.get("toggle"))
    return sorted(names)


class _Loader(yaml.SafeLoader):
    """``mkdocs.yml`` with its ``!ENV`` tags read as plain values."""


_Loader.add_constructor("!ENV", lambda loader, node: None)


def icon_id(name: str) -> str:
    """The symbol id of icon ``name`` (``material/magnify`` → ``material-magnify``)."""
    return name.replace("/", "-")


def sprite(names: list[str]) -> str:
    """The sprite of ``names``: each icon's markup inside a ``<symbol>`` with its id."""
    from material import templates

    icons = Path(templates.__file__).parent / ".icons"
    out = ['<svg xmlns="http://www.w3.org/2000/svg">',
           "<!-- The theme's icons (Material for MkDocs, from Material Design Icons, Apache-2.0),"
           " written by tools/icon_sprite.py -->"]
    for name in names:
        svg = (icons / f"{name}.svg").read_text(encoding="utf-8").strip()
        found = re.fullmatch(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([^"]+)">(.*)</svg>', svg, re.S)
        if not found:
            raise ValueError(f"{name}: not a single-element Material icon: {svg[:80]!r}")
        out.append(f'<symbol id="{icon_id(name)}" viewBox="{found.group(1)}">{found.group(2)}</symbol>')
    return "\n".join(out + ["</svg>"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only check that the sprite is current")
    args = parser.parse_args(argv)
    text = sprite(icons_named())
    if args.check:
        current = SPRITE.read_text(encoding="utf-8") if SPRITE.exists() else ""
        if current != text:
            print(f"{SPRITE.relative_to(ROOT)} is out of date: run tools/icon_sprite.py", file=sys.stderr)
            return 1
        return 0
    SPRITE.parent.mkdir(parents=True, exist_ok=True)
    SPRITE.write_text(text, encoding="utf-8")
    print(f"{SPRITE.relative_to(ROOT)}: {len(icons_named())} icons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
