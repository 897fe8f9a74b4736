"""`usm-lint server`: the language server (LSP over stdio), on the CLI's core.

pygls is part of the default install but imported only when the server
starts, so `check` never pays for it. usm_lint/server/server.py maps its
modules; state.py tells how it runs.
"""

from __future__ import annotations

import logging
import sys


def run_server() -> int:
    """Serve one client over stdin/stdout until it exits; the exit code."""
    try:
        from usm_lint.server.server import create_server
    except ImportError as error:
        print(f"usm-lint: the language server needs pygls 2 ({error}), which `pip install "
              "usm-lint` installs; reinstall usm-lint in this environment", file=sys.stderr)
        return 2
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="usm-lint server: %(levelname)s %(name)s: %(message)s")
    from usm_lint.server.transport import BoundedInput

    server = create_server()
    server.start_io(stdin=BoundedInput(sys.stdin.buffer))  # type: ignore[arg-type]
    # The LSP's exit code: 0 after `shutdown`, 1 when the client exits (or is
    # gone) without asking for it.
    return 0 if server.shut_down else 1
