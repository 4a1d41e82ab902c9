"""`doctor`'s reading of the source, once the run has shown a manager's copy changed and never
given back at a line: which line changed the copy, and whether the copy was kept on purpose.
No process runs here: the runs are tests/test_doctor.py's."""

from __future__ import annotations

import ast
import textwrap

import pytest

from ipctutor.engine.diagnose import copy_change_line


def line_of(source: str, read_line: int) -> int | None:
    return copy_change_line(ast.parse(textwrap.dedent(source)), read_line)


@pytest.mark.parametrize(
    "source, read_line, expected",
    [
        ('d["k"].append(x)\n', 1, 1),
        ('lst[0]["a"] = 1\n', 1, 1),
        ('lst[0]["a"] += 1\n', 1, 1),
        ("del d['k'][0]\n", 1, 1),
        ("ns.items.append(x)\n", 1, 1),
        ("v.value.append(x)\n", 1, 1),
        ("d.get('k').extend([1, 2])\n", 1, 1),
        ("d.setdefault('k', []).append(x)\n", 1, 1),
        ('d["k"].x = 1\n', 1, 1),
        (  # a read over two lines: the change is the statement's line
            'd[\n    "k"\n].append(x)\n',
            2,
            1,
        ),
        (  # a name bound to the read, changed, then dropped
            """
            def f(lst):
                item = lst[0]
                item["done"] = True
            """,
            3,
            4,
        ),
        (  # an item of a for loop over a proxy
            """
            def f(jobs):
                for job in jobs:
                    if not job["done"]:
                        job["done"] = True
                        break
            """,
            3,
            5,
        ),
    ],
)
def test_a_change_to_a_copy_that_is_then_dropped_is_at_its_line(source, read_line, expected):
    assert line_of(source, read_line) == expected


@pytest.mark.parametrize(
    "source, read_line",
    [
        ('d["k"] = v\n', 1),  # a write to the proxy itself
        ('d["k"] += [1]\n', 1),  # read, add, assigned back: the manager sees it
        (  # read, change, assign back
            """
            def f(d, n):
                numbers = d["numbers"]
                numbers.append(n)
                d["numbers"] = numbers
            """,
            3,
        ),
        (  # a copy kept on purpose: used after the change
            """
            def f(d):
                mine = d["settings"]
                mine["verbose"] = True
                print(mine)
            """,
            3,
        ),
        (  # passed on after the change
            """
            def f(d, q):
                data = d["data"]
                data.append(1)
                q.put(data)
            """,
            3,
        ),
        ('print(len(d["k"]))\n', 1),  # only read
        ("x = (\n", 1),  # no source to read (a syntax error gives no tree)
    ],
)
def test_no_line_when_the_source_shows_no_lost_change(source, read_line):
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        tree = None
    assert copy_change_line(tree, read_line) is None
