"""Entry point for `python -m styr`."""

from styr.cli import main

main()
