"""The application layer: every command opens its repository, scope and pipeline here."""
