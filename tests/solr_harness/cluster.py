"""Start and stop the SolrCloud test harness (SolrHarness.java) from Python: tests and bench use it.

    with Cluster.started(configset, "renkei") as cluster:   # 2 nodes, 2 shards x 2 replicas
        cluster.nodes                  # ["http://127.0.0.1:PORT/solr", ...]
        cluster.command("stop-node 0")

The harness is built by Maven the first time (offline once ~/.m2 has it, online otherwise); the
JVM speaks one JSON line per command on stdout and exits on "quit", stdin EOF or SIGTERM.
"""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
JAR = HERE / "target" / "solr-harness-0.1.jar"
CLASSPATH = HERE / "target" / "classpath.txt"
JAVA_OPTS = ["-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true"]


def missing_tools() -> str | None:
    """What to install for these tests, or None when Java and Maven are there."""
    missing = [name for name in ("java", "mvn") if shutil.which(name) is None]
    if not missing:
        return None
    return (f"SolrCloud tests need {' and '.join(missing)}: install Java 17 and Maven "
            f"(apt-get install openjdk-17-jdk-headless maven)")


def build() -> float:
    """Build the harness if its jar is missing or older than its sources; the seconds it took."""
    started = time.monotonic()
    sources = [HERE / "pom.xml", *(HERE / "src").rglob("*")]
    if JAR.is_file() and CLASSPATH.is_file() and all(p.stat().st_mtime <= JAR.stat().st_mtime for p in sources):
        return 0.0
    offline = subprocess.run(["mvn", "-B", "-q", "-o", "package"], cwd=HERE, capture_output=True, text=True)
    if offline.returncode != 0:   # first build on this machine: Maven Central, then ~/.m2 has it all
        online = subprocess.run(["mvn", "-B", "-q", "package"], cwd=HERE, capture_output=True, text=True)
        if online.returncode != 0:
            raise RuntimeError(f"mvn package failed in {HERE}:\n{online.stdout[-2000:]}{online.stderr[-2000:]}")
    return time.monotonic() - started


class Cluster:
    def __init__(self, process: subprocess.Popen, ready: dict, lines: "queue.Queue[str]", log: Path) -> None:
        self.process, self.ready, self._lines, self.log = process, ready, lines, log
        self.nodes: list[str] = ready["nodes"]
        self.collection: str = ready["collection"]

    @classmethod
    def start(cls, configset: Path, collection: str, log: Path, timeout: float = 120.0) -> "Cluster":
        build()
        command = ["java", *os.environ.get("RENKEI_SOLR_JAVA_OPTS", " ".join(JAVA_OPTS)).split(),
                   "-cp", f"{JAR}:{CLASSPATH.read_text().strip()}", "renkei.SolrHarness", str(configset), collection]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(log, "w"),
                                   text=True, encoding="utf-8")
        lines: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
        cluster = cls(process, {"nodes": [], "collection": collection}, lines, log)
        try:
            cluster.ready = json.loads(cluster._line(timeout))
        except Exception:
            cluster.stop()
            raise RuntimeError(f"the Solr harness did not start; its log: {log}\n{log.read_text()[-3000:]}")
        cluster.nodes, cluster.collection = cluster.ready["nodes"], cluster.ready["collection"]
        return cluster

    def _line(self, timeout: float) -> str:
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no answer from the Solr harness in {timeout:.0f} s (log: {self.log})") from None

    def command(self, text: str, timeout: float = 120.0) -> dict:
        """Send one command (stop-node N, start-node N, status); its JSON reply."""
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        reply = json.loads(self._line(timeout))
        if not reply.get("ok"):
            raise RuntimeError(f"harness: {text}: {reply}")
        return reply

    def hosts(self, *which: int) -> str:
        """HOST:PORT,... of the given nodes (all by default), as --backend solr://... takes them."""
        chosen = which or range(len(self.nodes))
        return ",".join(self.nodes[i].split("//", 1)[1].split("/", 1)[0] for i in chosen)

    def stop(self) -> float:
        """Quit and wait for the JVM to be gone (SIGTERM, then SIGKILL, if it lingers); seconds taken."""
        started = time.monotonic()
        if self.process.poll() is None:
            try:
                self.process.stdin.write("quit\n")
                self.process.stdin.close()
            except (BrokenPipeError, OSError):
                pass
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        return time.monotonic() - started
