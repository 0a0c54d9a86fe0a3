"""Errors meant for users: each carries a message key (see dshub/locales) and parameters.

Pages catch :class:`UserError` and show ``t(err.key, lang, **err.params)``; any
other exception is logged and the user sees a short generic message.
"""

from __future__ import annotations


class UserError(Exception):
    key = "error.generic"

    def __init__(self, key: str | None = None, **params: object):
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class NotFound(UserError):
    key = "error.not_found"


class Forbidden(UserError):
    key = "error.forbidden"


class Invalid(UserError):
    key = "error.invalid"


class RateLimited(UserError):
    key = "error.rate_limited"


class Conflict(UserError):
    """A save based on an older version: nothing was overwritten; ``current`` holds the newer one."""

    key = "error.conflict"

    def __init__(self, key: str | None = None, *, current: object = None, **params: object):
        super().__init__(key, **params)
        self.current = current
