"""Test tools: the headless browser and the Nu HTML Checker used by the report tests."""
