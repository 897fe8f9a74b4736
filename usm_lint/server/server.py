"""The language server: `create_server` wires its parts together.

- state.py: the server and what its handlers share: the open documents, the
  worker thread, the debounced checks and publishing their diagnostics (how
  it runs is told there);
- protocol.py: pygls's protocol, with the changes the server needs;
- handlers.py: how a handler is registered (its failure logged);
- features_documents.py: the notifications (lifecycle, documents, watched
  files, folders, settings);
- features_language.py: the requests (code actions, hover, navigation,
  rename, symbols, semantic tokens, formatting, completion).
"""

from __future__ import annotations

from usm_lint.server import features_documents, features_language
from usm_lint.server.state import DEBOUNCE, UsmLanguageServer


def create_server(debounce: float = DEBOUNCE) -> UsmLanguageServer:
    server = UsmLanguageServer(debounce)
    features_documents.register(server)
    features_language.register(server)
    return server
