"""Every Swedish rendering of a value: numbers, ranges, periods, months, colour words, escaping."""
