"""The `hamkori` console script: Django's management commands with Hamkori's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        # The demo serves plain HTTP on this machine: secure-only cookies would make
        # sign-in impossible there. Production sets HAMKORI_HTTPS itself.
        os.environ.setdefault("HAMKORI_HTTPS", "false")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
