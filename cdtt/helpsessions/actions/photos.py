"""A help session's photos (at most MAX_PHOTOS): added by those who record its results,
re-encoded on the way in, removed by its leader, an officer or the uploader.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cdtt.audit.log import record
from cdtt.portal.images import resize_image

from ..models import Session, SessionPhoto, Status
from ..rules import SessionError, SessionForbidden, can_manage
from .results import can_record_results

MAX_PHOTOS = 2  # a session's photos: enough to show it took place, no album of residents
# What a phone sends when the page could not shrink the photo first (the page's script
# sends about 200 kB); two of them and the form stay under the proxy's 12 MB.
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def photo_summary(photo: SessionPhoto) -> dict:
    """The photo as the audit log keeps it (not the picture itself)."""
    return {
        "session": photo.session_id,
        "uuid": str(photo.uuid),
        "file": photo.image.name,
        "width": photo.width,
        "height": photo.height,
    }


def add_photo(actor, session: Session, upload, client_id: uuid.UUID) -> tuple[SessionPhoto, bool]:
    """Add a photo to the session (at most MAX_PHOTOS), by those who record its results.
    The picture is re-encoded on the way in (`resize_image`: a JPEG within
    PORTAL_IMAGE_MAX_SIDE, without EXIF), so nothing is stored as the phone sent it.
    Sending again under the same client id returns the photo stored, and False."""
    if not can_record_results(actor, session):
        raise SessionForbidden({"non_field_errors": [_("You may not add photos to this session.")]})
    stored = _photo_already(session, client_id)
    if stored is not None:
        return stored, False
    if session.status == Status.CANCELLED:
        raise SessionError({"status": [_("This session was cancelled.")]})
    if session.date > timezone.localdate():
        raise SessionError({"date": [_("The session has not taken place yet.")]})
    if not upload:
        raise SessionError({"image": [_("Choose a photo.")]})
    if upload.size > MAX_PHOTO_BYTES:
        raise SessionError(
            {
                "image": [
                    _("This photo is too large: at most %(mb)s MB.")
                    % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)}
                ]
            }
        )
    try:
        jpeg = resize_image(upload)  # outside the lock: decoding takes a moment
    except ValidationError as error:
        raise SessionError({"image": list(error.messages)}) from None
    with transaction.atomic():
        # The session's row is the lock: two photos sent at once cannot both be the second.
        locked = Session.objects.select_for_update().select_related("unit").get(pk=session.pk)
        stored = _photo_already(locked, client_id)
        if stored is not None:
            return stored, False
        if locked.photos.count() >= MAX_PHOTOS:
            raise SessionError(
                {
                    "image": [
                        _(
                            "A session keeps at most %(n)s photos: remove one on the "
                            "session's page first."
                        )
                        % {"n": MAX_PHOTOS}
                    ]
                }
            )
        photo = SessionPhoto(session=locked, uuid=client_id, uploaded_by=actor)
        photo.image.save(f"{client_id.hex}.jpg", jpeg, save=False)
        try:
            photo.save()
            record(
                actor,
                "session_photo_added",
                photo,
                orgunit_path=locked.unit.path,
                after={**photo_summary(photo), "bytes": jpeg.size},
            )
        except BaseException:
            photo.image.storage.delete(photo.image.name)  # no file without its row
            raise
    return photo, True


def _photo_already(session: Session, client_id: uuid.UUID) -> SessionPhoto | None:
    """The photo stored under this client id, if any (of this session only)."""
    stored = SessionPhoto.objects.filter(uuid=client_id).first()
    if stored is not None and stored.session_id != session.pk:
        raise SessionError(
            {"id": [_("A photo with id %(value)s already exists.") % {"value": client_id}]}
        )
    return stored


def can_remove_photo(actor, photo: SessionPhoto) -> bool:
    """The leaders and officers over the session, and the one who sent the photo while she
    may still record the session's results."""
    if can_manage(actor, photo.session):
        return True
    return (
        getattr(actor, "pk", None) is not None
        and photo.uploaded_by_id == actor.pk
        and can_record_results(actor, photo.session)
    )


@transaction.atomic
def remove_photo(actor, photo: SessionPhoto) -> None:
    """Remove a photo: its row now, its file once the removal is committed."""
    if not can_remove_photo(actor, photo):
        raise SessionForbidden({"non_field_errors": [_("You may not remove this photo.")]})
    storage, name = photo.image.storage, photo.image.name
    record(
        actor,
        "session_photo_removed",
        photo,
        orgunit_path=photo.session.unit.path,
        before=photo_summary(photo),
    )
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
