"""The project's modules import one another in layers, without circles.

Every ``import`` statement counts, at module level or inside a function: an import deferred into
a function still makes two modules depend on each other, it only hides the circle until run time.
The models are the lowest layer of the app: nothing in ``tiers/models/`` may import the services
built on them (history, workflow, importing, views…), so that loading the models never loads them.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tiers", "guarantees_site")
SKIPPED = ("tiers/tests", "tiers/migrations")  # tests and migrations are no layer of the code

# What the models may build on besides themselves: modules that import no model.
BELOW_MODELS = {
    "tiers.partial_dates",
    "tiers.validators",
    "tiers.content_version",
    "tiers.cache_tags",
    "tiers.record_urls",
}

# Circles known and not yet untied, each to be removed from here with the import that closes it;
# no other module may join them.
KNOWN_CIRCLES = []


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(SKIPPED):
                modules[module_name(path)] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree):
    """Every import statement, except those only read by type checkers."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules that the module ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _import_nodes(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module
            # ``from package import module`` imports the module; ``from module import name``
            # imports the module that defines the name.
            targets = [
                f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                for alias in node.names
            ]
        found.update(target for target in targets if target in modules and target != name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def circular_groups(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other, directly or not (Tarjan's algorithm)."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(set(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def cycles(graph: dict[str, set[str]], known=()) -> list[list[str]]:
    """One circle of imports, to name in a message, per group not in ``known``."""
    return [_circle(graph, group) for group in circular_groups(graph) if group not in known]


def _circle(graph, group: set[str]) -> list[str]:
    """A path through ``group`` that comes back to where it started, to name in a message."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & group):
            if target == start:
                return paths[node] + [start]
            if target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    raise AssertionError(f"no circle through {sorted(group)}")


def test_the_graph_sees_the_project_imports():
    graph = import_graph()
    assert "tiers.models.base" in graph["tiers.models.actor"]
    assert "tiers.models" in graph["tiers.history"]
    assert "tiers.history" in graph["tiers.importing.writes"]  # `from .. import history`
    assert "tiers.partial_dates" in graph["tiers.models.statement"]


def test_the_modules_import_each_other_without_circles():
    found = cycles(import_graph(), known=KNOWN_CIRCLES)
    assert not found, "Import circles:\n" + "\n".join(" → ".join(c) for c in found)


def test_each_known_circle_is_still_there():
    """Once untied, a circle leaves KNOWN_CIRCLES, so that it cannot come back unnoticed."""
    found = circular_groups(import_graph())
    assert [c for c in KNOWN_CIRCLES if c not in found] == []


def test_the_cycle_finder_names_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    assert cycles(graph, known=[{"a", "b", "c"}]) == []
    graph["c"].add("d")  # a module joining a known circle makes a new group
    assert cycles(graph, known=[{"a", "b", "c"}]) == [["a", "b", "c", "a"]]


def test_the_models_import_nothing_built_on_them():
    allowed = BELOW_MODELS | {"tiers"}
    wrong = {
        name: sorted(
            target
            for target in targets
            if target.startswith(PACKAGES)
            and not target.startswith("tiers.models")
            and target not in allowed
        )
        for name, targets in import_graph().items()
        if name.startswith("tiers.models")
    }
    wrong = {name: targets for name, targets in wrong.items() if targets}
    assert not wrong, f"Model modules importing from above the models: {wrong}"


def test_what_the_models_build_on_imports_no_model():
    graph = import_graph()
    for name in BELOW_MODELS:
        assert not {t for t in graph[name] if t.startswith("tiers.models")}, name


def _connections(tree) -> list[int]:
    """Lines that connect a receiver: ``signal.connect(...)`` or ``@receiver(...)``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Attribute) and func.attr == "connect") or (
                isinstance(func, ast.Name) and func.id == "receiver"
            ):
                lines.append(node.lineno)
    return lines


def test_receivers_are_connected_in_tiers_signals_only():
    elsewhere = {
        name: lines
        for name, path in project_modules().items()
        if name != "tiers.signals" and (lines := _connections(ast.parse(path.read_text())))
    }
    assert not elsewhere, f"Signal receivers connected outside tiers/signals.py: {elsewhere}"


def test_each_receiver_is_connected_once():
    from django.db.models.signals import m2m_changed, post_save
    from simple_history.signals import post_create_historical_record

    from tiers import signals
    from tiers.models.base import visibility_updated

    wiring = {
        post_create_historical_record: "tiers_public_change_log",
        visibility_updated: "tiers_visibility_updated",
        m2m_changed: "tiers_content_version_m2m",
        post_save: "tiers_content_version_fixtures",
    }
    counts = {signal: len(signal.receivers) for signal in wiring}
    signals.connect_receivers()  # as a second ready() would
    for signal, uid in wiring.items():
        assert len(signal.receivers) == counts[signal]
        assert [key for (key, _sender), *_rest in signal.receivers if key == uid] == [uid]
