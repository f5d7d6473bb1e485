"""Loading: read the goal repository's files safely into positioned documents."""
