"""A global the learner's child processes change and the parent then reads: read from the source.

The commonest surprise in multiprocessing ("why is my counter still 0?"): a function run in a
child process changes a module-level name (`global counter; counter += 1`, or
`results.append(x)` on a module-level list), and the parent prints its own copy, which no child
ever touched. The run itself ends well; only the source says what the learner expected.
`doctor` (diagnose.child_global) tells it when a run really started child processes.
Standard library only.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

# calls that run their first argument (or `target=`/`fn=`/`func=`) in another process
RUNS_IN_A_CHILD = frozenset(
    (
        "map",
        "map_async",
        "imap",
        "imap_unordered",
        "starmap",
        "starmap_async",
        "apply",
        "apply_async",
        "submit",
    )
)
# calls that change a list, a dict or a set in place (diagnose.py reads copies with them too)
MUTATORS = frozenset(
    (
        "append",
        "extend",
        "insert",
        "remove",
        "pop",
        "popitem",
        "clear",
        "sort",
        "reverse",
        "update",
        "setdefault",
        "add",
        "discard",
        "difference_update",
        "intersection_update",
        "symmetric_difference_update",
    )
)
# what a module-level name must be made with for a change through it to count: a plain container
CONTAINERS = frozenset(("list", "dict", "set", "defaultdict", "Counter", "deque", "OrderedDict"))


@dataclass(frozen=True)
class ChildGlobal:
    """`func`, run in child processes, changes module-level `name` at `line`; the parent reads its
    own `name` at `read`."""

    func: str
    name: str
    line: int
    read: int


def changed_in_children(tree: ast.Module) -> list[ChildGlobal]:
    """Each module-level name that a function run in a child process changes and that the
    parent reads after it started children, once per name, in the order of the file."""
    top = module_names(tree)
    functions = {
        node.name: node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    main = parent_code(tree)
    started = first_child_start(main)
    if started is None:
        return []
    # a name the parent's code binds again (results = manager.list()) is not the plain
    # container made at the top: under fork the children may share what it holds now
    rebound = {
        node.id
        for node in walk_outside_functions(main)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
    found: dict[str, ChildGlobal] = {}
    for name in run_in_children(main, functions):
        for changed, line in changes(functions[name], top):
            read = first_read(main, changed, after=started)
            if read is not None and changed not in found and changed not in rebound:
                found[changed] = ChildGlobal(name, changed, line, read)
    return sorted(found.values(), key=lambda found: found.line)


def module_names(tree: ast.Module) -> dict[str, ast.expr | None]:
    """Names assigned at the top level of the file, outside functions and the main guard: name
    -> the value assigned (None for an annotation without one)."""
    names: dict[str, ast.expr | None] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node.value
    return names


def is_main_guard(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "__name__" in ast.unparse(node.test)


def parent_code(tree: ast.Module) -> list[ast.stmt]:
    """What only the parent runs: the main guard's block, or with no guard the file's top-level
    statements (a forked child would not run them again)."""
    guarded = [node for node in tree.body if isinstance(node, ast.If) and is_main_guard(node)]
    if guarded:
        return [statement for node in guarded for statement in node.body]
    return [
        node
        for node in tree.body
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]


def walk_outside_functions(statements: list[ast.stmt]):
    """Every node of these statements, leaving out the bodies of functions and lambdas."""
    todo: list[ast.AST] = list(statements)
    while todo:
        node = todo.pop(0)
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        todo[:0] = list(ast.iter_child_nodes(node))


def called_name(call: ast.Call) -> str:
    func = call.func
    return (
        func.attr
        if isinstance(func, ast.Attribute)
        else func.id
        if isinstance(func, ast.Name)
        else ""
    )


def first_child_start(main: list[ast.stmt]) -> int | None:
    """The first line of the parent's code that makes a Process or hands work to a pool."""
    lines = [
        node.lineno
        for node in walk_outside_functions(main)
        if isinstance(node, ast.Call)
        and (called_name(node) == "Process" or called_name(node) in RUNS_IN_A_CHILD)
    ]
    return min(lines) if lines else None


def run_in_children(main: list[ast.stmt], functions: Mapping[str, ast.AST]) -> list[str]:
    """The file's own functions the parent's code starts in a child: Process(target=f), or a
    pool's or an executor's map/submit/apply of f. A pool's initializer is left out: a global it
    sets is meant for the worker itself."""
    names: list[str] = []
    for node in walk_outside_functions(main):
        if not isinstance(node, ast.Call):
            continue
        called = called_name(node)
        given: list[ast.expr] = []
        if called == "Process":
            given = [k.value for k in node.keywords if k.arg == "target"]
        elif called in RUNS_IN_A_CHILD:
            given = node.args[:1] + [k.value for k in node.keywords if k.arg in ("func", "fn")]
        for value in given:
            if isinstance(value, ast.Name) and value.id in functions and value.id not in names:
                names.append(value.id)
    return names


def changes(func: ast.AST, top: dict[str, ast.expr | None]) -> list[tuple[str, int]]:
    """(name, line) for each module-level name `func` changes: rebinds one it declares global, or
    changes a module-level list, dict or set in place (append, item assignment, del)."""
    declared = {
        name for node in ast.walk(func) if isinstance(node, ast.Global) for name in node.names
    }
    local = local_names(func) - declared
    found: list[tuple[str, int]] = []

    def note(name: str, line: int) -> None:
        if name in top and name not in local and all(name != n for n, _ in found):
            found.append((name, line))

    for node in ast.walk(func):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in declared:
                    note(target.id, node.lineno)
                elif (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and is_container(top.get(target.value.id))
                ):
                    note(target.value.id, node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
            and isinstance(node.func.value, ast.Name)
            and is_container(top.get(node.func.value.id))
        ):
            note(node.func.value.id, node.lineno)
    return found


def local_names(func: ast.AST) -> set[str]:
    """The names a function binds for itself: its parameters and what it assigns."""
    names: set[str] = set()
    arguments = getattr(func, "args", None)
    if isinstance(arguments, ast.arguments):
        every = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
        names.update(a.arg for a in every)
        names.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
    for node in ast.walk(func):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def is_container(value: ast.expr | None) -> bool:
    """Made as a plain list, dict or set ([], {}, set(), a comprehension, defaultdict(list)):
    not a Manager's proxy, a Queue or a Value, whose changes do reach other processes."""
    if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    return isinstance(value, ast.Call) and called_name(value) in CONTAINERS


def first_read(main: list[ast.stmt], name: str, after: int) -> int | None:
    """The first line of the parent's code from `after` on that reads `name`."""
    lines = [
        node.lineno
        for node in walk_outside_functions(main)
        if isinstance(node, ast.Name)
        and node.id == name
        and isinstance(node.ctx, ast.Load)
        and node.lineno >= after
    ]
    return min(lines) if lines else None
