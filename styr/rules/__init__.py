"""Validation rules, one module per family (Y, F, K, S, A, O, U, E, H, X), each rule registered once in `registry`.

`context` is what a check receives (and the HistoryReader protocol for the rules that read Git), `run` turns
loading problems and model checks into diagnostics, `closures` says which periods are closed for whom.
"""
