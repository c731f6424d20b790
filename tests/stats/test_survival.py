"""Kaplan-Meier, median survival and the log-rank test against published output.

Sources
-------
- gehan: Freireich et al. (1963), Blood 21:699, as R ``MASS::gehan``; the
  expected numbers are those of /work/shared/reference/README.md, which
  quotes R ``survival::survfit`` / ``survdiff``.
- aml: R ``survival::aml`` (Embury et al. 1977).  ``summary(survfit(Surv(time,
  status) ~ x, data = aml))`` for the Maintained arm and
  ``survdiff(Surv(time, status) ~ x, data = aml)``: Observed 7 / 11,
  Expected 10.69 / 7.31, Chisq = 3.4 on 1 df, p = 0.0653.
"""

import math

import numpy as np
import pandas as pd
import pytest

from evalkit.stats.survival import kaplan_meier, log_rank_test, median_survival

# MASS::gehan, 21 pairs: (time in weeks, 1 = relapse observed, arm).
GEHAN_6MP = [
    (10, 1), (7, 1), (32, 0), (23, 1), (22, 1), (6, 1), (16, 1), (34, 0),
    (32, 0), (25, 0), (11, 0), (20, 0), (19, 0), (6, 1), (17, 0), (35, 0),
    (6, 1), (13, 1), (9, 0), (6, 0), (10, 0),
]  # fmt: skip
GEHAN_CONTROL = [
    (1, 1), (22, 1), (3, 1), (12, 1), (8, 1), (17, 1), (2, 1), (11, 1),
    (8, 1), (12, 1), (2, 1), (5, 1), (4, 1), (15, 1), (8, 1), (23, 1),
    (5, 1), (11, 1), (4, 1), (1, 1), (8, 1),
]  # fmt: skip

# survival::aml: weeks to relapse, 1 = relapse observed.
AML_MAINTAINED = [
    (9, 1), (13, 1), (13, 0), (18, 1), (23, 1), (28, 0), (31, 1), (34, 1),
    (45, 0), (48, 1), (161, 0),
]  # fmt: skip
AML_NONMAINTAINED = [
    (5, 1), (5, 1), (8, 1), (8, 1), (12, 1), (16, 0), (23, 1), (27, 1),
    (30, 1), (33, 1), (43, 1), (45, 1),
]  # fmt: skip


def split(pairs):
    times, events = zip(*pairs, strict=True)
    return list(times), list(events)


def gehan():
    rows = [(*p, "6-MP") for p in GEHAN_6MP] + [(*p, "control") for p in GEHAN_CONTROL]
    return pd.DataFrame(rows, columns=["time", "cens", "treat"])


def aml():
    rows = [(*p, "Maintained") for p in AML_MAINTAINED]
    rows += [(*p, "Nonmaintained") for p in AML_NONMAINTAINED]
    return pd.DataFrame(rows, columns=["time", "status", "x"])


def test_gehan_data_is_the_published_42_rows():
    data = gehan()
    assert len(data) == 42
    assert data.groupby("treat")["cens"].sum().to_dict() == {"6-MP": 9, "control": 21}


# Reference README (R survfit on MASS::gehan, 6-MP arm); printed to 4 decimals.
GEHAN_6MP_CURVE = {
    6: (0.8571, 0.0764),
    7: (0.8067, 0.0869),
    10: (0.7529, 0.0963),
    13: (0.6902, 0.1068),
    16: (0.6275, 0.1141),
    22: (0.5378, 0.1282),
    23: (0.4482, 0.1346),
}


@pytest.mark.parametrize("week", sorted(GEHAN_6MP_CURVE))
def test_gehan_6mp_survival_and_greenwood_se(week):
    curve = kaplan_meier(*split(GEHAN_6MP)).set_index("time")
    survival, std_error = GEHAN_6MP_CURVE[week]
    assert curve.loc[week, "survival"] == pytest.approx(survival, abs=5e-5)
    assert curve.loc[week, "std_error"] == pytest.approx(std_error, abs=5e-5)


def test_gehan_6mp_counts_at_week_6():
    # Hand count: 21 at risk, 3 relapses and 1 censoring at week 6.
    curve = kaplan_meier(*split(GEHAN_6MP)).set_index("time")
    assert curve.loc[6, ["n_at_risk", "n_events", "n_censored"]].tolist() == [21, 3, 1]


def test_gehan_medians():
    # Reference README: 23 weeks for 6-MP, 8 for control (R print(survfit)).
    # Limits by hand from the log-transformed band (see test below): 6-MP 16 to
    # not reached; control 4 to 12.
    six_mp = median_survival(*split(GEHAN_6MP))
    control = median_survival(*split(GEHAN_CONTROL))
    assert six_mp.estimate == 23
    assert six_mp.ci_low == 16 and math.isnan(six_mp.ci_high)
    assert any("upper confidence limit" in w for w in six_mp.warnings)
    assert (control.estimate, control.ci_low, control.ci_high) == (8, 4, 12)


