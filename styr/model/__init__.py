"""The in-memory model: frozen dataclasses for vision, units, goals, indicators and activities."""
