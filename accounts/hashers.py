"""How passwords are stored: Argon2id at OWASP's recommended cost (docs/adr/0024)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id with 19 MiB of memory, 2 passes and 1 lane: OWASP's first recommended setting.

    About 30 ms of one core per sign-in, where PBKDF2 at Django's 1,000,000 iterations took
    about 390 ms, and memory-hard, which makes guessing on graphics cards dearer. A hash made
    with other settings (or by PBKDF2) is remade with these at the person's next sign-in.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
