"""`python -m usm_lint` is the `usm-lint` command."""

from usm_lint.cli import entry

entry()
