"""Benchmarks and calibration scripts: they print figures, they are not tests."""
