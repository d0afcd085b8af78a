"""Execute one notebook with papermill: its parameters, its title, and errors that name the
notebook and the cell without quoting the data."""
from __future__ import annotations

from pathlib import Path

from ccaudit.errors import CcauditError

# The notebooks ship beside the package (the repository's notebooks/ folder).
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"


def notebook_parameters(notebook: Path) -> set[str]:
    """The parameters a notebook declares in its ``parameters`` cell."""
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


def notebook_title(notebook: Path) -> str:
    """The notebook's first heading, as the reader sees it; its name when it has none."""
    import nbformat

    for cell in nbformat.read(str(notebook), as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def execute_notebook(notebook: Path, output: Path, parameters: dict, cwd: Path | None = None) -> Path:
    """Execute ``notebook`` with papermill into ``output``; errors name notebook and cell.

    The error carries the exception's type only: its message may quote a value from the
    data, and the executed notebook (kept in ``output``) has the full traceback.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters,
                                   cwd=str(cwd) if cwd else None, progress_bar=False,
                                   kernel_name="python3", log_output=False,
                                   # The kernel talks over loopback, its messages signed; its
                                   # warning about unencrypted TCP would fill the scheduler's log.
                                   extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except PapermillExecutionError as exc:
        # Cells counted from 1, markdown included, as a reader of the executed notebook would.
        raise CcauditError(f"cell {exc.cell_index + 1} (In [{exc.exec_count}]) failed with "
                           f"{exc.ename}; the traceback is in {output}",
                           source=notebook.name) from None
    except Exception as exc:  # the kernel died, timed out or could not start
        raise CcauditError(f"the notebook could not run: {type(exc).__name__}",
                           source=notebook.name) from exc
    return output
