"""What `collectstatic` publishes: the app's own files and the pinned assets its pages use,
nothing a page never loads."""

from django.contrib.staticfiles.management.commands.collectstatic import Command


def _collected(tmp_path, settings) -> set[str]:
    """The files `collectstatic` would copy into an empty STATIC_ROOT (a dry run)."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    command = Command()
    command.set_options(
        interactive=False, verbosity=0, link=False, clear=False, dry_run=True,
        ignore_patterns=[], use_default_ignore_patterns=True, post_process=False,
    )  # fmt: skip
    found = command.collect()
    return {path.replace("\\", "/") for path in found["modified"] + found["unmodified"]}


def test_the_swagger_ui_is_published_and_the_unserved_redoc_bundle_is_not(tmp_path, settings):
    collected = _collected(tmp_path, settings)
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in collected
    assert "cdtt/site.css" in collected
    redoc = sorted(p for p in collected if "redoc" in p.lower())
    assert redoc == []
