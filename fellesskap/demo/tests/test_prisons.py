"""The reference list of prisons is shaped like the real service (prisons.py)."""

from fellesskap import vocabulary as v
from fellesskap.demo.prisons import BOTH, MEN, PRISONS, WOMEN, capacity_by_level


def test_size_and_codes():
    assert 40 <= len(PRISONS) <= 60
    codes = [p.code for p in PRISONS]
    assert len(set(codes)) == len(codes)
    assert len({p.name for p in PRISONS}) == len(PRISONS)


def test_every_value_is_in_the_vocabulary():
    for p in PRISONS:
        assert p.region in v.REGION_CODES, p.code
        assert p.security_level in v.SECURITY_LEVEL_CODES, p.code
        assert p.holds in {MEN, WOMEN, BOTH}, p.code
        assert p.capacity > 0, p.code


def test_capacity_near_the_national_figure():
    # 3,011 held on 31.12.2020 (high 2,286; lower 619; halfway 106): capacity a little above.
    levels = capacity_by_level()
    assert 3000 <= sum(levels.values()) <= 3400
    assert 2286 <= levels["high"] <= 2286 * 1.15
    assert 619 <= levels["lower"] <= 619 * 1.3
    assert 106 * 0.9 <= levels["halfway_house"] <= 106 * 1.3


def test_every_region_has_high_security_and_women_have_places():
    for region in v.REGION_CODES:
        assert any(p.region == region and p.security_level == "high" for p in PRISONS), region
    assert any(p.holds == WOMEN and p.security_level == "high" for p in PRISONS)
    assert any(p.holds == WOMEN and p.security_level == "lower" for p in PRISONS)
