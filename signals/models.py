# Signal intake, assessment and purge arrive with the signals issue (#5).
