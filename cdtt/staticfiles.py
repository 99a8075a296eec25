"""Static files: what `collectstatic` copies for the server to serve."""

from django.contrib.staticfiles.finders import AppDirectoriesFinder

# No URL serves ReDoc (the API's documentation is Swagger UI, at /api/docs/): its bundle from
# drf-spectacular-sidecar (1 MB of a third party's script that reaches for the internet) is
# not published with the app's own files.
UNSERVED = ["drf_spectacular_sidecar/redoc/*"]


class AppStaticFinder(AppDirectoriesFinder):
    """Django's finder of the apps' `static/` folders, leaving out what no page loads."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *UNSERVED])
