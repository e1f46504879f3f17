#!/usr/bin/env python
"""Django's command-line utility for administrative tasks (the `qvct` command wraps it)."""

import sys

if __name__ == "__main__":
    from qvct.cli import main

    sys.exit(main(["manage.py", *sys.argv[1:]]))
