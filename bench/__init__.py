"""Benchmarks and synthetic corpora for the archive build (tooling, not part of the product)."""
