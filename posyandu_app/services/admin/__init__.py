"""Set-up services for district admins and puskesmas supervisors: facilities, accounts and the audit view."""
