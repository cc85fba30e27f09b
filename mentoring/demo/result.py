"""What a demo seeding created, and the sign-ins to print."""

from dataclasses import dataclass, field


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{count} {name}" for name, count in self.created.items() if count]
        return "Demo data ready: " + (", ".join(parts) if parts else "nothing new to create") + "."

    def account_lines(self) -> list[str]:
        return [f"{email:<28} {role}" for email, role in self.accounts]
