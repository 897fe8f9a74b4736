"""usm-lint benchmarks: `python -m benchmarks` (see README.md here)."""
