# The dshub app: one Streamlit process on port 8501. compose.yaml runs several of these behind
# nginx, plus PostgreSQL and a one-shot migration (docs/deploy.md).
#
# The image never migrates the database when it starts: run `python -m dshub init-db` once, as a
# separate step, before the app containers (compose.yaml's `migrate` service, a Kubernetes Job).
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Debian's Chromium and DejaVu fonts: kaleido renders the charts' PNG downloads with them.
# Pango (and HarfBuzz's subsetter): WeasyPrint lays out the PDF reports with them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric id, so Kubernetes' runAsNonRoot can check it.
RUN groupadd --gid 10001 dshub \
    && useradd --uid 10001 --gid dshub --create-home --shell /usr/sbin/nologin dshub

WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

# The app's files stay owned by root (read-only for the app). Only var/ is writable: the embedded
# SQLite database when the container runs on its own without DSHUB_DATABASE_URL.
COPY . .
RUN install -d -o dshub -g dshub /app/var

USER 10001:10001
EXPOSE 8501

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"]
