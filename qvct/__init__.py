"""Guichet QVCT: the Django project that runs QVCT calls for applications end to end."""
