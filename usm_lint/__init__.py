"""usm-lint: a linter for USM (Unified Service Management) process models."""

__version__ = "0.1.0"

# The rule documentation base ([project.urls] Documentation in pyproject.toml;
# a test keeps the two equal). Each rule's page is DOCS_URL + "/rules/CODE".
DOCS_URL = "https://usm-lint.readthedocs.io/en/latest"
