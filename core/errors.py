class ApplicationError(Exception):
    """An error a user can cause: shown as one clear Dutch message, never as a 500.

    Services raise it when a rule refuses an action; views turn it into a form error or a
    4xx page. The message never contains personal data.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
