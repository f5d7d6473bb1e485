"""Every Swedish rendering of a value, each written once.

numbers (1 234,5 · −2 · 96,6 %), values (högst 5 · 40–60 % · ja/nej · directions · counts), periods
(period and month names, dates), scale (colour words, labels and symbols; distributions), activities
(status words and symbols), money (tkr, a signed avvikelse, överskott/underskott) and escape (user text made
inert for Markdown). Outputs never format a value themselves: they call these, so a number or a colour reads
the same in the terminal, in CI and in reports.
"""
