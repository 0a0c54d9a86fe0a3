"""The n >= 5 rule of regional sessions: which groups may be shown to whom (dshub.maturity.regional)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dshub.maturity.regional import MIN_RESPONDENTS, REGION, visibility


def visible(result) -> set[str]:
    return {g for g, s in result.items() if s.visible}


def test_the_threshold_is_five():
    assert MIN_RESPONDENTS == 5


def test_exactly_four_is_hidden_and_five_is_shown():
    result = visibility({"a": 4, "b": 5, "c": 1})  # hidden together: 4 + 1 = 5, so nothing more is hidden
    assert result["a"].visible is False and result["a"].reason == "below_min" and result["a"].respondents == 4
    assert result["b"].visible is True and result["b"].reason is None and result["b"].respondents == 5
    assert result["c"].visible is False
    assert result[REGION].visible and result[REGION].respondents == 10


def test_a_region_under_five_is_hidden_and_so_is_every_municipality():
    result = visibility({"a": 2, "b": 2})
    assert not visible(result)
    assert result[REGION].reason == "below_min" and result[REGION].respondents == 4
    assert visibility({"a": 4})[REGION].visible is False
    assert visibility({"a": 5})[REGION].visible is True


def test_no_answers_is_its_own_reason():
    result = visibility({"a": 0, "b": 7})
    assert result["a"].reason == "no_answers" and result["b"].visible
    assert visibility({"a": 0, "b": 0})[REGION].reason == "no_answers"


def test_a_hidden_group_cannot_be_worked_out_from_the_region():
    # region 9 = a 6 + b 3: showing a and the region would give b away, so a is hidden too.
    result = visibility({"a": 6, "b": 3})
    assert result[REGION].visible
    assert result["a"].visible is False and result["a"].reason == "complementary"
    assert result["b"].reason == "below_min"
    # hidden together 3 + 2 = 5: a may be shown, the rest of the region is 5 respondents.
    result = visibility({"a": 6, "b": 3, "c": 2})
    assert visible(result) == {"a", REGION}
    # the smallest shown municipality goes first
    result = visibility({"a": 9, "b": 5, "c": 1})
    assert visible(result) == {"a", REGION} and result["b"].reason == "complementary"


def test_a_municipality_always_sees_itself_and_nothing_of_the_others():
    result = visibility({"a": 2, "b": 10, "c": 10}, viewer="a")
    assert set(result) == {"a", REGION}
    assert result["a"].visible and result["a"].respondents == 2
    assert result[REGION].visible and result[REGION].respondents == 22


def test_a_municipality_does_not_see_a_region_it_could_subtract_itself_from():
    # region 13 = own 10 + the rest 3: the rest could be worked out, so the region is hidden.
    result = visibility({"a": 10, "b": 3}, viewer="a")
    assert result["a"].visible and not result[REGION].visible
    assert result[REGION].reason == "rest_below_min"
    # the other municipality, with 3, sees the region (the rest of it is 10)
    result = visibility({"a": 10, "b": 3}, viewer="b")
    assert result["b"].visible and result[REGION].visible
    # alone in the region: the region is only itself, which it may see (when it has 5)
    assert visibility({"a": 6, "b": 0}, viewer="a")[REGION].visible


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        visibility({"a": 1}, viewer="z")
    with pytest.raises(ValueError):
        visibility({REGION: 1})
    with pytest.raises(ValueError):
        visibility({"a": 1}, min_n=0)


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 12), min_size=1))
def test_nothing_shown_to_others_is_under_five_and_no_hidden_remainder_is_either(counts):
    result = visibility(counts)
    for group, shown in result.items():
        if shown.visible:
            assert shown.respondents >= MIN_RESPONDENTS, (group, counts)
    if result[REGION].visible:
        hidden = sum(s.respondents for g, s in result.items() if g != REGION and not s.visible)
        assert hidden == 0 or hidden >= MIN_RESPONDENTS, counts
    for viewer in counts:
        own = visibility(counts, viewer=viewer)
        if own[REGION].visible:
            rest = sum(counts.values()) - counts[viewer]
            assert rest == 0 or rest >= MIN_RESPONDENTS
