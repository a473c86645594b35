# One image for web, worker and beat: Python 3.11 on Debian 12, WeasyPrint's libraries and CJK fonts.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=union_portal.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-noto-cjk postgresql-client procps libpq5 libldap-2.5-0 libsasl2-2 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
# psycopg2 and python-ldap are built against Debian's libpq and libldap; the build tools are removed again
# in the same layer.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev libldap2-dev libsasl2-dev \
 && pip install --no-cache-dir --require-hashes -r requirements.lock \
 && apt-get purge -y gcc libpq-dev libldap2-dev libsasl2-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# Translations and static files are built into the image; a throw-away key suffices for these commands.
RUN SECRET_KEY=build-only-key-that-is-long-enough-for-the-production-settings-check-xx \
    ALLOWED_HOSTS=localhost python manage.py compilemessages --ignore=node_modules -v 0 \
 && SECRET_KEY=build-only-key-that-is-long-enough-for-the-production-settings-check-xx \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v 0
RUN useradd --system --uid 1000 portal && mkdir -p /app/media && chown portal /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "union_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
