"""Benchmarks of the generator and the built site on synthetic archives: `python -m benchmarks --help`."""
