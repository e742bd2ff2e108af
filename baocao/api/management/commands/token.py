"""`baocao token create USER [--expires 90d] [--read-only] [--name NAME]`: prints a new
API token once (only its hash is stored). `baocao token list USER`, `baocao token
revoke PREFIX`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from baocao.api import tokens
from baocao.api.models import ApiToken


class Command(BaseCommand):
    help = "Tạo, liệt kê, thu hồi khóa API của người dùng."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="tạo khóa mới (in ra một lần)")
        create.add_argument("user")
        create.add_argument("--expires", default="", help="thời hạn: 90d, 12h, 2w")
        create.add_argument("--read-only", action="store_true", help="chỉ được đọc")
        create.add_argument("--name", default="", help="tên gợi nhớ")
        listing = sub.add_parser("list", help="các khóa của người dùng")
        listing.add_argument("user")
        revoke = sub.add_parser("revoke", help="thu hồi khóa theo đầu mã")
        revoke.add_argument("prefix")

    def _user(self, username: str):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Không có người dùng «{username}».") from None

    def handle(self, *args, action, **options):
        if action == "create":
            user = self._user(options["user"])
            try:
                expires = tokens.parse_duration(options["expires"]) if options["expires"] else None
            except tokens.TokenError as exc:
                raise CommandError(str(exc)) from None
            token, secret = tokens.create_token(
                user, name=options["name"], expires_in=expires, read_only=options["read_only"]
            )
            until = f"{token.expires_at:%d/%m/%Y %H:%M}" if token.expires_at else "không hết hạn"
            mode = "chỉ đọc" if token.read_only else "đọc và ghi"
            self.stderr.write(f"Khóa API của {user.username} ({mode}, {until}); chỉ hiện một lần:")
            self.stdout.write(secret)
        elif action == "list":
            user = self._user(options["user"])
            for token in ApiToken.objects.filter(user=user):
                mode = "chỉ đọc" if token.read_only else "đọc và ghi"
                self.stdout.write(f"{token.prefix}…\t{mode}\t{token.state}\t{token.name}")
        else:
            found = ApiToken.objects.filter(prefix=options["prefix"].rstrip("…."))
            if not found.exists():
                raise CommandError(f"Không có khóa bắt đầu bằng «{options['prefix']}».")
            for token in found:
                tokens.revoke(token)
            self.stdout.write(f"Đã thu hồi {found.count()} khóa.")
