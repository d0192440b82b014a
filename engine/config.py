"""Settings: where the workspace lives, which model answers, and the limits.

Settings come from, in rising priority: defaults, environment variables
(`SYNTHCOMP_*`, plus `OPENAI_API_KEY`), then command-line flags. They are
resolved once into a frozen pydantic model that the rest of the engine is
handed, so no module reads the environment on its own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr

Backend = Literal["scripted", "openai", "local"]


def default_workspace() -> Path:
    return Path(user_data_dir("synthcomp", appauthor=False)) / "workspace"


class ModelSettings(BaseModel):
    """How to reach a model. The API key is a SecretStr so it never prints or serialises."""

    model_config = ConfigDict(frozen=True)

    backend: Backend = "scripted"
    model: str = "scripted-1"
    base_url: str | None = None
    api_key: SecretStr | None = Field(default=None, exclude=True, repr=False)
    timeout_s: float = 120.0
    max_attempts: int = 6
    deadline_s: float = 600.0
    validation_retries: int = 2
    seed: int = 0


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    workspace: Path = Field(default_factory=default_workspace)
    model: ModelSettings = Field(default_factory=ModelSettings)
    debug: bool = False

    @classmethod
    def resolve(
        cls,
        *,
        workspace: str | Path | None = None,
        backend: str | None = None,
        model: str | None = None,
        base_url: str | None = None,
        debug: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> Settings:
        """Merge flags over environment over defaults."""
        env = os.environ if env is None else env
        ws = workspace or env.get("SYNTHCOMP_WORKSPACE") or default_workspace()
        chosen_backend = backend or env.get("SYNTHCOMP_BACKEND") or "scripted"
        if chosen_backend not in ("scripted", "openai", "local"):
            from engine.errors import ConfigError

            raise ConfigError(
                f"unknown backend {chosen_backend!r}: choose scripted, openai or local"
            )
        key = env.get("SYNTHCOMP_API_KEY") or env.get("OPENAI_API_KEY")
        default_model = "scripted-1" if chosen_backend == "scripted" else "gpt-4o-mini"
        ms = ModelSettings(
            backend=chosen_backend,  # type: ignore[arg-type]
            model=model or env.get("SYNTHCOMP_MODEL") or default_model,
            base_url=base_url or env.get("SYNTHCOMP_BASE_URL") or None,
            api_key=SecretStr(key) if key else None,
        )
        return cls(workspace=Path(ws).expanduser(), model=ms, debug=debug)
