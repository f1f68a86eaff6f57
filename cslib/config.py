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

    cs_public_url: str = Field(
        default="http://localhost:8501",
        description="The address users open the app at; links in e-mails start with it.",
    )
    cs_export_part_rows: int = Field(
        default=1_000_000,
        ge=1,
        description="Rows per file of an export; a longer export is split into parts in one zip.",
    )
    cs_export_days: int = Field(default=30, ge=1, description="Days an export file can be downloaded.")
    cs_import_max_mb: int = Field(
        default=50, ge=1, le=1024, description="Largest CSV or XLSX file an import accepts, in megabytes."
    )
    cs_smtp_host: str = Field(default="", description="Mail server for notification e-mails; empty: no e-mail.")
    cs_smtp_port: int = Field(default=587, description="Mail server port.")
    cs_smtp_user: str = Field(default="", description="Mail server user name; empty: no login.")
    cs_smtp_password: str = Field(default="", description="Mail server password.")
    cs_smtp_tls: str = Field(
        default="starttls",
        pattern="^(starttls|ssl|none)$",
        description="starttls, ssl (implicit TLS, usually port 465) or none.",
    )
    cs_smtp_from: str = Field(
        default="Customer Success <no-reply@localhost>",
        description="The sender of notification e-mails.",
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.cs_data_dir / 'cs.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
