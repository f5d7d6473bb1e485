"""Validation rules, one module per family (Y, F, K, S, A, O, U), registered in `registry`."""
