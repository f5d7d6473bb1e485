"""Renderers: turn prepared results into text for people and machines. The only place that formats output."""