def test_gehan_control_median_limits_by_hand():
    # Greenwood sums for the control arm, d / (n (n - d)):
    # t=3: 2/(21*19) + 2/(19*17) + 1/(17*16) = 0.014881, S = 16/21 = 0.7619,
    #   lower = 0.7619 * exp(-1.96 * sqrt(0.014881)) = 0.600 > 0.5;
    # t=4: + 2/(16*14) = 0.023810, S = 0.6667, lower = 0.4928 <= 0.5 -> 4.
    # t=12: sum 0.202381, S = 0.1905, upper = 0.1905 * exp(1.96*0.4499) = 0.460
    #   <= 0.5, while t=11 gives 0.562 -> upper limit 12.
    curve = kaplan_meier(*split(GEHAN_CONTROL)).set_index("time")
    assert curve.loc[3, "ci_low"] == pytest.approx(0.600, abs=1e-3)
    assert curve.loc[4, "ci_low"] == pytest.approx(0.4928, abs=1e-3)
    assert curve.loc[11, "ci_high"] == pytest.approx(0.562, abs=1e-3)
    assert curve.loc[12, "ci_high"] == pytest.approx(0.460, abs=1e-3)


def test_gehan_log_rank():
    # Reference README: log-rank chi-square 16.79 on 1 df (R survdiff).
    data = gehan()
    result = log_rank_test(data["time"], data["cens"], data["treat"])
    assert result.statistic == pytest.approx(16.79, abs=0.005)
    assert result.df == 1
    assert result.p_value == pytest.approx(4.17e-5, rel=0.01)


# R summary(survfit(Surv(time, status) ~ x, data = aml)), x = Maintained:
# time, n.risk, n.event, survival, std.err, lower 95% CI, upper 95% CI.
AML_MAINTAINED_SUMMARY = [
    (9, 11, 1, 0.909, 0.0867, 0.7541, 1.000),
    (13, 10, 1, 0.818, 0.1163, 0.6192, 1.000),
    (18, 8, 1, 0.716, 0.1397, 0.4884, 1.000),
    (23, 7, 1, 0.614, 0.1526, 0.3769, 0.999),
    (31, 5, 1, 0.491, 0.1642, 0.2549, 0.946),
    (34, 4, 1, 0.368, 0.1627, 0.1549, 0.875),
    (48, 2, 1, 0.184, 0.1535, 0.0359, 0.944),
]


@pytest.mark.parametrize("row", AML_MAINTAINED_SUMMARY, ids=lambda r: f"t{r[0]}")
def test_aml_maintained_matches_r_summary(row):
    time, n_risk, n_event, survival, std_err, low, high = row
    curve = kaplan_meier(*split(AML_MAINTAINED)).set_index("time")
    got = curve.loc[time]
    assert (got["n_at_risk"], got["n_events"]) == (n_risk, n_event)
    # R prints 3 decimals for survival, 4 for the rest.
    assert got["survival"] == pytest.approx(survival, abs=5e-4)
    assert got["std_error"] == pytest.approx(std_err, abs=5e-5)
    assert got["ci_low"] == pytest.approx(low, abs=5e-5)
    assert got["ci_high"] == pytest.approx(high, abs=5e-4)
    assert got["transform"] == "log"


def test_aml_medians():
    # R print(survfit(Surv(time, status) ~ x, data = aml)): median 31 for
    # Maintained (0.95 LCL 18, UCL NA) and 23 for Nonmaintained (LCL 8, UCL NA).
    maintained = median_survival(*split(AML_MAINTAINED))
    other = median_survival(*split(AML_NONMAINTAINED))
    assert (maintained.estimate, maintained.ci_low) == (31, 18)
    assert math.isnan(maintained.ci_high)
    assert (other.estimate, other.ci_low) == (23, 8)
    assert math.isnan(other.ci_high)


def test_aml_log_rank_matches_survdiff():
    # R survdiff(Surv(time, status) ~ x, data = aml): Observed 7 and 11,
    # Expected 10.69 and 7.31, Chisq = 3.4 on 1 df, p = 0.0653.
    data = aml()
    result = log_rank_test(data["time"], data["status"], data["x"])
    table = result.details["groups"].set_index("group")
    assert table["observed"].tolist() == [7, 11]
    assert table["expected"].tolist() == pytest.approx([10.69, 7.31], abs=0.005)
    assert result.statistic == pytest.approx(3.4, abs=0.05)
    assert result.p_value == pytest.approx(0.0653, abs=5e-5)


