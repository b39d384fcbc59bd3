"""Time for every event (issue 21, part 2): an export stamps its own tree head through the TSA, waits a
bounded time, and stops with a message when the TSA is down, unless the person chooses to export
without a time-stamp; events in no time-stamped head are listed as such by verify.py and the PDF.

The TSAs are real: `openssl ts` behind HTTP (tsa_server.py), and a socket that accepts connections and
never answers (a TSA that is down)."""

import io
import json
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from pypdf import PdfReader

from glasna.evidence import bundle, log_key, verify_bundle
from glasna.evidence.models import CustodyEntry, TreeHeadStamp
from tests.evidence.helpers import add_three, export_to, make_case
from tests.evidence.tsa_server import LocalTsa
from tests.factories import fresh_step_up, signed_in_client

pytestmark = pytest.mark.django_db
DOWN = (
    "The time-stamping authority did not answer within %(seconds)s seconds, so nothing was exported. "
    "Try again in a few minutes, or choose “Export without a time-stamp”: the events of that export "
    "will then have no independent time."
)


@pytest.fixture
def silent_tsa() -> Iterator[str]:
    """The URL of a TSA that is down: the kernel accepts the connection, nobody ever answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/tsa"


def _pdf_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        reader = PdfReader(io.BytesIO(archive.read("report.pdf")))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def test_export_stamps_its_own_head_so_every_event_has_a_time(local_tsa: LocalTsa, tmp_path: Path) -> None:
    with override_settings(GLASNA_TSA_URL=local_tsa.url):
        setup = make_case()
        add_three(setup)
        path = export_to(setup, tmp_path / "stamped.zip")
    custody = json.loads(zipfile.ZipFile(path).read("custody.json"))
    assert [h["tree_head"]["tree_size"] for h in custody["stamped_heads"]][-1] == custody["tree_head"]["tree_size"]
    result = verify_bundle.verify(path, log_key.public_key().hex())
    assert result.status == "verified", result.text()
    assert result.untimed == []
    assert not any("no independent time" in note for note in result.notes)
    assert "no independent time" not in _pdf_text(path)


def test_a_tsa_that_is_down_stops_the_export_and_leaves_no_event(silent_tsa: str, tmp_path: Path) -> None:
    setup = make_case()
    items = add_three(setup)
    with override_settings(GLASNA_TSA_URL=silent_tsa, GLASNA_TSA_EXPORT_TIMEOUT=1):
        with pytest.raises(bundle.TimeStampUnavailable):
            export_to(setup, tmp_path / "none.zip")
        assert not CustodyEntry.objects.filter(action="exported").exists()
        path = export_to(setup, tmp_path / "unstamped.zip", time_stamp=False)
    assert TreeHeadStamp.objects.count() == 0
    exported = list(CustodyEntry.objects.filter(action="exported").values_list("index", flat=True))
    assert len(exported) == len(items)
    result = verify_bundle.verify(path, log_key.public_key().hex())
    assert result.status == "verified", result.text()  # consistent and signed; only the time is not independent
    assert set(exported) <= set(result.untimed)
    assert sum("no independent time" in note for note in result.notes) == len(items)
    assert "no independent time" in _pdf_text(path)


def test_only_events_after_the_last_stamped_head_are_untimed(local_tsa: LocalTsa, tmp_path: Path) -> None:
    """A head stamped earlier covers the events before it; the unstamped export's own events are not."""
    from django.test import TestCase

    from glasna.evidence import custody_log

    setup = make_case()
    add_three(setup)
    with override_settings(GLASNA_TSA_URL=local_tsa.url):
        with TestCase.captureOnCommitCallbacks(execute=True):
            stamped = custody_log.sign_head()
        path = export_to(setup, tmp_path / "partly.zip", time_stamp=False)
    result = verify_bundle.verify(path, log_key.public_key().hex())
    assert result.status == "verified", result.text()
    assert result.untimed and min(result.untimed) == stamped.tree_size


def test_the_export_page_explains_a_tsa_that_is_down(silent_tsa: str) -> None:
    setup = make_case()
    add_three(setup)
    client = fresh_step_up(signed_in_client(setup.org.staff))
    url = f"/sq/staff/evidence/cases/{setup.case.pk}/export/"
    with override_settings(GLASNA_TSA_URL=silent_tsa, GLASNA_TSA_EXPORT_TIMEOUT=1):
        page = client.get(f"/sq/staff/evidence/cases/{setup.case.pk}/").content.decode()
        assert 'name="without_time_stamp"' in page
        refused = client.post(url, {"language": "en"}, follow=True)
        with translation.override("sq"):
            expected = _(DOWN) % {"seconds": 1}
        assert expected != DOWN % {"seconds": 1}  # translated
        assert refused.status_code == 200 and escape(expected) in refused.content.decode()
        assert not CustodyEntry.objects.filter(action="exported").exists()
        chosen = client.post(url, {"language": "en", "without_time_stamp": "on"})
    assert chosen.status_code == 200 and chosen["Content-Type"] == "application/zip"
    assert CustodyEntry.objects.filter(action="exported").exists()
