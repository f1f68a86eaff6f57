"""Helpers shared by the settings tabs; they now live in cslib.ui.writes (used by the
record panel and list pages too) and are re-exported here for existing callers."""

from cslib.ui.writes import FLASH_KEY, drawn_version, forget, reload_button, run_write, show_flash

__all__ = ["FLASH_KEY", "drawn_version", "forget", "reload_button", "run_write", "show_flash"]
