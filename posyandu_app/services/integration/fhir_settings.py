"""Whether FHIR sending is on: a setting in the database that only an administrator switches (audited); off by
default, so no data leaves a fresh or upgraded server until someone decides it should."""
from ...extensions import db
from ...models import AppSetting, Role
from ...models.base import utcnow
from .. import audit

SENDING = "fhir.sending"


class NotAllowed(Exception):
    """Only a district administrator switches sending."""


def sending_enabled() -> bool:
    setting = db.session.get(AppSetting, SENDING)
    return bool(setting and setting.value and setting.value.get("on"))


def set_sending(user, on: bool) -> None:
    if getattr(user, "role", None) != Role.ADMIN:
        raise NotAllowed()
    setting = db.session.get(AppSetting, SENDING)
    before = sending_enabled()
    if setting is None:
        setting = AppSetting(key=SENDING)
        db.session.add(setting)
    setting.value = {"on": bool(on)}
    setting.updated_by_id = user.id
    setting.updated_at = utcnow()
    audit.record(user, "fhir_setting", "fhir", SENDING, before={"on": before}, after={"on": bool(on)})
    db.session.commit()
