from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "glasna.accounts"
    label = "accounts"
