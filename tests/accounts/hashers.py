"""A password hasher for tests that notes every password it hashes (Django's MD5 otherwise)."""

from django.contrib.auth.hashers import MD5PasswordHasher


class RecordingPasswordHasher(MD5PasswordHasher):
    algorithm = "recording_md5"
    hashed: list[str] = []

    def encode(self, password: str, salt: str) -> str:
        RecordingPasswordHasher.hashed.append(password)
        return super().encode(password, salt)
