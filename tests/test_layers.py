"""The package's layers, read from the source with `ast`: no import circles, and no layer imports
one above it. Every import counts, the ones inside functions too.

From the ground up: errors and i18n, engine (stdlib only: children import it), content, screen,
commands. A module may import its own layer and those below.
"""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ipctutor"
LAYERS = {"errors": 0, "i18n": 0, "engine": 1, "content": 2, "screen": 3, "commands": 4}
TOP_LEVEL_FILES = {"__init__", "__main__", "errors", "i18n"}
THIRD_PARTY_ALLOWED_IN_ENGINE: set[str] = set()  # the engine runs in children: stdlib only
# The one exception, for one file: the cluster demo uses Dask when the optional `cluster` extra is
# installed, and a Pool when it is not. It imports Dask inside functions only (checked below), so
# importing the module, as every worker does, still needs only the standard library.
# The same for the shared-memory numpy-copy scripts: NumPy if the `numpy` extra is installed,
# array.array and a memoryview if not.
THIRD_PARTY_ALLOWED_IN_FILE: dict[str, set[str]] = {
    "engine/plain/cluster_demo.py": {"dask", "distributed"},
    "engine/plain/shared_memory_numpy_copy_broken.py": {"numpy"},
    "engine/plain/shared_memory_numpy_copy_fixed.py": {"numpy"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "ipctutor":
        return None
    return LAYERS.get(parts[1])


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file; `from ipctutor.x import y` gives ipctutor.x.y
    when y is a module of the package, else ipctutor.x."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                as_path = PACKAGE.parent.joinpath(*sub.split("."))
                is_module = (
                    as_path.with_suffix(".py").exists() or (as_path / "__init__.py").exists()
                )
                found.append((node.lineno, sub if is_module else node.module))
    return found


def package_graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        graph[name] = {m for _, m in imports_of(path) if m.startswith("ipctutor.") and m != name}
    return graph


def test_the_folder_list_shows_the_layers():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    files = {p.stem for p in PACKAGE.glob("*.py")}
    assert folders >= {"engine", "content", "screen", "commands"}, folders
    assert files <= TOP_LEVEL_FILES, (
        f"modules outside the layers: {sorted(files - TOP_LEVEL_FILES)}"
    )


def test_no_layer_imports_one_above_it():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        own = layer_of(name)
        if own is None:  # ipctutor/__init__.py and __main__.py sit above everything
            continue
        for line, imported in imports_of(path):
            theirs = layer_of(imported)
            if theirs is not None and theirs > own:
                wrong.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line}: {name} imports {imported}"
                )
    assert not wrong, "\n".join(wrong)


def test_the_engine_imports_only_the_standard_library():
    stdlib = sys.stdlib_module_names
    wrong = []
    for path in sorted((PACKAGE / "engine").rglob("*.py")):
        allowed = THIRD_PARTY_ALLOWED_IN_ENGINE | THIRD_PARTY_ALLOWED_IN_FILE.get(
            path.relative_to(PACKAGE).as_posix(), set()
        )
        beside = {p.stem for p in path.parent.glob("*.py")}  # a plain script imports its sibling
        for line, imported in imports_of(path):
            top = imported.split(".")[0]
            if top != "ipctutor" and top not in stdlib and top not in allowed:
                if path.parent.name == "plain" and top in beside:
                    continue  # start-methods interactive: the function from a file beside it
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {imported}")
    assert not wrong, "\n".join(wrong)


def test_a_file_allowed_a_third_party_import_makes_it_inside_functions_only():
    for name, allowed in THIRD_PARTY_ALLOWED_IN_FILE.items():
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        top_level = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        modules = {
            alias.name for node in top_level if isinstance(node, ast.Import) for alias in node.names
        }
        modules |= {
            node.module for node in top_level if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not {m.split(".")[0] for m in modules} & allowed, (
            f"{name} imports {allowed} at module level"
        )


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (as a path that returns to its start), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_import_graph_has_no_circles():
    cycle = find_cycle(package_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


def test_the_circle_finder_finds_a_circle():
    """The check above can fail: a graph with a circle is caught, one without is not."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_test_file_imports_another_test_file():
    """Shared test code lives in tests/helpers.py: a test file that imports another one (or
    conftest) runs that file's module code again and ties the two together."""
    tests = Path(__file__).resolve().parent
    found = []
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [
                f"{path.name}:{node.lineno} imports {name}"
                for name in names
                if name.split(".")[0].startswith("test_") or name.split(".")[0] == "conftest"
            ]
    assert found == []
