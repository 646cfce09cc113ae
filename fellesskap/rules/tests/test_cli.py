"""`fellesskap rules list|show`: output names the rules; bad input exits 2 with a message."""

from __future__ import annotations

from fellesskap.rules.cli import rules_main


def test_list_all_packs_in_bokmal(capsys):
    assert rules_main(["list"]) == 0
    out = capsys.readouterr().out
    for rid in ("no.full_exclusion.region_14d", "mandela.prolonged_solitary", "se.outdoor_1h", "fi.outdoor_1h"):
        assert rid in out
    assert "Har en hel utelukkelse vart mer enn 14 dager" in out
    assert "in force from a date to be set" in out  # no-2026


def test_list_one_pack_in_english(capsys):
    assert rules_main(["list", "--pack", "cpt", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "cpt.outdoor_1h" in out and "at least 1 hour of outdoor exercise" in out
    assert "no.full_exclusion" not in out


def test_show_a_rule(capsys):
    assert rules_main(["show", "no.security_cell.kdi_6d"]) == 0
    out = capsys.readouterr().out
    assert "strgjfl. § 38" in out and "responsible: directorate" in out
    assert '"after_hours": 144' in out and "interpretation: yes" in out


def test_unknown_rule_and_pack_exit_2_with_a_message(capsys):
    assert rules_main(["show", "no.nothing"]) == 2
    assert "unknown rule id 'no.nothing'" in capsys.readouterr().err
    assert rules_main(["list", "--pack", "xx"]) == 2
    assert "unknown rule pack 'xx'" in capsys.readouterr().err
    assert rules_main([]) == 2
    assert "error:" in capsys.readouterr().err
    assert rules_main(["list", "--lang", "de"]) == 2
