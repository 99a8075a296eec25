"""Static files: what `collectstatic` copies for the server to serve."""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """Django's, leaving out drf-spectacular-sidecar's ReDoc bundle: no URL serves ReDoc (the
    API's documentation is Swagger UI, at /api/docs/), so the bundle (1 MB of a third party's
    script that reaches for the internet) is not published with the app's own files."""

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "drf_spectacular_sidecar/redoc/*"]
