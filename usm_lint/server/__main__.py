"""`python -m usm_lint.server`: the language server over stdio."""

import sys

from usm_lint.server import run_server

sys.exit(run_server())
