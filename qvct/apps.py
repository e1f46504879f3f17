"""Application settings of the project itself, and the French name of the background tasks' back-office section."""

from django.apps import AppConfig
from django_tasks_db import apps as tasks_apps


class QvctConfig(AppConfig):
    default = True
    name = "qvct"
    verbose_name = "Guichet QVCT"


class BackgroundTasksConfig(tasks_apps.TasksAppConfig):
    """django-tasks-db, named in French in the back office (its own name is not translatable)."""

    default = False
    verbose_name = "Tâches de fond"
