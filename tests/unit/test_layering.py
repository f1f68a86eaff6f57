"""cslib stays importable without Streamlit (the worker and tests rely on it)."""

import pkgutil
import subprocess
import sys

import cslib


def test_cslib_outside_ui_never_imports_streamlit():
    modules = [m.name for m in pkgutil.walk_packages(cslib.__path__, "cslib.") if not m.name.startswith("cslib.ui")]
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'streamlit' or name.startswith('streamlit.'):\n"
        "            raise ImportError('streamlit imported by ' + repr(name))\n"
        "sys.meta_path.insert(0, Block())\n"
        "import importlib\n"
        f"for m in {modules!r}:\n"
        "    if m.endswith('__main__'): continue\n"
        "    importlib.import_module(m)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
