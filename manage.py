#!/usr/bin/env python
"""Django's command-line utility: Django's own commands (`check --deploy`…) plus the project's; `qvct` wraps it."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qvct.settings.dev")
    from django.core.management import execute_from_command_line

    from qvct import argfrench

    argfrench.install()
    execute_from_command_line(sys.argv)
