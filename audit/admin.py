# The access log is read on the privacy officer's desk, never in the admin (STYLE.md: the
# admin is for configuration, never for client content).
