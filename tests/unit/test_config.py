from pathlib import Path

from cslib.config import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_setting_is_documented_in_readme():
    for name in Settings.model_fields:
        assert f"`{name.upper()}`" in README, f"{name.upper()} is missing from README's settings table"


def test_readme_opens_with_exactly_two_commands():
    blocks = README.split("```")
    commands = [b for b in blocks[1::2]]
    assert commands[:2] == ["bash\n./scripts/start\n", "bash\n./scripts/test\n"]


def test_default_database_is_a_sqlite_file_under_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CS_DATA_DIR", str(tmp_path))
    assert Settings().resolved_database_url() == f"sqlite:///{tmp_path / 'cs.db'}"
