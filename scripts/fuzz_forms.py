"""Long fuzz campaign over every admin form and every form of the actors' space (no answer may be a 500).

Runs tests/ess_coop/test_form_fuzz.py with many more examples than the test suite does:

    .venv/bin/python scripts/fuzz_forms.py 2000          # SQLite
    DATABASE_URL=postgres://… .venv/bin/python scripts/fuzz_forms.py 2000
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    examples = sys.argv[1] if len(sys.argv) > 1 else "1000"
    env = {**os.environ, "FUZZ_EXAMPLES": examples}
    command = [sys.executable, "-m", "pytest", "tests/ess_coop/test_form_fuzz.py", "-q", "-p", "no:logging"]
    sys.exit(subprocess.call([*command, "--hypothesis-show-statistics"], cwd=ROOT, env=env))


if __name__ == "__main__":
    main()
