import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
application = get_wsgi_application()

from glasna.matching import warmup  # noqa: E402 - needs the settings get_wsgi_application set up

warmup.start()  # the index kernels compile beside the first requests, not inside a lookup
