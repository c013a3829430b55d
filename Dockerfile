# The web and worker image: gunicorn serving the Django/Wagtail site.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORT=8000

RUN apt-get update \
    && apt-get install -y --no-install-recommends libjpeg62-turbo zlib1g libwebp7 curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app . .
# collectstatic needs keys to import the settings; these are never used at run time.
RUN SECRET_KEY=collectstatic-only-$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9') \
    FIELD_ENCRYPTION_KEYS=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input --settings=portal.settings.production \
    && mkdir -p /app/media && chown app:app /app/media

USER app
EXPOSE 8000
CMD ["sh", "-c", "gunicorn portal.wsgi:application --bind 0.0.0.0:${PORT} --workers ${GUNICORN_WORKERS:-3} --threads ${GUNICORN_THREADS:-4} --preload --timeout 60 --access-logfile -"]
