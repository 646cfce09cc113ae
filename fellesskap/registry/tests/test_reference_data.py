"""The migrations' reference data can be put back after a flush
(fellesskap/reference_data.py, called before every database test by conftest.py)."""

import pytest

from fellesskap import reference_data
from fellesskap.audit.models import ChainTip
from fellesskap.registry.models import Region
from fellesskap.stats import reference
from fellesskap.stats.models import ReferenceFigure

pytestmark = pytest.mark.django_db


def test_every_database_test_starts_with_the_reference_data():
    assert set(Region.objects.values_list("code", flat=True)) == {"east", "south", "southwest", "west", "north"}
    assert ChainTip.objects.filter(pk=1).exists()
    assert ReferenceFigure.objects.count() == len(reference.load())


def test_what_a_flush_removed_is_put_back_once():
    Region.objects.all().delete()
    ChainTip.objects.all().delete()
    ReferenceFigure.objects.all().delete()
    reference_data.ensure()
    reference_data.ensure()  # twice: nothing doubled
    assert Region.objects.count() == 5
    assert Region.objects.get(code="north").name_nb == "region nord"
    tip = ChainTip.objects.get(pk=1)
    assert tip.seq == 0 and tip.hash == "0" * 64
    assert ReferenceFigure.objects.count() == len(reference.load())


def test_an_existing_chain_tip_is_left_as_it_is():
    ChainTip.objects.filter(pk=1).update(seq=41, hash="a" * 64)
    reference_data.ensure()
    assert ChainTip.objects.get(pk=1).seq == 41
