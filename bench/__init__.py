"""Benchmarks for styr: synthetic goal repositories, the YAML parse floor and a timing runner."""
