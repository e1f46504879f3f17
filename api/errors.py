"""The API's refusals: a status, a stable code for programs and a French message for people."""


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: list | None = None) -> None:
        super().__init__(message)
        self.http_status = status
        self.code = code
        self.message = message
        self.details = details or []

    def body(self) -> dict:
        body = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


def not_found() -> ApiError:
    # The same answer whether the object exists outside the user's reach or not at all.
    return ApiError(404, "introuvable", "Cet objet n'existe pas ou vous n'y avez pas accès.")


def forbidden_role() -> ApiError:
    return ApiError(403, "role_non_autorise", "Votre rôle ne donne pas accès à cette partie de l'API.")
