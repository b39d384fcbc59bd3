from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from glasna.accounts.demo import create_demo_organisations, credentials_file
from glasna.intake.demo import create_demo_reports


class Command(BaseCommand):
    help = "Create synthetic demo organisations (one or more per country) and staff; print their sign-in details."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = create_demo_organisations()
        path = credentials_file()
        if logins:
            lines = [
                f"{login.username:28} password: {login.password:28} role: {login.role:15} TOTP key: {login.totp_secret}"
                for login in logins
            ]
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            path.chmod(0o600)
        self.stdout.write(f"Demo staff sign-in (also in {path}):")
        self.stdout.write(path.read_text(encoding="utf-8") if path.exists() else "(none)")
        self.stdout.write("Second step: add the TOTP key to an authenticator app, or run: glasna demo_totp USERNAME")
        reports = create_demo_reports()
        if reports:
            lines = [f"receipt {receipt}  (synthetic report, {country})" for receipt, country in reports]
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            self.stdout.write("Synthetic reports, to open as a survivor at /<language>/return/:")
            self.stdout.write("\n".join(lines))
        if apps.is_installed("glasna.networks"):
            from glasna.networks.demo import create_demo_spaces

            if create_demo_spaces():
                self.stdout.write(
                    "Synthetic spaces: Invented Room and its successor Invented Room 2, linked to the demo cases."
                )
