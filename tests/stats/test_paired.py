"""Paired pre/post change against published values.

Sources
-------
- R ``datasets::sleep`` (Student 1908), paired by ID, group 2 - group 1:
  ``t.test(extra[group == 2], extra[group == 1], paired = TRUE)`` -> 1.58,
  t = 4.0621, df = 9, p = 0.002833, 95% CI 0.7001142 to 2.4598858;
  ``wilcox.test(..., paired = TRUE)`` -> V = 45, p = 0.009091 (normal
  approximation: one zero difference and ties).
- R ``MASS::anorexia``, family therapy arm (Hand et al. 1994), Postwt - Prewt:
  7.264706, t = 4.1849, df = 16, p = 0.0007003, CI 3.58470 to 10.94471;
  Wilcoxon V = 142, p = 0.0008392 (exact).
- R ``?wilcox.test`` example (Hollander and Wolfe 1973, p. 29, depression
  scale): ``wilcox.test(x, y, paired = TRUE, alternative = "greater")`` ->
  V = 40, p = 0.01953.
- Lakens (2013), Front Psychol 4:863, Table 1 (movie ratings, 10 people):
  t(9) = 4.74, d_z = 1.50, d_av = 1.13, g_av = 1.08.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit.errors import EvalkitError
from evalkit.stats.paired import (
    paired_change,
    paired_change_by,
    sign_test,
    signed_rank_test,
)

SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
ANOREXIA_PRE = [83.8, 83.3, 86.0, 82.5, 86.7, 79.6, 76.9, 94.2, 73.4, 80.5, 81.6,
                82.1, 77.6, 83.5, 89.9, 86.0, 87.3]  # fmt: skip
ANOREXIA_POST = [95.2, 94.3, 91.5, 91.9, 100.3, 76.7, 76.8, 101.6, 94.9, 75.2,
                 77.8, 95.5, 90.7, 92.5, 93.8, 91.7, 98.0]  # fmt: skip
DEPRESSION_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
MOVIE_1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9]
MOVIE_2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]


def long_frame(pre, post, ids=None, pre_label="pre", post_label="post"):
    """Long data, one row per participant and wave."""
    ids = list(range(1, len(pre) + 1)) if ids is None else ids
    return pd.DataFrame(
        {
            "participant_id": ids + ids,
            "wave": [pre_label] * len(pre) + [post_label] * len(post),
            "score": list(pre) + list(post),
        }
    )


def test_sleep_matches_r():
    frame = pd.DataFrame(
        {"ID": list(range(1, 11)) * 2, "group": [1] * 10 + [2] * 10,
         "extra": SLEEP_1 + SLEEP_2}
    )  # fmt: skip
    result = paired_change(frame, participant="ID", wave="group", score="extra",
                           pre=1, post=2)  # fmt: skip
    change = result.mean_change
    assert result.n_pairs == 10
    assert change.estimate == pytest.approx(1.58, abs=1e-12)
    assert change.statistic == pytest.approx(4.0621, abs=5e-5)
    assert change.df == 9
    assert change.p_value == pytest.approx(0.002833, abs=5e-7)
    assert change.ci_low == pytest.approx(0.7001142, abs=5e-8)
    assert change.ci_high == pytest.approx(2.4598858, abs=5e-8)
    assert result.wilcoxon.statistic == 45
    assert result.wilcoxon.p_value == pytest.approx(0.009091, abs=5e-7)
    assert "normal approximation" in result.wilcoxon.method


def test_sleep_wilcoxon_reversed_direction():
    # R: V = 0 for group 1 - group 2, same p-value.
    diffs = np.array(SLEEP_1) - np.array(SLEEP_2)
    result = signed_rank_test(diffs)
    assert result.statistic == 0
    assert result.p_value == pytest.approx(0.009091, abs=5e-7)


def test_anorexia_matches_r():
    result = paired_change(long_frame(ANOREXIA_PRE, ANOREXIA_POST))
    change = result.mean_change
    assert change.estimate == pytest.approx(7.264706, abs=5e-7)
    assert change.statistic == pytest.approx(4.1849, abs=5e-5)
    assert change.df == 16
    assert change.p_value == pytest.approx(0.0007003, abs=5e-8)
    assert change.ci_low == pytest.approx(3.58470, abs=5e-6)
    assert change.ci_high == pytest.approx(10.94471, abs=5e-6)
    assert result.wilcoxon.statistic == 142
    assert result.wilcoxon.p_value == pytest.approx(0.0008392, abs=5e-8)
    assert "exact" in result.wilcoxon.method


def test_wilcoxon_r_documented_example_one_sided():
    diffs = np.array(DEPRESSION_X) - np.array(DEPRESSION_Y)
    result = signed_rank_test(diffs, alternative="greater")
    assert result.statistic == 40
    assert result.p_value == pytest.approx(0.01953, abs=5e-6)


def test_wilcoxon_exact_agrees_with_scipy_when_no_ties_or_zeros():
    # Where the conventions coincide (no ties, no zeros, n < 50) SciPy's exact
    # test is an independent check.
    diffs = np.array(ANOREXIA_POST) - np.array(ANOREXIA_PRE)
    expected = stats.wilcoxon(diffs, method="exact").pvalue
    assert signed_rank_test(diffs).p_value == pytest.approx(expected, rel=1e-10)


def test_wilcoxon_normal_approximation_by_hand_for_n_of_50_or_more():
    # 60 distinct differences: R uses the normal approximation (n >= 50).
    diffs = np.array([(-1) ** (k % 3 == 0) * k for k in range(1, 61)], float)
    v = sum(k for k in range(1, 61) if k % 3 != 0)
    mean, sd = 60 * 61 / 4, math.sqrt(60 * 61 * 121 / 24)
    z = (v - mean - 0.5) / sd
    result = signed_rank_test(diffs)
    assert result.statistic == v
    assert result.p_value == pytest.approx(2 * stats.norm.sf(z), rel=1e-12)
    assert "n >= 50" in result.method


def test_lakens_2013_effect_sizes():
    result = paired_change(long_frame(MOVIE_2, MOVIE_1))
    assert result.mean_change.statistic == pytest.approx(4.74, abs=5e-3)
    assert result.d_z.estimate == pytest.approx(1.50, abs=5e-3)
    assert result.g_av.estimate == pytest.approx(1.08, abs=5e-3)
    d_av = result.g_av.estimate / result.g_av.details["omega"]
    assert d_av == pytest.approx(1.13, abs=5e-3)
    assert result.d_z.ci_low < 1.50 < result.d_z.ci_high


def test_d_z_interval_inverts_the_noncentral_t():
    result = paired_change(long_frame(ANOREXIA_PRE, ANOREXIA_POST))
    t_value, root_n = result.mean_change.statistic, math.sqrt(17)
    low, high = result.d_z.ci_low * root_n, result.d_z.ci_high * root_n
    assert stats.nct.cdf(t_value, 16, low) == pytest.approx(0.975, abs=1e-8)
    assert stats.nct.cdf(t_value, 16, high) == pytest.approx(0.025, abs=1e-8)


def test_relative_improvement_is_a_ratio_of_means():
    result = paired_change(long_frame([2.0, 4.0], [3.0, 4.0]))
    # (mean post 3.5 - mean pre 3.0) / 3.0, not the mean of 0.5 and 0.
    assert result.relative_improvement.estimate == pytest.approx(0.5 / 3.0)
    assert "mean post - mean pre" in result.relative_improvement.method


def test_pairs_are_formed_by_id_not_position():
    frame = long_frame(ANOREXIA_PRE, ANOREXIA_POST)
    shuffled = frame.sample(frac=1.0, random_state=20240501).reset_index(drop=True)
    result = paired_change(shuffled)
    assert result.mean_change.estimate == pytest.approx(7.264706, abs=5e-7)
    assert result.wilcoxon.statistic == 142


def test_rows_dropped_and_why():
    frame = pd.DataFrame(
        {
            "participant_id": [1, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6, None, 7],
            "wave": ["pre", "post", "pre", "post", "pre", "post", "pre", "pre",
                     "post", "pre", "post", "post", "pre", "mid"],
            "score": [1.0, 2.0, 3.0, 4.0, 5.0, np.nan, 1.0, 1.0, 3.0, 2.0, 3.0,
                      4.0, 1.0, 9.0],
        }
    )  # fmt: skip
    result = paired_change(frame)
    assert result.n_pairs == 2  # participants 1 and 5
    assert result.dropped == {
        "other_wave": 1,
        "missing_participant": 1,
        "missing_score": 1,
        "duplicate": 1,
        "conflicting_duplicate": 2,
        "no_pre": 1,  # participant 3
        "no_post": 3,  # 2; 4 (post score missing); 6 (conflicting posts dropped)
    }
    assert any("no pre score" in w for w in result.warnings)


def test_all_differences_zero():
    result = paired_change(long_frame([3.0, 4.0, 5.0], [3.0, 4.0, 5.0]))
    assert result.mean_change.estimate == 0.0 and result.mean_change.p_value is None
    assert result.wilcoxon.status == "not estimable"
    assert result.sign_test.status == "not estimable"
    assert result.d_z.status == "not estimable"
    assert result.relative_improvement.estimate == 0.0


def test_one_and_two_pairs():
    one = paired_change(long_frame([3.0], [5.0]))
    assert one.n_pairs == 1 and one.mean_change.estimate == 2.0
    assert math.isnan(one.mean_change.ci_low) and one.d_z.status == "not estimable"
    two = paired_change(long_frame([3.0, 4.0], [5.0, 7.0]))
    # differences 2 and 3: mean 2.5, SD sqrt(0.5), t = 2.5 / 0.5 = 5 on 1 df
    assert two.mean_change.statistic == pytest.approx(5.0)
    assert two.mean_change.p_value == pytest.approx(2 * stats.t.sf(5.0, 1))


def test_no_pairs_and_zero_pre_mean():
    empty = paired_change(long_frame([1.0], [np.nan]))
    assert empty.n_pairs == 0 and empty.mean_change.status == "not estimable"
    zero = paired_change(long_frame([0.0, 0.0], [1.0, 2.0]))
    assert zero.relative_improvement.status == "not estimable"


def test_sign_test():
    # Sleep: 9 positive, 0 negative, 1 zero -> binom.test(9, 9) p = 2 / 2^9.
    result = sign_test(np.array(SLEEP_2) - np.array(SLEEP_1))
    assert result.n == 9 and result.statistic == 9
    assert result.p_value == pytest.approx(2 / 2**9)


def test_paired_change_by_groups_and_missing_group():
    a = long_frame(ANOREXIA_PRE, ANOREXIA_POST).assign(competency="coding")
    b = long_frame(SLEEP_1, SLEEP_2).assign(competency="math")
    c = pd.DataFrame({"participant_id": [99], "wave": ["pre"], "score": [1.0],
                      "competency": [None]})  # fmt: skip
    table = paired_change_by(pd.concat([b, a, c]), by="competency")
    coding = table.set_index("competency").loc["coding"]
    math_row = table.set_index("competency").loc["math"]
    assert coding["n_pairs"] == 17 and coding["wilcoxon_v"] == 142
    assert coding["mean_change"] == pytest.approx(7.264706, abs=5e-7)
    assert math_row["p_value"] == pytest.approx(0.002833, abs=5e-7)
    assert len(table) == 3
    missing = table[table["competency"].isna()].iloc[0]
    assert missing["n_pairs"] == 0 and missing["dropped_no_post"] == 1
    assert missing["status"] == "not estimable"


def test_bad_input_raises():
    frame = long_frame([1.0], [2.0])
    with pytest.raises(EvalkitError, match="missing \\['student'\\]"):
        paired_change(frame, participant="student")
    with pytest.raises(EvalkitError, match="expected numeric scores"):
        paired_change(frame.assign(score=["a", "b"]))
    with pytest.raises(EvalkitError, match="frame: expected a pandas DataFrame"):
        paired_change([1, 2])


def test_d_z_interval_where_scipy_noncentral_t_returns_nan(monkeypatch):
    # SciPy's nct.cdf returns nan at some points far above t (seen at t near 9 on
    # 4 df, where the true CDF is about 1e-9), which once made the root search
    # fail and took a report down.  Make it return nan everywhere more than 12
    # above t: the limits must come out as they do with the real CDF, since the
    # true CDF there is below 0.001, under the 0.025 target (nct.cdf(9.2, 4,
    # 21.2) = 0.0006).
    from evalkit.stats import paired

    t_value, df = 9.2, 4.0
    expected = paired._noncentral_t_limits(t_value, df, 0.95)
    real_cdf = stats.nct.cdf

    def patchy_cdf(x, degrees, ncp):
        return math.nan if ncp > t_value + 12 else real_cdf(x, degrees, ncp)

    monkeypatch.setattr(paired.stats.nct, "cdf", patchy_cdf)
    low, high = paired._noncentral_t_limits(t_value, df, 0.95)

    assert (low, high) == pytest.approx(expected, abs=1e-8)
    assert real_cdf(t_value, df, low) == pytest.approx(0.975, abs=1e-8)
    assert real_cdf(t_value, df, high) == pytest.approx(0.025, abs=1e-8)
