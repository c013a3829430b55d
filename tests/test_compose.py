"""docker-compose.yml cannot be started here (no Docker engine), so the file itself is checked."""

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.embedded

PROJECT_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())


def test_every_service_the_settings_need_is_there(compose):
    assert set(compose["services"]) == {"web", "worker", "scheduler", "db", "elasticsearch"}
    assert set(compose["volumes"]) >= {"pgdata", "esdata", "media"}


def test_images_and_builds(compose):
    services = compose["services"]
    assert services["web"]["build"] == "." and services["worker"]["build"] == "."
    assert re.fullmatch(r"postgres:16(\.\d+)?", services["db"]["image"])
    assert re.fullmatch(r"docker\.elastic\.co/elasticsearch/elasticsearch:8\.\d+\.\d+", services["elasticsearch"]["image"])
    assert "db_worker" in services["worker"]["command"]
    assert (PROJECT_DIR / "Dockerfile").exists()


def test_the_scheduler_runs_the_periodic_jobs_from_the_same_image(compose):
    scheduler, worker = compose["services"]["scheduler"], compose["services"]["worker"]
    assert scheduler["build"] == worker["build"] == "."
    assert scheduler["command"] == ["python", "manage.py", "run_scheduler"]
    assert scheduler["volumes"] == worker["volumes"]
    # It waits for the web service, which runs the migrations the scheduler's bookkeeping needs.
    assert scheduler["depends_on"]["web"]["condition"] == "service_started"
    assert scheduler["restart"] == "unless-stopped"
    # Docker's default 10 s before SIGKILL would cut a job short; the scheduler stops after the job under way.
    assert int(scheduler["stop_grace_period"].rstrip("s")) >= 30


def test_health_checks_and_start_order(compose):
    services = compose["services"]
    for name in ("web", "db", "elasticsearch"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("web", "worker", "scheduler"):
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["elasticsearch"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_elasticsearch_is_single_node_and_memory_bounded(compose):
    es = compose["services"]["elasticsearch"]
    env = es["environment"]
    assert env["discovery.type"] == "single-node"
    assert re.search(r"-Xmx\d+[mg]", env["ES_JAVA_OPTS"])
    assert es.get("mem_limit")


def test_app_environment_matches_the_settings(compose):
    env = compose["services"]["web"]["environment"]
    assert env == compose["services"]["worker"]["environment"] == compose["services"]["scheduler"]["environment"]
    for name in ("SECRET_KEY", "DATABASE_URL", "ELASTICSEARCH_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "MEDIA_ROOT"):
        assert name in env, name
    assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    settings_source = "".join(p.read_text() for p in (PROJECT_DIR / "portal" / "settings").glob("*.py"))
    for name in env:
        if name != "DJANGO_SETTINGS_MODULE":
            assert f'"{name}"' in settings_source, f"{name} is set by docker-compose but read by no setting"


def test_no_secret_is_hard_coded():
    text = (PROJECT_DIR / "docker-compose.yml").read_text()
    for key in ("SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST_PASSWORD"):
        for value in re.findall(rf"^\s*{key}:\s*(\S+)", text, flags=re.MULTILINE):
            assert value.startswith("${"), f"{key} must come from the environment, found {value!r}"
    assert ":${POSTGRES_PASSWORD:?" in text
    assert "${SECRET_KEY:?" in text


def test_web_runs_the_gunicorn_the_load_benchmark_measured(compose):
    """bench/load.py measures 3 workers × 4 threads with kept database connections: production runs the same."""
    # Read, not imported: bench/load.py patches the interpreter for gevent as it is imported.
    found = re.search(r"^WORKERS, THREADS = (\d+), (\d+)$", (PROJECT_DIR / "bench" / "load.py").read_text(), re.M)
    WORKERS, THREADS = found.groups()
    command = compose["services"]["web"]["command"][-1]
    assert f"--workers $${{GUNICORN_WORKERS:-{WORKERS}}}" in command
    assert f"--threads $${{GUNICORN_THREADS:-{THREADS}}}" in command
    assert "--preload" in command
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    assert f"--workers ${{GUNICORN_WORKERS:-{WORKERS}}} --threads ${{GUNICORN_THREADS:-{THREADS}}}" in dockerfile
    assert compose["services"]["web"]["environment"]["DATABASE_CONN_MAX_AGE"] == "${DATABASE_CONN_MAX_AGE:-600}"


def test_web_gives_the_site_its_public_address_after_migrating(compose):
    command = compose["services"]["web"]["command"][-1]
    assert "manage.py migrate --no-input && python manage.py set_site_address &&" in command
    assert compose["services"]["web"]["environment"]["WAGTAILADMIN_BASE_URL"].startswith("${WAGTAILADMIN_BASE_URL")
