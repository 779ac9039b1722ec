"""Benchmark: process_csv on N generated child rows (default 100,000); prints rows/s. Not a test.

    /work/venv/bin/python -m bench.zscore_batch [N]
"""
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from posyandu_app.services.zscore_batch import process_csv


def generate(path, n, seed=1):
    """Plausible and some impossible rows: all indices, both measuring positions, oedema, ages 0-1830 days."""
    rnd = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "nama", "sex", "age_days", "weight_kg", "length_cm", "measured", "head_cm", "muac_cm",
                         "oedema"])
        for i in range(n):
            age = rnd.randint(0, 1830)
            share = age / 1826
            writer.writerow([i, f"anak {i}", rnd.choice("MFLP"), age, round(3 + share * 15 + rnd.gauss(0, 1.5), 1),
                             round(50 + share * 60 + rnd.gauss(0, 4), 1), rnd.choice(["L", "H", ""]),
                             round(34 + share * 16 + rnd.gauss(0, 1.5), 1), round(rnd.uniform(10, 18), 1),
                             rnd.choice(["n", "n", "n", "y", ""])])


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.csv", Path(folder) / "out.csv"
        generate(source, n)
        start = time.perf_counter()
        report = process_csv(source, target)
        seconds = time.perf_counter() - start
    print(f"process_csv: {n} rows in {seconds:.2f} s ({n / seconds:,.0f} rows/s); "
          f"{report['ok']} computed, {len(report['errors'])} rows with errors")


if __name__ == "__main__":
    main()
