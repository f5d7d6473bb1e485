"""Writing: the twin of load/, changing exactly the intended values of a user's files and nothing else."""
