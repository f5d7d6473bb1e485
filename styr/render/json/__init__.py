"""Output for scripts: JSON documents."""
