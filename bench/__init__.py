"""Benchmarks: what cdtt costs in time and bytes, measured against a running server."""
