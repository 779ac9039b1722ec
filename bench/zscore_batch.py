"""Benchmark: process_csv on N generated child rows (default 100,000); prints rows/s. Not a test.

    .venv/bin/python -m bench.zscore_batch [N] [--under-five]

Ages 0-19 years (0-7,000 days: WHO 2006 under five, WHO 2007 reference from 1,827 days, a few past 228 months);
--under-five keeps the earlier mix (0-1,830 days) for comparison.
"""
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from posyandu_app.services.zscore_batch import process_csv


def generate(path, n, seed=1, max_days=7000):
    """Plausible and some impossible rows: all indices, both measuring positions, oedema, ages 0-max_days days."""
    rnd = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "nama", "sex", "age_days", "weight_kg", "length_cm", "measured", "head_cm", "muac_cm",
                         "oedema"])
        for i in range(n):
            age = rnd.randint(0, max_days)
            share = min(age, 1826) / 1826
            older = max(0, age - 1826) / 5113  # 5 to 19 years: about +40 kg and +60 cm
            writer.writerow([i, f"anak {i}", rnd.choice("MFLP"), age,
                             round(3 + share * 15 + older * 40 + rnd.gauss(0, 1.5 + older * 5), 1),
                             round(50 + share * 60 + older * 60 + rnd.gauss(0, 4), 1), rnd.choice(["L", "H", ""]),
                             round(34 + share * 16 + rnd.gauss(0, 1.5), 1), round(rnd.uniform(10, 18), 1),
                             rnd.choice(["n", "n", "n", "y", ""])])


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 100_000
    max_days = 1830 if "--under-five" in sys.argv else 7000
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        generate(source, n, max_days=max_days)
        start = time.perf_counter()
        report = process_csv(source, target)
        seconds = time.perf_counter() - start
    print(f"process_csv, ages 0-{max_days} days: {n} rows in {seconds:.2f} s ({n / seconds:,.0f} rows/s); "
          f"{report['ok']} computed, {len(report['errors'])} rows with errors")


if __name__ == "__main__":
    main()
