"""Integrations for pull requests: changed-lines filtering (git_diff) and baselines (baseline)."""
