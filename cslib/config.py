"""One settings object for the whole app, read from the environment (prefix-free names).

Every setting is documented in README.md; tests/unit/test_config.py checks that.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty: a SQLite file at CS_DATA_DIR/cs.db.",
    )
    cs_data_dir: Path = Field(
        default=PROJECT_ROOT / "data",
        description="Folder for the embedded database and export files.",
    )
    cs_demo_data: bool = Field(
        default=True,
        description="Fill an empty database with demo data on first start.",
    )
    cs_in_app_scheduler: bool = Field(
        default=True,
        description="Let the app run the scheduler itself while no worker holds the lease.",
    )
    cs_session_days: int = Field(default=14, description="Days a sign-in stays valid without use.")
    cs_cookie_secure: bool = Field(
        default=False,
        description="Send the session cookie over HTTPS only (it is anyway when the request came over HTTPS).",
    )
    cs_trusted_proxy_hops: int = Field(
        default=0,
        description=(
            "Reverse proxies in front of the app that append the client address to "
            "X-Forwarded-For; 0: the header is not read for sign-in throttling."
        ),
    )
    cs_lease_seconds: int = Field(
        default=30,
        description="Scheduler lease length; a dead scheduler is replaced after it.",
    )
    cs_job_timeout_seconds: int = Field(
        default=600,
        description="A queued job still 'running' after this long is retried.",
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.cs_data_dir / 'cs.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
