"""Output for CI systems: GitHub, GitLab Code Quality, SARIF, JUnit and merge-request comments."""
