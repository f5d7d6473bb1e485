"""Git history as the audit trail."""
