"""``Authorization: Bearer <token>`` with a personal API token (api.tokens)."""

from rest_framework import authentication, exceptions

from api.tokens import TokenRefused, token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the header as 'Bearer <token>'.")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("The API token is not valid.") from error
        try:
            token = token_authenticate(raw)
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from refused
        return (token.owner, token)

    def authenticate_header(self, request):
        return self.keyword
