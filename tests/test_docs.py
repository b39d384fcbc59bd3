"""Documentation that tests itself: every setting, command and API endpoint is documented."""

import re
from pathlib import Path

import glasna

ROOT = Path(glasna.__file__).parent.parent
CONFIG_DOC = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")


def test_every_environment_variable_is_documented() -> None:
    settings_source = (ROOT / "glasna" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env(?:_bool|_int|_list)?\("([A-Z0-9_]+)"', settings_source))
    assert len(names) > 20
    missing = sorted(name for name in names if f"`{name}`" not in CONFIG_DOC)
    assert missing == []


def test_every_glasna_command_is_documented() -> None:
    commands = {path.stem for path in ROOT.glob("glasna/*/management/commands/*.py") if path.stem != "__init__"}
    assert {"seed_demo", "verify_audit"} <= commands
    missing = sorted(name for name in commands if f"glasna {name}" not in CONFIG_DOC)
    assert missing == []


def test_readme_keeps_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_every_api_endpoint_is_documented(client) -> None:  # type: ignore[no-untyped-def]
    """Each path of each JSON API's OpenAPI document is in the docs, in full or after its API's
    root (docs name `/tables/{name}` in the section that gives `/api/observatory/v1/`)."""
    from django.urls import reverse

    from glasna.matching.api import api as matching
    from glasna.networks.api import api as networks
    from glasna.observatory.api import api as observatory

    docs = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md"))
    missing = []
    for api in (matching, networks, observatory):
        schema_url = reverse(f"{api.urls_namespace}:openapi-json")
        root = schema_url.removesuffix("openapi.json").rstrip("/")
        paths = client.get(schema_url).json()["paths"]
        assert paths, schema_url
        for path in paths:
            relative = path.removeprefix(root)
            if path not in docs and not re.search(r"(?<![\w/])" + re.escape(relative) + r"(?![\w/{])", docs):
                missing.append(path)
    assert missing == []
