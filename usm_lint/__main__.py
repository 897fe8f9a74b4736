"""`python -m usm_lint` is the `usm-lint` command."""

from usm_lint.launch import entry

entry()