def test_log_log_interval_by_hand():
    # aml Maintained at week 9: S = 10/11, Var(log S) = 1/(11*10) = 0.0090909.
    # sd(log(-log S)) = sqrt(0.0090909) / |log(10/11)| = 0.095346 / 0.095310
    # = 1.000375; limits S ** exp(+-1.959964 * 1.000375):
    # lower = (10/11) ** 7.1049 = 0.5081, upper = (10/11) ** 0.14075 = 0.9867.
    curve = kaplan_meier(*split(AML_MAINTAINED), transform="log-log")
    first = curve.set_index("time").loc[9]
    assert first["ci_low"] == pytest.approx(0.5081, abs=1e-4)
    assert first["ci_high"] == pytest.approx(0.9867, abs=1e-4)
    assert curve.attrs["transform"] == "log-log"


def test_agrees_with_statsmodels_survfunc():
    # An independent implementation: statsmodels SurvfuncRight on gehan 6-MP.
    from statsmodels.duration.survfunc import SurvfuncRight

    times, events = split(GEHAN_6MP)
    reference = SurvfuncRight(np.array(times, float), np.array(events, float))
    curve = kaplan_meier(times, events).set_index("time")
    at_events = curve.loc[reference.surv_times]
    np.testing.assert_allclose(at_events["survival"], reference.surv_prob, atol=1e-12)
    np.testing.assert_allclose(
        at_events["std_error"], reference.surv_prob_se, atol=1e-12
    )


def test_all_censored_curve_stays_at_one_and_median_not_reached():
    curve = kaplan_meier([3, 5, 8], [0, 0, 0])
    assert curve["survival"].tolist() == [1.0, 1.0, 1.0]
    assert curve["n_events"].sum() == 0
    assert any("No events" in w for w in curve.attrs["warnings"])
    median = median_survival([3, 5, 8], [0, 0, 0])
    assert median.status == "not estimable"
    assert "Median not reached" in median.warnings[-1]


def test_log_rank_without_events_is_not_estimable():
    result = log_rank_test([3, 5, 8, 9], [0, 0, 0, 0], ["a", "a", "b", "b"])
    assert result.status == "not estimable"
    assert "No events" in result.warnings[0]


def test_log_rank_with_one_group_is_not_estimable():
    result = log_rank_test([3, 5], [1, 1], ["a", "a"])
    assert result.status == "not estimable"


def test_log_rank_group_of_one_by_hand():
    # Times 1..4 all events; group b is the single person at time 2.
    # t=1: 4 at risk (b 1), E_b = 1/4, V = (1/4)(3/4)(n - d)/(n - 1) = 0.1875
    # t=2: 3 at risk (b 1), E_b = 1/3, V = (1/3)(2/3) = 0.2222
    # O_b = 1, E_b = 0.5833, V = 0.4097; chi-square = 0.4167^2/0.4097 = 0.4237.
    result = log_rank_test([1, 2, 3, 4], [1, 1, 1, 1], ["a", "b", "a", "a"])
    assert result.statistic == pytest.approx(0.4237, abs=1e-4)
    assert any("single person" in w for w in result.warnings)


def test_missing_values_are_dropped_and_counted():
    times, events = split(AML_MAINTAINED)
    curve = kaplan_meier([*times, np.nan, 4.0], [*events, 1, None])
    assert curve.attrs["n"] == 11 and curve.attrs["n_dropped"] == 2
    assert curve.set_index("time").loc[31, "survival"] == pytest.approx(0.491, abs=5e-4)
    data = aml()
    groups = data["x"].where(data.index != 0)  # first row loses its group
    result = log_rank_test(data["time"], data["status"], groups)
    assert result.n == 22
    assert "1 row(s)" in result.warnings[0]


def test_curve_that_reaches_zero_has_undefined_se():
    # Everyone has the event: S = 2/3, 1/3, 0; R reports NA limits at 0.
    curve = kaplan_meier([1, 2, 3], [1, 1, 1])
    last = curve.iloc[-1]
    assert last["survival"] == 0
    assert math.isnan(last["std_error"]) and math.isnan(last["ci_low"])


def test_median_at_exactly_one_half_takes_the_midpoint():
    # S = 0.75, 0.5, 0.25, 0 at times 1..4: flat at 0.5 from 2 to 3 -> 2.5.
    assert median_survival([1, 2, 3, 4], [1, 1, 1, 1]).estimate == 2.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"durations": [1, -2], "events": [1, 1]}, "durations: expected finite"),
        ({"durations": [1, 2], "events": [1, 2]}, "events: expected 1"),
        ({"durations": [1, 2], "events": [1]}, "events: expected one flag"),
        ({"durations": [1], "events": [1], "transform": "arcsine"}, "transform"),
        ({"durations": [1], "events": [1], "confidence": 95}, "confidence"),
        ({"durations": ["a"], "events": [1]}, "durations: expected numbers"),
        ({"durations": [np.nan], "events": [1]}, "at least one complete"),
    ],
)
def test_bad_input_names_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        kaplan_meier(**kwargs)
