"""Export the NSW job-training experiment once, from the PyPI package causaldata.

Run with causaldata installed (``pip install causaldata``); it is not a
dependency of evalkit.  Writes ``nsw_mixtape.csv`` beside this file:

- ``person_id``: "nsw001" ... in the package's row order (the data have no id);
- ``treat``, ``age``, ``educ``, ``black``, ``hisp``, ``marr``, ``nodegree`` as given;
- ``re74``, ``re75``, ``re78``: earnings in dollars, stored as float32 in the
  package and cast to float64 here before anything is summed, written with
  four decimals;
- ``employed78``: 1 when re78 > 0, else 0 (derived);
- ``followed_up``: true for everyone (the experimental sample has outcomes for all).
"""

from pathlib import Path

from causaldata import nsw_mixtape

HERE = Path(__file__).resolve().parent


def main() -> None:
    data = nsw_mixtape.load_pandas().data.drop(columns=["data_id"])
    for column in ("re74", "re75", "re78"):
        data[column] = data[column].astype("float64")
    data.insert(
        0, "person_id", [f"nsw{number:03d}" for number in range(1, len(data) + 1)]
    )
    data["employed78"] = (data["re78"] > 0).astype(int)
    data["followed_up"] = "true"
    data.to_csv(HERE / "nsw_mixtape.csv", index=False, float_format="%.4f")


if __name__ == "__main__":
    main()
