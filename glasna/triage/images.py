"""Image previews on the case page, blurred on the server when likely explicit or unreadable.

The score was computed when the survivor sent the image (submission.py) and sealed to the
organisation key; it is opened here only for the case page and never leaves the case. A blurred
preview is made on the server, so the browser never receives the clear image until the
caseworker chooses to see it, and that choice is audited (`triage.image_revealed`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from uuid import UUID

from django.http import HttpRequest
from PIL import Image, ImageFilter

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases.models import Case
from glasna.core import audit
from glasna.core.crypto.primitives import DecryptionError, unseal
from glasna.triage import explicitness
from glasna.triage.models import ImageScore
from glasna.triage.submission import UNREADABLE

PREVIEW_SIDE = 320
SESSION_KEY = "triage_revealed"


@dataclass(frozen=True)
class ImagePreview:
    attachment_id: str
    score: float | None  # None: the classifier could not read it
    blurred: bool
    revealed: bool

    @property
    def undecided(self) -> bool:
        return self.score is None

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)


def _open(row: ImageScore, keys: OrganisationKeys) -> float | None:
    try:
        text = unseal(keys.for_version(row.key_version), bytes(row.sealed_score)).decode()
    except (DecryptionError, KeyError, ValueError):
        return None
    return None if text == UNREADABLE else float(text)


def previews(case: Case, keys: OrganisationKeys, revealed: set[str]) -> list[ImagePreview]:
    out = []
    for row in ImageScore.objects.filter(case=case).order_by("pk"):
        score = _open(row, keys)
        shown = str(row.attachment_id) in revealed
        blurred = explicitness.preview(score) == "blur" and not shown
        out.append(ImagePreview(str(row.attachment_id), score, blurred, shown))
    return out


def is_blurred(case: Case, keys: OrganisationKeys, attachment_id: UUID, revealed: set[str]) -> bool:
    """Whether this image's preview must be blurred; an image triage never saw is blurred too."""
    for preview in previews(case, keys, revealed):
        if preview.attachment_id == str(attachment_id):
            return preview.blurred
    return str(attachment_id) not in revealed


def render(data: bytes, blurred: bool) -> bytes:
    """A PNG preview at most PREVIEW_SIDE pixels wide; blurred beyond recognition when asked.
    An image Pillow cannot read gives a plain grey square (the file itself stays downloadable)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (PREVIEW_SIDE, PREVIEW_SIDE))
            picture = image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        picture = Image.new("RGB", (PREVIEW_SIDE, PREVIEW_SIDE // 2), (128, 128, 128))
        blurred = False  # nothing to hide in a grey square
    picture.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    if blurred:
        # Down to a few pixels and back: no shape survives, only rough colour.
        picture = picture.resize((8, 8), Image.Resampling.BOX).resize(picture.size).filter(ImageFilter.BoxBlur(8))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def reveal(staff: StaffMember, case: Case, attachment_id: UUID, request: HttpRequest | None) -> None:
    if request is not None:
        shown = set(request.session.get(SESSION_KEY, []))
        shown.add(str(attachment_id))
        request.session[SESSION_KEY] = sorted(shown)
    audit.record(
        "triage.image_revealed",
        actor=staff.user.get_username(),
        target=f"case:{case.pk}:attachment:{attachment_id}",
        organisation_id=staff.organisation_id,
        request=request,
    )


def revealed_in(request: HttpRequest) -> set[str]:
    return set(request.session.get(SESSION_KEY, []))
