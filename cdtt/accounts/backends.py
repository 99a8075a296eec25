"""Log in with a username or a phone number, however the phone is typed."""

from django.contrib.auth.backends import ModelBackend

from cdtt.vietnamese import looks_like_phone, normalize_phone

from .models import User


class UsernameOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None and looks_like_phone(username):
            try:
                user = User.objects.filter(phone=normalize_phone(username)).first()
            except ValueError:
                user = None
        if user is None:
            User().set_password(password)  # same cost as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
