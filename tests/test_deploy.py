"""Production settings: `hamkori check --deploy` is clean, and the console script works."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _hamkori(args, tmp_path, **env):
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith(("HAMKORI_", "DATABASE_URL"))
    }
    environ.update({"HAMKORI_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "hamkori", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = _hamkori(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        HAMKORI_DEBUG="false",
        HAMKORI_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        HAMKORI_ALLOWED_HOSTS="hamkori.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_debug_is_on(tmp_path):
    result = _hamkori(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        HAMKORI_DEBUG="true",
        HAMKORI_SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_secret_key_is_generated_once_per_data_dir(tmp_path):
    first = _hamkori(
        ["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"], tmp_path
    )
    second = _hamkori(
        ["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"], tmp_path
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
