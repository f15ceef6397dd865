"""Check that every translation catalogue is complete and that the committed .mo files are
the compiled form of the .po files (`python -m hamkori.core.catalogues --check`)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("kk", "ru", "tg", "en")


def untranslated(po_file: Path) -> list[str]:
    """msgids with an empty msgstr or a fuzzy flag (the header entry excluded)."""
    problems = []
    text = po_file.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        if "#~" in block.split("\n", 1)[0]:
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        ident = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        if ident == "":
            continue
        fuzzy = re.search(r"^#,.*\bfuzzy\b", block, re.M)
        strs = re.findall(r'^msgstr(?:\[\d+\])? ((?:".*"\n?)+)', block, re.M)
        empty = not strs or any("".join(re.findall(r'"(.*)"', s)) == "" for s in strs)
        if fuzzy or empty:
            problems.append(ident)
    return problems


def check() -> int:
    status = 0
    for code in LANGUAGES:
        po = LOCALE_DIR / code / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        if not po.exists() or not mo.exists():
            print(f"{code}: catalogue missing ({po})")
            status = 1
            continue
        missing = untranslated(po)
        if missing:
            print(f"{code}: {len(missing)} untranslated or fuzzy, e.g. {missing[:5]}")
            status = 1
        with tempfile.TemporaryDirectory() as tmp:
            compiled = Path(tmp) / "django.mo"
            subprocess.run(["msgfmt", "-c", "-o", str(compiled), str(po)], check=True)  # noqa: S603, S607
            if compiled.read_bytes() != mo.read_bytes():
                print(f"{code}: django.mo is not compiled from django.po (run `make messages`)")
                status = 1
    if status == 0:
        print("catalogues complete: " + ", ".join(LANGUAGES))
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    parser.parse_args()
    sys.exit(check())


if __name__ == "__main__":
    main()
