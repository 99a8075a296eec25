"""The map of docs/architecture.md holds: data flows one way between the domain apps
(orgunits ← accounts ← teams ← activities ← reports, portal, helpsessions, skills ←
dashboard, steering ← home),
and the shared services (audit, notify, jobs, spreadsheets, backup) call no domain app back.

Read from the source (every `import`, also inside functions), tests and migrations aside.
"""

import ast
from pathlib import Path

CDTT = Path(__file__).resolve().parent.parent

# Lowest first: an app may import the apps of its own layer's left and below, never above.
LAYERS = [
    {"orgunits"},
    {"accounts"},
    {"teams"},
    {"activities"},
    {"reports", "portal", "helpsessions", "skills"},
    {"dashboard", "steering"},
    {"home"},
    {"demo"},  # builds a whole district: sits on everything
]
# Called from anywhere, calling no domain app back but for the user model and the scoping
# function of accounts (their own pages are scoped like any other).
SERVICES = {"audit", "notify", "jobs", "spreadsheets", "backup"}
SERVICES_MAY_IMPORT = {"accounts", "orgunits"}  # orgunits: the subtree queryset (scoping)
# Upward imports the map allows, each for its reason.
ALLOWED = {
    # Every page and API route scopes its reads through accounts.scoping (STYLE.md, 3),
    # the administrative tree's own included.
    ("orgunits", "accounts"): {"orgunits/views.py", "orgunits/api.py"},
}
NOT_APPS = {"static", "templates", "tests", "__pycache__"}


def level(app: str) -> int:
    return next(n for n, layer in enumerate(LAYERS) if app in layer)


def imports(root: Path = CDTT) -> dict[tuple[str, str], set[str]]:
    """(importing app, imported app) → the importing files, relative to cdtt/."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in root.rglob("*.py"):
        where = path.relative_to(root)
        if len(where.parts) < 2 or {"tests", "migrations"} & set(where.parts):
            continue
        app = where.parts[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "cdtt" and len(parts) > 1 and parts[1] != app:
                    found.setdefault((app, parts[1]), set()).add(where.as_posix())
    return found


def apps() -> set[str]:
    return {p.name for p in CDTT.iterdir() if p.is_dir() and p.name not in NOT_APPS}


def test_every_app_has_its_place_on_the_map():
    placed = set().union(*LAYERS) | SERVICES
    assert apps() <= placed, f"place {sorted(apps() - placed)} in LAYERS or SERVICES"


def test_lower_apps_never_import_higher_ones():
    known = set().union(*LAYERS)
    wrong = []
    for (app, imported), files in sorted(imports().items()):
        if app in known and imported in known and level(imported) > level(app):
            files = files - ALLOWED.get((app, imported), set())
            wrong += [f"{file} imports cdtt.{imported}" for file in sorted(files)]
    assert wrong == []


def test_services_call_no_domain_app_back():
    domain = set().union(*LAYERS)
    wrong = [
        f"{file} imports cdtt.{imported}"
        for (app, imported), files in sorted(imports().items())
        if app in SERVICES and imported in domain - SERVICES_MAY_IMPORT
        for file in sorted(files)
    ]
    assert wrong == []


def test_the_map_sees_an_import_that_breaks_it(tmp_path):
    """The check itself: an orgunits module importing reports is caught."""
    tree = tmp_path / "cdtt"
    for app in ("orgunits", "reports"):
        (tree / app).mkdir(parents=True)
    (tree / "orgunits" / "models.py").write_text("def f():\n    from cdtt.reports import x\n")
    assert imports(tree) == {("orgunits", "reports"): {"orgunits/models.py"}}
