"""The shape of the code, read from its syntax tree: module and function sizes, and which app may
import which (docs/architecture.md, «Правила зависимостей»). Every import statement counts,
also one inside a function: a lazy import is still a dependency."""

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "profrost"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 50

DOMAIN = {
    "accounts",
    "demo",
    "registry",
    "competences",
    "diagnostics",
    "programs",
    "routes",
    "methodists",
    "network",
    "mentoring",
    "achievements",
    "practices",
    "staffing",
    "monitoring",
    "datarequests",
    "notifications",
}
LOOP_APPS = {"diagnostics", "programs", "routes", "network", "monitoring"}


def source_files():
    return sorted(path for path in ROOT.rglob("*.py") if "migrations" not in path.parts)


def module_name(path):
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(path):
    """Every module the file names in an import, relative imports resolved; `from a import b`
    names both a and a.b, since b may be a module."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


@cache
def graph():
    modules = {module_name(path): path for path in source_files()}
    return {name: set(imported(path)) for name, path in modules.items()}


def app_of(module):
    """The app a dotted name is in; None outside profrost and for project-level modules."""
    parts = module.split(".")
    is_app = parts[0] == "profrost" and len(parts) > 1 and (ROOT / parts[1]).is_dir()
    return parts[1] if is_app else None


def imports_between(source_app, target_apps):
    return sorted(
        f"{module} → {target}"
        for module, targets in graph().items()
        if app_of(module) == source_app
        for target in targets
        if app_of(target) in target_apps
    )


def test_no_module_is_longer_than_500_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in source_files()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_longer_than_50_lines():
    long = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})"
        for path in source_files()
        for node in ast.walk(tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := node.end_lineno - node.lineno + 1) > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_the_graph_is_read():
    """The checks below mean something only if the imports are found at all."""
    assert len(graph()) > 300
    assert "profrost.core.views" in graph()["profrost.registry.views"]
    assert "profrost.routes.services.common" in graph()["profrost.routes.services.flow"]
    assert app_of("profrost.routes.services.flow") == "routes"
    assert app_of("profrost.home") is None


def test_core_knows_no_domain_app():
    assert imports_between("core", DOMAIN) == []


def test_registry_does_not_import_the_loop():
    assert imports_between("registry", LOOP_APPS) == []


@pytest.mark.parametrize("app", sorted(DOMAIN | {"core"}))
def test_no_app_imports_the_api(app):
    assert imports_between(app, {"api"}) == []


def test_notifications_import_no_domain_app_but_accounts_mail():
    """The domain apps call notifications.services; notifications knows none of them."""
    assert imports_between("notifications", DOMAIN - {"notifications", "accounts"}) == []


def test_competences_do_not_import_diagnostics():
    assert imports_between("competences", {"diagnostics"}) == []


def same_app_edges():
    """{module: the modules of its own app it imports}."""
    modules = graph()
    return {
        module: {
            target
            for target in targets
            if target in modules and target != module and app_of(target) == app_of(module)
        }
        for module, targets in modules.items()
    }


def circles():
    """Strongly connected groups of more than one module of the same app (Tarjan)."""
    edges = same_app_edges()
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set()
            while not group or module not in group:
                group.add(stack.pop())
            on_stack.difference_update(group)
            if len(group) > 1:
                found.append(sorted(group))

    for module in list(edges):
        if module not in index:
            visit(module)
    return found


def test_no_circle_between_modules_of_one_app():
    assert circles() == []
