"""One module per command group; `styr.cli` registers them on the app."""
