"""Run one media harness under atheris (libFuzzer) for a bounded time: `make fuzz` calls this.

    python -m tests.fuzz.run_atheris HARNESS [libFuzzer flags and corpus folders]

A crash stops the run and libFuzzer writes the input to -artifact_prefix (make fuzz points it at
tests/fuzz/corpus/crashes/): commit that file and it is replayed by the suite from then on."""

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import atheris  # only where installed: the dev extra pins it for Linux, CPython up to 3.12

    # Coverage feedback from our checks and the pure-Python parsers they lean on (zipfile, Pillow's
    # container parsers); django.setup() inside the block, since it imports the glasna modules.
    with atheris.instrument_imports(include=["glasna", "zipfile", "PIL"]):
        django.setup()
        from tests.fuzz import harnesses

    name = sys.argv[1]
    if name not in harnesses.HARNESSES:
        sys.exit(f"unknown harness {name!r}; one of {', '.join(harnesses.HARNESSES)}")

    def one_input(data: bytes) -> None:
        harnesses.run(name, data)

    atheris.Setup([sys.argv[0], *sys.argv[2:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
