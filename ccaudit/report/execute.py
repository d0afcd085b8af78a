"""Execute notebooks with papermill: their parameters, their title, errors that name the
notebook and the cell without quoting the data, and one kernel for the notebooks of a run.

An audit run executes its notebooks in one :class:`NotebookKernel`: Python, pandas, plotly
and ccaudit are imported once and the detection models loaded once (ccaudit keeps them per
process), instead of once per notebook. Each notebook still starts from an empty namespace
and its own execution count, as it would in JupyterLab, so it runs the same on its own.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from ccaudit.errors import CcauditError

# The notebooks ship beside the package (the repository's notebooks/ folder).
NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
# The kernel papermill and the audit run start (the ccaudit kernel is for people in JupyterLab).
KERNEL_NAME = "python3"
# The kernel talks over loopback, its messages signed; its warning about unencrypted TCP
# would fill the scheduler's log.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
# Run before each notebook in a shared kernel: the previous notebook's variables are gone
# and cells count from 1 again; imported modules (and the models they hold) stay.
_FRESH_NAMESPACE = "get_ipython().reset(new_session=True, aggressive=False)"

log = logging.getLogger(__name__)


class NotebookKernel:
    """One kernel for several notebooks, started with the first and shut down on exit::

        with NotebookKernel() as kernel:
            execute_notebook(a, out_a, {}, cwd=folder, kernel=kernel)
            execute_notebook(b, out_b, {}, cwd=folder, kernel=kernel)

    The kernel's working folder is the ``cwd`` of the first notebook; every later notebook
    must give the same one. A kernel that died is replaced by a fresh one for the next
    notebook.
    """

    def __init__(self) -> None:
        from jupyter_client.manager import AsyncKernelManager

        self.manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
        self.cwd: Path | None = None
        self.notebooks = 0

    def check_cwd(self, cwd: Path | None) -> None:
        cwd = Path(cwd).resolve() if cwd else Path.cwd().resolve()
        if self.cwd is None or not self.manager.has_kernel:
            self.cwd = cwd
        elif cwd != self.cwd:
            raise CcauditError(f"a shared kernel runs in {self.cwd}, not {cwd}")

    def close(self, now: bool = False) -> None:
        from jupyter_core.utils import run_sync

        if self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=now)

    def forget_if_dead(self) -> None:
        """After a failure: a kernel that died is cleaned up, so the next notebook starts one."""
        from jupyter_core.utils import run_sync

        if self.manager.has_kernel and not run_sync(self.manager.is_alive)():
            log.info("the shared kernel died; the next notebook starts a new one")
            self.close(now=True)
            # A manager that shut its kernel down has closed its sockets' context: a new one.
            self.manager = type(self.manager)(kernel_name=KERNEL_NAME)

    def __enter__(self) -> NotebookKernel:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@functools.lru_cache(maxsize=1)
def _register_engine() -> str:
    """papermill's nbclient engine on a :class:`NotebookKernel`: the namespace reset before
    the cells, and the client's channels closed after them (the kernel stays)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class _Client(PapermillNotebookClient):
        def papermill_execute_cells(self):
            self.wait_for_reply(self.kc.execute(_FRESH_NAMESPACE, silent=True, store_history=False))
            super().papermill_execute_cells()

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     **kwargs):
            kwargs.pop("input_path", None)
            client = _Client(nb_man, kernel_name=kernel_name, log_output=log_output,
                             stdout_file=stdout_file, stderr_file=stderr_file,
                             startup_timeout=start_timeout, timeout=execution_timeout, **kwargs)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("ccaudit-shared-kernel", SharedKernelEngine)
    return "ccaudit-shared-kernel"


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


def execute_notebook(notebook: Path, output: Path, parameters: dict, cwd: Path | None = None,
                     kernel: NotebookKernel | None = None) -> Path:
    """Execute ``notebook`` with papermill into ``output``; errors name notebook and cell.

    ``kernel``: run in that shared kernel (:class:`NotebookKernel`) instead of a kernel of
    its own. The error carries the exception's type only: its message may quote a value
    from the data, and the executed notebook (kept in ``output``) has the full traceback.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    shared = {}
    if kernel is not None:
        kernel.check_cwd(cwd)
        shared = {"engine_name": _register_engine(), "km": kernel.manager}
        kernel.notebooks += 1
    try:
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters,
                                   cwd=str(cwd) if cwd else None, progress_bar=False,
                                   kernel_name=KERNEL_NAME, log_output=False,
                                   extra_arguments=KERNEL_ARGUMENTS, **shared)
    except PapermillExecutionError as exc:
        # Cells counted from 1, markdown included, as a reader of the executed notebook would.
        raise CcauditError(f"cell {exc.cell_index + 1} (In [{exc.exec_count}]) failed with "
                           f"{exc.ename}; the traceback is in {output}",
                           source=notebook.name) from None
    except Exception as exc:  # the kernel died, timed out or could not start
        if kernel is not None:
            kernel.forget_if_dead()
        raise CcauditError(f"the notebook could not run: {type(exc).__name__}",
                           source=notebook.name) from exc
    return output
