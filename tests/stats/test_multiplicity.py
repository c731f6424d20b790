"""Holm's adjustment.

Expected values are worked by hand from Holm's (1979) definition, which is
also R's ``p.adjust(p, "holm")``: sort ascending, multiply the i-th smallest
of m by (m - i + 1), take the running maximum, cap at 1, restore the order.
"""

import numpy as np
import pytest

from evalkit.stats.multiplicity import holm_adjust


def test_holm_by_hand_in_sorted_order():
    # 0.01*5=0.05, 0.02*4=0.08, 0.03*3=0.09, 0.04*2=0.08->0.09, 0.05*1->0.09
    adjusted = holm_adjust([0.01, 0.02, 0.03, 0.04, 0.05])
    np.testing.assert_allclose(adjusted, [0.05, 0.08, 0.09, 0.09, 0.09], atol=1e-12)


def test_holm_keeps_the_input_order_and_caps_at_one():
    # sorted: 0.001*4=0.004, 0.2*3=0.6, 0.4*2=0.8, 0.9*1->0.9
    adjusted = holm_adjust([0.4, 0.001, 0.9, 0.2])
    np.testing.assert_allclose(adjusted, [0.8, 0.004, 0.9, 0.6], atol=1e-12)
    np.testing.assert_allclose(holm_adjust([0.6, 0.7]), [1.0, 1.0])


def test_nan_is_kept_and_not_counted():
    adjusted = holm_adjust([0.01, np.nan, 0.04])
    assert np.isnan(adjusted[1])
    np.testing.assert_allclose(adjusted[[0, 2]], [0.02, 0.04], atol=1e-12)


def test_single_and_empty():
    np.testing.assert_allclose(holm_adjust([0.03]), [0.03])
    assert holm_adjust([]).size == 0


@pytest.mark.parametrize(
    ("values", "match"), [([0.5, 1.2], "in \\[0, 1\\]"), (["a"], "not numbers")]
)
def test_bad_input_raises(values, match):
    with pytest.raises(ValueError, match=match):
        holm_adjust(values)
