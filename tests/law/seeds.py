"""Where the seed documents are: `shared/seeds` beside the checkout (as on developers' machines
and in CI), or GLASNA_SEEDS_DIR."""

import os
from pathlib import Path

SEEDS = Path(os.environ.get("GLASNA_SEEDS_DIR") or Path(__file__).resolve().parents[2].parent / "shared" / "seeds")
