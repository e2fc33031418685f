"""The one settings object. Every value comes from ``ALLIANCE_*`` environment
variables (or a ``.env`` file); nothing else in the code reads the environment."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GRAPH_URI = f"embedded://{PROJECT_ROOT / 'var' / 'graph'}"
DEV_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ALLIANCE_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    graph_uri: str = DEFAULT_GRAPH_URI
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    host: str = "127.0.0.1"
    port: int = 8000
    seed: int = 20240817
    var_dir: Path = PROJECT_ROOT / "var"
    # Accounts: sessions last two weeks; five failed sign-ins in 15 minutes lock an
    # e-mail (and an address) out until the window passes.
    session_days: int = 14
    signin_max_failures: int = 5
    signin_window_seconds: int = 900
    reset_token_minutes: int = 30
    # "log" writes e-mail to var/mail.log; a real sender plugs in by name.
    mail_sender: str = "log"
    public_url: str = "http://127.0.0.1:8000"
    taxonomy_path: Path = PROJECT_ROOT / "seed" / "data" / "taxonomy.json"
    # Fit the job and candidate indexes in the background as the server starts, so
    # the first person to ask does not wait for them.
    warm_matcher: bool = True
    # The embedded store's page cache in MiB (0: the engine's default, 80 % of RAM).
    embedded_buffer_pool_mb: int = 2048
    # How many reads the embedded store runs at once; the rest wait their turn. Each
    # takes working memory from the buffer pool, and more than the cores gain nothing
    # (bench/concurrent_reads, docs/benchmarks.md).
    embedded_readers: int = Field(default_factory=lambda: min(4, os.cpu_count() or 1), ge=1, le=64)

    @property
    def secure_cookies(self) -> bool:
        """Browsers drop Secure cookies on plain http://localhost, so development
        and tests send them without the flag; production always sets it."""
        return self.environment == "production"

    @model_validator(mode="after")
    def _no_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key.get_secret_value() == DEV_SECRET:
            raise ValueError("ALLIANCE_SECRET_KEY must be set in production")
        return self

    @property
    def store_kind(self) -> Literal["embedded", "neo4j"]:
        return "embedded" if self.graph_uri.startswith("embedded://") else "neo4j"

    @property
    def embedded_path(self) -> Path:
        raw = self.graph_uri.removeprefix("embedded://")
        return Path(raw)


@lru_cache
def get_settings() -> Settings:
    return Settings()
