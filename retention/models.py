# The retention schedule and destruction records arrive with the retention issue (#8).
