"""One kernel for the notebooks of an audit run (report.execute.NotebookKernel): the same
process for each, each from an empty namespace, a failure named by notebook and cell, and a
kernel that died replaced for the next notebook."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from ccaudit.errors import CcauditError
from ccaudit.report.execute import NotebookKernel, execute_notebook

pytestmark = pytest.mark.allow_hosts(["127.0.0.1", "::1"])


def _notebook(folder: Path, name: str, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("label = 'default'")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(c) for c in cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(nb, path)
    return path


def _printed(path: Path) -> list[str]:
    return [o["text"].strip() for c in nbformat.read(path, 4).cells for o in c.get("outputs", [])
            if o.get("output_type") == "stream"]


def _counts(path: Path) -> list[int]:
    return [c.execution_count for c in nbformat.read(path, 4).cells if c.cell_type == "code"]


REPORT = ("import os, sys, json\n"
          "print(json.dumps({'pid': os.getpid(), 'label': label, 'left': 'leftover' in globals(),\n"
          "                  'cwd': os.getcwd(), 'loaded': 'ccaudit_test_marker' in sys.modules}))")
LEAVE = "import sys, types\nleftover = 1\nsys.modules['ccaudit_test_marker'] = types.ModuleType('m')"


def test_notebooks_share_one_kernel_each_from_an_empty_namespace(tmp_path):
    first = _notebook(tmp_path, "a.ipynb", REPORT, LEAVE)
    second = _notebook(tmp_path, "b.ipynb", REPORT)
    with NotebookKernel() as kernel:
        execute_notebook(first, tmp_path / "out" / "a.ipynb", {"label": "A"}, cwd=tmp_path, kernel=kernel)
        execute_notebook(second, tmp_path / "out" / "b.ipynb", {"label": "B"}, cwd=tmp_path, kernel=kernel)
        assert kernel.manager.has_kernel
        with pytest.raises(CcauditError, match="shared kernel runs in"):
            execute_notebook(second, tmp_path / "out" / "c.ipynb", {}, cwd=tmp_path / "out", kernel=kernel)
    assert not kernel.manager.has_kernel  # shut down on exit
    a, b = (json.loads(_printed(tmp_path / "out" / n)[0]) for n in ("a.ipynb", "b.ipynb"))
    assert a["pid"] == b["pid"], "the second notebook started a kernel of its own"
    assert (a["label"], b["label"]) == ("A", "B")      # each gets its own parameters
    assert not b["left"], "a variable of the first notebook reached the second"
    assert b["loaded"], "modules (and the models they hold) stay loaded"
    assert Path(b["cwd"]) == tmp_path
    # Cells count from 1 in each notebook, as in JupyterLab (the injected parameters included).
    assert _counts(tmp_path / "out" / "b.ipynb") == [1, 2, 3]


def test_without_a_shared_kernel_each_notebook_has_its_own(tmp_path):
    first = _notebook(tmp_path, "a.ipynb", REPORT)
    for name in ("x.ipynb", "y.ipynb"):
        execute_notebook(first, tmp_path / name, {"label": name}, cwd=tmp_path)
    pids = {json.loads(_printed(tmp_path / n)[0])["pid"] for n in ("x.ipynb", "y.ipynb")}
    assert len(pids) == 2


def test_a_failing_cell_is_named_and_a_dead_kernel_is_replaced(tmp_path):
    failing = _notebook(tmp_path, "fail.ipynb", "x = 1", "raise ValueError('a value from the data')")
    dying = _notebook(tmp_path, "die.ipynb", "import os\nos._exit(1)")
    report = _notebook(tmp_path, "report.ipynb", REPORT)
    with NotebookKernel() as kernel:
        with pytest.raises(CcauditError) as failed:
            execute_notebook(failing, tmp_path / "fail.out.ipynb", {}, cwd=tmp_path, kernel=kernel)
        # The cell is named, the data is not quoted; the kernel lives on.
        # (no parameters given: nothing injected, the third cell is the third executed)
        assert "cell 3 (In [3])" in str(failed.value) and "ValueError" in str(failed.value)
        assert "a value from the data" not in str(failed.value)
        execute_notebook(report, tmp_path / "r1.ipynb", {}, cwd=tmp_path, kernel=kernel)
        with pytest.raises(CcauditError, match="could not run"):
            execute_notebook(dying, tmp_path / "die.out.ipynb", {}, cwd=tmp_path, kernel=kernel)
        execute_notebook(report, tmp_path / "r2.ipynb", {}, cwd=tmp_path, kernel=kernel)
    before, after = (json.loads(_printed(tmp_path / n)[0])["pid"] for n in ("r1.ipynb", "r2.ipynb"))
    assert before != after, "the notebook after a dead kernel runs in a new one"
