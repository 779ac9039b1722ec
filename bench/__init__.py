"""Benchmarks: a volume seed generator and timings of the reports on it (see docs/PERFORMANCE.md)."""
