"""hplint never imports scikit-learn, or the code it lints, while linting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_linting_leaves_sklearn_unimported(tmp_path: Path) -> None:
    target = tmp_path / "train.py"
    target.write_text(
        "import sklearn\nfrom sklearn.svm import SVC\nSVC(gama=0.1, C=-1)\n"
        "raise SystemExit('the linted file was executed')\n",
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from hplint.engine import lint_file\n"
        f"result = lint_file(Path({str(target)!r}))\n"
        "assert [d.code for d in result.diagnostics] == ['HP401', 'HP402'], result\n"
        "leaked = sorted(m for m in sys.modules if m == 'sklearn' or m.startswith('sklearn.'))\n"
        "assert not leaked, leaked\n"
        "assert 'numpy' not in sys.modules\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"
