"""JupyterLab for analysts (`make lab`): this machine only, a token, nothing fetched.

Read by `jupyter lab --config=jupyter_lab_config.py` from the project's folder.
"""
import os

c = get_config()  # noqa: F821 - defined by Jupyter when it reads this file

c.ServerApp.ip = "127.0.0.1"          # loopback only: the notebooks show (masked) audit data
c.ServerApp.open_browser = False      # the URL, with its token, is printed instead
c.ServerApp.root_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notebooks")
c.ServerApp.allow_root = hasattr(os, "geteuid") and os.geteuid() == 0  # containers run as root
# Offline: no news feed, no update check, no extension catalogue from PyPI.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
c.MultiKernelManager.default_kernel_name = "ccaudit"
