from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every deal has eight users; the real hasher would make these tests slow, not safer.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_texts(settings):
    # The assertions read the English texts; Dutch, the default, is fully translated.
    settings.LANGUAGE_CODE = "en"
