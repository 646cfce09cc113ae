"""Every msgid in the code and templates has a bokmål translation.

The msgids are extracted exactly as ``make messages`` does (``i18n.extract``,
Django's makemessages), but into a copy of the catalogues (the project's and
any app's own, joined), so the test sees a string someone added without
running ``make messages`` too, and never changes the committed files.
"""

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import translation

from fellesskap.web import i18n

CATALOGUE = settings.BASE_DIR / "locale" / "nb" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext is missing: run `make gettext`")


def _entries(po_text: str) -> list[str]:
    """The msgids of the entries in a .po text (the header excluded)."""
    ids = []
    for block in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                ids.append(msgid)
    return ids


def _attrib(po, *flags) -> list[str]:
    out = subprocess.run(["msgattrib", "--no-obsolete", *flags, str(po)],
                         capture_output=True, text=True, check=True).stdout
    return _entries(out)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The committed catalogue, updated with every msgid found in the sources."""
    locale_dir = tmp_path_factory.mktemp("locale")
    target = locale_dir / "nb" / "LC_MESSAGES" / "django.po"
    target.parent.mkdir(parents=True)
    sources = i18n.catalogues("nb")
    assert CATALOGUE.resolve() in sources
    # Where two catalogues translate one msgid, Django uses the project's; so does msgcat here.
    subprocess.run(["msgcat", "--use-first", "-o", str(target), *map(str, sources)], check=True)
    i18n.extract(locales=["nb"], into=locale_dir)
    return target


def test_extraction_finds_the_strings_of_the_base_layout(extracted):
    ids = _entries(extracted.read_text())
    assert "Skip to main content" in ids
    assert "Main navigation" in ids
    assert "Ward board" in ids  # from Python (nav.py), not only templates


def test_every_msgid_has_a_bokmal_translation(extracted):
    missing = _attrib(extracted, "--untranslated")
    assert not missing, f"untranslated in nb (run `make messages`, then translate): {missing}"


def test_no_translation_is_fuzzy(extracted):
    fuzzy = _attrib(extracted, "--only-fuzzy")
    assert not fuzzy, f"fuzzy in nb (check the msgstr, then delete the fuzzy flag): {fuzzy}"


def test_the_compiled_catalogue_is_the_one_django_uses():
    with translation.override("nb"):
        assert translation.gettext("Deviations") == "Avvik"
        assert translation.gettext("Log in") == "Logg inn"
