"""core.links.per_id: the address of a table row's page, from one reverse() per table."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casereview.core.links import per_id


@pytest.mark.parametrize(("name", "fixed"), [("actions:detail", ()), ("chronology:analysis", (987654321,)),
                                             ("chronology:duplicate_decide", (12,))])
def test_every_row_gets_the_address_reverse_would_give_it(name, fixed):
    address = per_id(name, *fixed)
    for pk in (1, 9, 12, 987654321, 10**12):
        assert address(pk) == reverse(name, args=[*fixed, pk])


@pytest.mark.parametrize("pk", ["1/../admin", "12", 12.7])
def test_an_id_that_is_not_a_whole_number_is_refused_rather_than_put_into_the_address(pk):
    with pytest.raises(TypeError):
        per_id("actions:detail")(pk)
