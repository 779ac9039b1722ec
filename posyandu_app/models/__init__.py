"""SQLAlchemy models; importing this package registers every table on db.metadata."""
from .audit import AuditLog
from .facility import Desa, Facility, FacilityKind
from .integration import AppSetting, FhirOutbound
from .login_attempt import LoginAttempt
from .person import Person
from .review import Review
from .sync import AppliedOp, ChangeLog, SyncCounter
from .user import Role, User
from .user_session import UserSession
from .visits import (Delivery, GrowthVisit, Immunization, NewbornVisit, PostnatalVisit, PregnancyEpisode, PregnancyVisit,
                     Screening, YouthScreening)

__all__ = [
    "AppSetting", "AuditLog", "Desa", "FhirOutbound", "Facility", "FacilityKind", "LoginAttempt", "Person", "Review", "AppliedOp", "ChangeLog",
    "SyncCounter", "Role", "User", "UserSession", "GrowthVisit", "Immunization", "PregnancyEpisode", "PregnancyVisit", "Screening",
    "YouthScreening", "Delivery", "PostnatalVisit", "NewbornVisit",
]
