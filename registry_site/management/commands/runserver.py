"""`runserver` (what `make run` starts) with static files served by SafeStaticFilesHandler.

registry_site comes before django.contrib.staticfiles in INSTALLED_APPS, so
this command replaces staticfiles' own; everything but the handler is theirs.
"""

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.contrib.staticfiles.management.commands.runserver import (
    Command as StaticfilesRunserverCommand,
)

from registry_site.static_serving import SafeStaticFilesHandler


class Command(StaticfilesRunserverCommand):
    def get_handler(self, *args, **options):
        handler = super().get_handler(*args, **options)
        if isinstance(handler, StaticFilesHandler):
            return SafeStaticFilesHandler(handler.application)
        return handler
