"""Writes the sample letters in docs/screens/ (page 1 as PNG, one per language)
when FELLESSKAP_UPDATE_SCREENS=1, as ``make screens`` sets; otherwise skipped.
Needs poppler-utils (pdftoppm). The person and staff are synthetic."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fellesskap.letters.content import build_letter
from fellesskap.letters.render import render_pdf
from fellesskap.letters.tests import helpers as lh

SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"


@pytest.mark.skipif(os.environ.get("FELLESSKAP_UPDATE_SCREENS") != "1", reason="set FELLESSKAP_UPDATE_SCREENS=1")
@pytest.mark.django_db
def test_write_sample_letters(tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: apt-get install poppler-utils")
    _prison, person, leader = lh.world()
    samples = {"nb": lh.exclusion(person, leader, letter=lh.LETTER_NB, end="2026-03-09 09:00"),
               "en": lh.exclusion(person, leader, letter=lh.LETTER, start="2026-03-09 09:00",
                                 decided="2026-03-09 09:05")}
    for language, exclusion in samples.items():
        pdf = tmp_path / f"letter-{language}.pdf"
        pdf.write_bytes(render_pdf(build_letter(exclusion, language)))
        out = Path(os.environ.get("FELLESSKAP_LETTER_PAGES", "")) if os.environ.get("FELLESSKAP_LETTER_PAGES") else None
        if out:  # every page, for looking at page breaks
            subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(out / f"letter-{language}")], check=True)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(SCREENS / f"letter-{language}")], check=True)
        assert (SCREENS / f"letter-{language}.png").stat().st_size > 10_000
