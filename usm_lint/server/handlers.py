"""How a handler is registered: guarded, so that its failure is logged
(window/logMessage) and answered with nothing rather than an error."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from pygls.exceptions import JsonRpcException

from usm_lint.server.state import UsmLanguageServer

Handler = Callable[..., Any]


def guarded(server: UsmLanguageServer, function: Handler) -> Handler:
    """A handler that logs its failure (window/logMessage) instead of failing."""
    name = function.__name__.replace("_", " ")
    if inspect.iscoroutinefunction(function):
        @functools.wraps(function)
        async def wrapper_async(params: Any) -> Any:
            try:
                return await function(params)
            except JsonRpcException:
                raise
            except Exception:
                server.log_failure(name)
                return None

        return wrapper_async

    @functools.wraps(function)
    def wrapper(params: Any) -> Any:
        try:
            return function(params)
        except JsonRpcException:
            raise
        except Exception:
            server.log_failure(name)
            return None

    return wrapper


def feature(server: UsmLanguageServer, method: str, handler: Handler,
            options: Any = None) -> None:
    """Answer `method` with `handler` (its name, spaced, names it in the log)."""
    server.feature(method, options)(guarded(server, handler))
