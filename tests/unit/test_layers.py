"""Dependency direction (DESIGN.md): web, api, cli -> services -> domain + models -> extensions. A module that
reaches upwards or sideways (the API into web pages) fails here, so the layers stay as docs/ARCHITECTURE.md says."""
import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "posyandu_app"


def imported_modules(path: Path) -> set[str]:
    """Absolute dotted names a module imports (relative imports resolved against its package)."""
    package = path.relative_to(APP.parent).with_suffix("").parts[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def offenders(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{path.relative_to(APP)}: {name}" for path in (APP / layer).rglob("*.py")
                  for name in imported_modules(path)
                  if any(name == bad or name.startswith(bad + ".") for bad in forbidden))


def test_api_does_not_import_web_pages():
    assert offenders("api", ("posyandu_app.web",)) == []


def test_web_does_not_import_the_api():
    assert offenders("web", ("posyandu_app.api",)) == []


def test_services_import_no_edge_layer():
    assert offenders("services", ("posyandu_app.web", "posyandu_app.api", "posyandu_app.cli")) == []


def test_domain_imports_nothing_of_the_app_or_flask():
    assert offenders("domain", ("posyandu_app.models", "posyandu_app.services", "posyandu_app.extensions",
                                "posyandu_app.web", "posyandu_app.api", "flask", "sqlalchemy")) == []


def test_the_fhir_mapping_is_pure():
    assert offenders("fhir", ("posyandu_app.models", "posyandu_app.services", "posyandu_app.extensions",
                              "posyandu_app.web", "posyandu_app.api", "flask", "sqlalchemy")) == []


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph, or [] (depth-first search; imports inside functions count too)."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = "done"
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_services_have_no_import_cycle_and_take_no_private_names_from_each_other():
    modules = {".".join(path.relative_to(APP.parent).with_suffix("").parts).removesuffix(".__init__"): path
               for path in (APP / "services").rglob("*.py")}
    graph = {name: {other for other in imported_modules(path) if other in modules and other != name}
             for name, path in modules.items()}
    assert _cycle(graph) == []
    private = sorted(f"{name}: {other}" for name, path in modules.items() for other in imported_modules(path)
                     if other.rpartition(".")[0] in modules and other.rpartition(".")[2].startswith("_"))
    assert private == []


def test_services_know_no_request():
    """A service runs the same from a CLI, a test or a job: configuration and the caller come in as arguments,
    never from Flask's request context (request, g, session, current_app, current_user)."""
    assert offenders("services", ("flask", "flask_login", "werkzeug.local")) == []


# Translation reads the request's language (i18n.get_language, formats): a service returns codes and values and
# the edge (api/, web/, templates) translates, so a service runs the same from a CLI, a test or a job.
def test_services_do_not_translate():
    edge_modules = ("posyandu_app.i18n", "posyandu_app.formats")
    assert offenders("services", edge_modules) == []


def test_visit_kinds_are_declarations_below_the_services():
    """The registry is read by services, api and web: it may name models, schemas and rule data, never use them."""
    edges = ("posyandu_app.web", "posyandu_app.api", "posyandu_app.cli", "posyandu_app.services", "flask")
    assert offenders("visit_kinds", edges) == []
    assert [name for name in imported_modules(APP / "sync_fields.py") if name.startswith(edges)] == []


def test_the_sync_ingest_words_no_message():
    """Refusals leave the ingest as catalog keys and values; api/sync.py words them in the user's languages."""
    worded = sorted(f"{path.relative_to(APP)}: {name}" for path in (APP / "services").glob("sync_*.py")
                    for name in imported_modules(path) if name.startswith("posyandu_app.i18n"))
    assert worded == []
