"""Benchmark against the 2019 VNG survey of municipal data labs (pure feature core)."""
