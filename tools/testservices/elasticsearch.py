"""An Elasticsearch 8 node for the tests: the one ELASTICSEARCH_URL names, or a throw-away node.

The node comes from Maven Central (see tools/elasticsearch/pom.xml), is copied
into a temporary folder owned by an unprivileged account (Elasticsearch refuses
to run as root), listens on loopback only, and is deleted afterwards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

from . import (
    CACHE_DIR,
    PROJECT_DIR,
    Service,
    ServiceUnavailable,
    as_user,
    chown_tree,
    free_port,
    log,
    private_tmpdir,
    stop_process_group,
    unprivileged_user,
    wait_until,
)

POM = PROJECT_DIR / "tools" / "elasticsearch" / "pom.xml"
PLUGIN_DIR = PROJECT_DIR / "tools" / "elasticsearch" / "analysis-plugin"
HEAP = os.environ.get("TEST_ES_HEAP", "512m")
START_TIMEOUT = float(os.environ.get("TEST_ES_START_TIMEOUT", "180"))


def ensure_elasticsearch() -> Service:
    external = os.environ.get("ELASTICSEARCH_URL", "")
    if external:
        if _healthy(external):
            log("Elasticsearch: using the node named by ELASTICSEARCH_URL")
            return Service("elasticsearch", external, started_here=False)
        log("Elasticsearch: ELASTICSEARCH_URL does not answer; starting a throw-away node instead")
    return _start_node()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_cluster/health", timeout=2) as response:
            return json.load(response).get("status") in {"green", "yellow"}
    except Exception:
        return False


def _pom_version() -> str:
    match = re.search(r"<elasticsearch.version>([^<]+)</elasticsearch.version>", POM.read_text())
    assert match, "tools/elasticsearch/pom.xml lost its elasticsearch.version"
    return match.group(1)


def distribution() -> Path:
    """The unpacked distribution in .cache/, fetched with Maven on first use."""
    version = _pom_version()
    home = CACHE_DIR / "elasticsearch" / f"elasticsearch-{version}"
    if (home / "bin" / "elasticsearch").exists():
        return home
    if shutil.which("mvn") is None:
        raise ServiceUnavailable("Maven (mvn) is needed to fetch Elasticsearch from Maven Central")
    log(f"Elasticsearch: fetching {version} from Maven Central (first run only) ...")
    result = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(POM), "process-resources", f"-Des.cache.dir={CACHE_DIR / 'elasticsearch'}"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not (home / "bin" / "elasticsearch").exists():
        raise ServiceUnavailable(f"Maven could not fetch Elasticsearch {version}: {result.stdout[-300:]}{result.stderr[-300:]}")
    return home


def _java_home() -> str:
    for candidate in (os.environ.get("ES_JAVA_HOME"), os.environ.get("JAVA_HOME")):
        if candidate and Path(candidate, "bin", "java").exists():
            return candidate
    java = shutil.which("java")
    if java is None:
        raise ServiceUnavailable("Java 17+ is needed to run Elasticsearch (apt-get install openjdk-17-jre-headless)")
    return str(Path(java).resolve().parent.parent)


def _analysis_plugin() -> Path | None:
    """Our analysis plugin for the test node, when it has been built (see its README)."""
    build = PLUGIN_DIR / "build.sh"
    if not build.exists():
        return None
    result = subprocess.run(["bash", str(build)], capture_output=True, text=True)
    if result.returncode != 0:
        raise ServiceUnavailable(f"building the test analysis plugin failed: {result.stderr[-300:]}")
    path = Path(result.stdout.strip().splitlines()[-1])
    return path if path.is_dir() else None


def _start_node() -> Service:
    source = distribution()
    java_home = _java_home()
    plugin = _analysis_plugin()
    user = unprivileged_user()
    base = private_tmpdir("aishowcase-es-", user)
    home = base / "elasticsearch"
    shutil.copytree(source, home, symlinks=True)
    if plugin is not None:
        shutil.copytree(plugin, home / "plugins" / plugin.name)
    for sub in ("data", "logs", "tmp"):
        (base / sub).mkdir()
    if user is not None:
        import pwd

        entry = pwd.getpwnam(user)
        chown_tree(base, entry.pw_uid, entry.pw_gid)

    http_port, transport_port = free_port(), free_port()
    argv = [
        str(home / "bin" / "elasticsearch"),
        "-E", "discovery.type=single-node",
        "-E", "network.host=127.0.0.1",
        "-E", f"http.port={http_port}",
        "-E", f"transport.port={transport_port}",
        "-E", f"path.data={base / 'data'}",
        "-E", f"path.logs={base / 'logs'}",
        "-E", "xpack.security.enabled=false",
        # A nearly full disk must not turn indices read-only in the middle of a run.
        "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
    ]  # fmt: skip
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ES_JAVA_HOME": java_home,
        "ES_JAVA_OPTS": f"-Xms{HEAP} -Xmx{HEAP}",
        "ES_TMPDIR": str(base / "tmp"),
        "LANG": "C.UTF-8",
    }
    stdout = open(base / "console.log", "wb")
    process = subprocess.Popen(
        as_user(user, ["env", *[f"{k}={v}" for k, v in env.items()], *argv]),
        stdout=stdout,
        stderr=subprocess.STDOUT,
        cwd=base,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{http_port}"

    def stop() -> None:
        stop_process_group(process)
        stdout.close()
        shutil.rmtree(base, ignore_errors=True)
        log("Elasticsearch: throw-away node stopped and removed")

    try:
        wait_until(lambda: _healthy(url), START_TIMEOUT, "Elasticsearch", alive=lambda: process.poll() is None)
    except ServiceUnavailable as error:
        tail = (base / "console.log").read_text(errors="replace")[-800:]
        stop()
        raise ServiceUnavailable(f"{error}; last output: {tail}") from None
    log(f"Elasticsearch: started a throw-away {_pom_version()} node on {url}")
    return Service("elasticsearch", url, started_here=True, _stop=stop)
