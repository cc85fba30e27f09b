"""Demo data for `make run` and benchmarks: deterministic for a seed, and safe to load twice."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import COORDINATORS_GROUP, User

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - published demo sign-in, DEBUG or opt-in only
DEMO_COORDINATOR = "coordinator@demo.test"


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{count} {name}" for name, count in self.created.items()]
        return "Demo data ready: " + (", ".join(parts) if parts else "nothing new to create") + "."

    def account_lines(self) -> list[str]:
        return [f"{email:<28} {role}" for email, role in self.accounts]


@transaction.atomic
def seed_demo(*, mentors: int, mentees: int, seed: int, demo_accounts: bool) -> SeedResult:
    result = SeedResult()
    if demo_accounts:
        coordinator, created = User.objects.get_or_create(
            email=DEMO_COORDINATOR,
            defaults={"full_name": "Chris Coordinator", "is_staff": True},
        )
        if created:
            coordinator.set_password(DEMO_PASSWORD)
            coordinator.save(update_fields=["password"])
            result.created["coordinator accounts"] = 1
        group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
        coordinator.groups.add(group)
        result.accounts.append((DEMO_COORDINATOR, "scheme coordinator"))
    return result
