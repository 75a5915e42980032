"""The translation catalogues are complete: `makemessages` finds nothing new, nothing is
untranslated or fuzzy in Dutch or English, and the compiled .mo files match the .po files."""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("nl", "en")
IGNORED = (".venv", "node_modules", ".git", "var", "media", "staticfiles", "test-results")


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing: apt-get install gettext")
        pytest.skip(f"{tool} is missing (gettext)")


def _entries(po: Path, *flags: str) -> str:
    """The entries msgattrib selects (e.g. --untranslated), without the header."""
    out = subprocess.run(
        ["msgattrib", "--no-obsolete", *flags, str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    blocks = [b for b in out.split("\n\n") if b.strip() and 'msgid ""\nmsgstr ""' not in b]
    return "\n\n".join(blocks)


def _msgids(po: Path) -> set[str]:
    out = subprocess.run(
        ["msgattrib", "--no-obsolete", "--no-wrap", "--no-location", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in out.splitlines() if line.startswith(("msgid ", "msgctxt "))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_untranslated_or_fuzzy(language: str) -> None:
    _need("msgattrib")
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    assert _entries(po, "--untranslated") == ""
    assert _entries(po, "--only-fuzzy") == ""


def test_english_keeps_the_text_of_every_msgid() -> None:
    _need("msgattrib")
    po = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
    with (ROOT / "locale" / "en" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    for key, text in catalog.items():
        if key == "":
            continue
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04", 1)[-1]
        if isinstance(key, tuple):
            assert text in {msgid} or key[1] > 0, key
        else:
            assert text == msgid, key
    assert po.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language: str, tmp_path: Path) -> None:
    _need("msgfmt")
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(fresh), str(folder / "django.po")], check=True
    )
    with fresh.open("rb") as a, (folder / "django.mo").open("rb") as b:
        compiled = gettext.GNUTranslations(a)._catalog  # type: ignore[attr-defined]
        committed = gettext.GNUTranslations(b)._catalog  # type: ignore[attr-defined]
    assert committed == compiled, "run `make messages` (compilemessages) and commit the .mo"


def test_makemessages_finds_nothing_new(tmp_path: Path) -> None:
    """makemessages on a copy of the tree: the same strings, all of them translated."""
    _need("xgettext")
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*IGNORED, "*.pyc", "__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *[arg for language in LANGUAGES for arg in ("-l", language)],
            "--ignore",
            ".venv/*",
            "--ignore",
            "node_modules/*",
            "--ignore",
            "benchmarks/*",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gewaardeerd.settings"},
    )
    for language in LANGUAGES:
        po = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        new = _msgids(po) - _msgids(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
        assert not new, f"{language}: strings not in the catalogue yet (make messages): {new}"
        assert _entries(po, "--untranslated") == "", language
