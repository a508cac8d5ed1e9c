package renkei;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A 2-node SolrCloud (embedded ZooKeeper) for renkei's integration tests.
 *
 * <pre>
 * java -cp ... renkei.SolrHarness CONFIGSET_DIR COLLECTION [NODES] [SHARDS] [REPLICAS]
 * </pre>
 *
 * Prints one JSON line on stdout once the collection is active, then reads commands on stdin,
 * one per line, answering one JSON line each:
 *
 * <ul>
 *   <li>{@code stop-node N} - stop jetty N (0-based index into "nodes")
 *   <li>{@code start-node N} - start it again on the same port, wait until all replicas are
 *       active
 *   <li>{@code status} - live nodes and active replica count
 *   <li>{@code quit} - shut down and exit (also on stdin EOF)
 * </ul>
 *
 * Everything that is not protocol goes to stderr.
 */
public final class SolrHarness {

  private static PrintStream out; // the protocol channel (real stdout)
  private static MiniSolrCloudCluster cluster;
  private static Path baseDir;
  private static final java.util.logging.Logger JUL_GLASSFISH =
      java.util.logging.Logger.getLogger("org.glassfish");
  private static final AtomicBoolean down = new AtomicBoolean(false);

  public static void main(String[] args) throws Exception {
    // protocol on the real stdout; anything else that prints to System.out goes to stderr
    out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);

    if (args.length < 2) {
      System.err.println(
          "usage: SolrHarness CONFIGSET_DIR COLLECTION [NODES=2] [SHARDS=2] [REPLICAS=2]");
      System.exit(2);
    }
    Path confDir = Paths.get(args[0]).toAbsolutePath();
    String collection = args[1];
    int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int shards = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int replicas = args.length > 4 ? Integer.parseInt(args[4]) : 2;

    // Solr test-framework defaults that a plain main() must set itself
    setIfAbsent("solr.log.dir", System.getProperty("java.io.tmpdir"));
    setIfAbsent("jetty.testMode", "true");
    setIfAbsent("solr.disable.allowUrls", "true");
    setIfAbsent("solr.security.allow.paths.all", "true");
    setIfAbsent("zookeeper.admin.enableServer", "false");
    setIfAbsent("solr.zkclienttimeout", "30000");
    setIfAbsent("solr.suppressDefaultConfigBootstrap", "true");
    setIfAbsent("distribUpdateSoTimeout", "60000");
    setIfAbsent("leaderVoteWait", "5000");

    // jersey (Solr's v2 API) logs through java.util.logging straight to stderr
    JUL_GLASSFISH.setLevel(java.util.logging.Level.SEVERE);

    Runtime.getRuntime().addShutdownHook(new Thread(SolrHarness::shutdown, "harness-shutdown"));

    long t0 = System.nanoTime();
    baseDir = Files.createTempDirectory("renkei-solr-");
    JettyConfig jc = JettyConfig.builder().setContext("/solr").stopAtShutdown(true).build();
    cluster = new MiniSolrCloudCluster(nodes, baseDir, jc);
    List<JettySolrRunner> jettys = new ArrayList<>(cluster.getJettySolrRunners());
    long tNodes = System.nanoTime();

    cluster.uploadConfigSet(confDir, collection + "_conf");
    CollectionAdminRequest.createCollection(collection, collection + "_conf", shards, replicas)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(collection, 60, TimeUnit.SECONDS, shards, shards * replicas);
    long tReady = System.nanoTime();

    StringBuilder sb = new StringBuilder();
    sb.append("{\"zk\":").append(q(cluster.getZkServer().getZkAddress()));
    sb.append(",\"nodes\":[");
    for (int i = 0; i < jettys.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append(q(jettys.get(i).getBaseUrl().toString()));
    }
    sb.append("],\"collection\":").append(q(collection));
    sb.append(",\"shards\":").append(shards).append(",\"replicas\":").append(replicas);
    sb.append(",\"base_dir\":").append(q(baseDir.toString()));
    sb.append(",\"nodes_up_ms\":").append((tNodes - t0) / 1_000_000);
    sb.append(",\"ready_ms\":").append((tReady - t0) / 1_000_000).append('}');
    out.println(sb);

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      line = line.trim();
      if (line.isEmpty()) continue;
      String[] parts = line.split("\\s+");
      String cmd = parts[0];
      long c0 = System.nanoTime();
      try {
        if (cmd.equals("quit")) {
          out.println("{\"ok\":true,\"cmd\":\"quit\"}");
          break;
        } else if (cmd.equals("stop-node") || cmd.equals("start-node")) {
          int n = Integer.parseInt(parts[1]);
          JettySolrRunner j = jettys.get(n);
          if (cmd.equals("stop-node")) {
            if (!j.isStopped()) {
              cluster.stopJettySolrRunner(j);
              cluster.waitForJettyToStop(j);
            }
          } else {
            if (!j.isRunning()) {
              cluster.startJettySolrRunner(j, true);
              cluster.waitForNode(j, 60);
            }
            cluster.waitForActiveCollection(
                collection, 90, TimeUnit.SECONDS, shards, shards * replicas);
          }
          out.println(
              "{\"ok\":true,\"cmd\":"
                  + q(cmd)
                  + ",\"node\":"
                  + n
                  + ",\"url\":"
                  + q(j.getBaseUrl() == null ? "" : j.getBaseUrl().toString())
                  + ",\"ms\":"
                  + (System.nanoTime() - c0) / 1_000_000
                  + "}");
        } else if (cmd.equals("status")) {
          var reader = cluster.getZkStateReader();
          var live = reader.getClusterState().getLiveNodes();
          var coll = reader.getClusterState().getCollectionOrNull(collection);
          long active =
              coll == null
                  ? 0
                  : coll.getReplicas().stream()
                      .filter(r -> r.isActive(live))
                      .count();
          out.println(
              "{\"ok\":true,\"cmd\":\"status\",\"live_nodes\":"
                  + live.size()
                  + ",\"active_replicas\":"
                  + active
                  + "}");
        } else {
          out.println("{\"ok\":false,\"cmd\":" + q(cmd) + ",\"error\":\"unknown command\"}");
        }
      } catch (Throwable e) {
        e.printStackTrace(System.err);
        out.println(
            "{\"ok\":false,\"cmd\":" + q(cmd) + ",\"error\":" + q(String.valueOf(e)) + "}");
      }
    }
    shutdown();
    System.exit(0);
  }

  private static void shutdown() {
    if (!down.compareAndSet(false, true)) return;
    // never hang: if Solr/ZK shutdown blocks, halt the JVM
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(30_000);
                System.err.println("harness: shutdown took >30s, halting");
                Runtime.getRuntime().halt(3);
              } catch (InterruptedException ignored) {
              }
            },
            "harness-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      if (cluster != null) cluster.shutdown();
    } catch (Throwable e) {
      e.printStackTrace(System.err);
    }
    if (baseDir != null && !Boolean.getBoolean("renkei.keepDir")) {
      try (Stream<Path> s = Files.walk(baseDir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (Throwable ignored) {
      }
    }
    watchdog.interrupt();
  }

  private static void setIfAbsent(String k, String v) {
    if (System.getProperty(k) == null) System.setProperty(k, v);
  }

  private static String q(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
