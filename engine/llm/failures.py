"""How a model call can end without a usable answer.

All are `ModelError`s with one plain sentence, so the CLI and the TUI show them
as they show any user-facing error. `next_call_idx` tells a caller that keeps
numbering its requests (see `CallContext`) where to continue, since a failed
call may still have sent (and recorded) several requests.
"""

from __future__ import annotations

from engine.errors import ModelError


class CallFailed(ModelError):
    """The call did not produce a usable reply; `status` is what the record says."""

    status: str = "error"

    def __init__(
        self,
        message: str,
        *,
        next_call_idx: int | None = None,
        problems: dict[str, int] | None = None,
    ) -> None:
        super().__init__(message)
        self.next_call_idx = next_call_idx
        self.problems = dict(problems or {})  # what went back to the model before giving up


class ReplyTruncated(CallFailed):
    """The reply stopped at the token limit (`finish_reason == "length"`)."""

    status = "truncated"


class ReplyRefused(CallFailed):
    """The model refused, or a content filter stopped the reply."""

    status = "refused"


class ReplyInvalid(CallFailed):
    """The reply kept failing validation after the allowed repairs."""

    status = "invalid"
