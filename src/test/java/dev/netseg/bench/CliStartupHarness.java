package dev.netseg.bench;

import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.PolicyProposalSpec;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The start-up of {@code java -jar target/netseg.jar proposal shop/shop}, each run a new JVM, as a
 * person runs it. The fabric8 CRUD mock API server (plain HTTP, in this JVM) holds profile
 * shop/shop and its PolicyProposal with the policies of the quick start ({@code generate
 * examples/shop}). Variants run in turns, so that the machine's load falls on all alike: the plain
 * command, JVM options for short runs (C1 only; a class data sharing archive made by one earlier
 * run), {@code --version} (JVM and command line only) and a kubeconfig whose server is a closed
 * port (start-up without any answer). Each run's output is checked (the YAML exactly; runs that log
 * a WARN line are flagged). Wall time per run from this JVM; CPU time (user + system) when {@code
 * /usr/bin/time} exists.
 *
 * <p>Usage: {@code CliStartupHarness [rounds] [jar]} (defaults 9, target/netseg.jar). See
 * docs/performance.md for the command.
 */
public final class CliStartupHarness {
  // Held so that the level set on it is not lost when java.util.logging drops an unused logger.
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private static final Path TIME = Path.of("/usr/bin/time");

  /** JVM options that only hide the JVM's class data sharing messages, which go to stdout. */
  private static final List<String> QUIET_CDS = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private record Sample(double wallSeconds, double cpuSeconds, boolean warned) {}

  private CliStartupHarness() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    Path jar = Path.of(args.length > 1 ? args[1] : "target/netseg.jar").toAbsolutePath();
    MOCK_LOG.setLevel(Level.WARNING);
    Path dir = Files.createTempDirectory("netseg-cli-startup");
    String yaml =
        run(
                List.of(
                    java(),
                    "-jar",
                    jar.toString(),
                    "generate",
                    "examples/shop",
                    "--flows",
                    "examples/shop/flows.jsonl"),
                dir)
            .stdout();

    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      store(client, yaml);
      Path kubeconfig = kubeconfig(dir.resolve("mock"), client.getConfiguration().getMasterUrl());
      Path closed = kubeconfig(dir.resolve("closed"), "http://127.0.0.1:1/");
      Path archive = dir.resolve("netseg.jsa");
      List<String> proposal =
          List.of("proposal", "shop/shop", "--kubeconfig", kubeconfig.toString());
      // The archive holds the classes one proposal run loads (and the JDK's).
      List<String> dump = new ArrayList<>(QUIET_CDS);
      dump.add("-XX:ArchiveClassesAtExit=" + archive);
      run(command(jar, dump, proposal), dir);
      List<String> cds = new ArrayList<>(QUIET_CDS);
      cds.add("-XX:SharedArchiveFile=" + archive);
      List<String> cdsC1 = new ArrayList<>(cds);
      cdsC1.add("-XX:TieredStopAtLevel=1");

      Map<String, List<String>> variants = new LinkedHashMap<>();
      variants.put("proposal", command(jar, List.of(), proposal));
      variants.put("proposal, C1 only", command(jar, List.of("-XX:TieredStopAtLevel=1"), proposal));
      variants.put("proposal, CDS archive", command(jar, cds, proposal));
      variants.put("proposal, CDS archive + C1 only", command(jar, cdsC1, proposal));
      variants.put(
          "proposal, closed port",
          command(
              jar, List.of(), List.of("proposal", "shop/shop", "--kubeconfig", closed.toString())));
      variants.put("--version", command(jar, List.of(), List.of("--version")));

      Map<String, List<Sample>> samples = new LinkedHashMap<>();
      variants.keySet().forEach(v -> samples.put(v, new ArrayList<>()));
      for (int round = 0; round < rounds; round++) {
        for (var v : variants.entrySet()) {
          Run r = run(v.getValue(), dir);
          check(v.getKey(), r, yaml);
          samples.get(v.getKey()).add(r.sample());
        }
      }
      System.out.printf(
          "%d rounds, %d CPUs, load average before: %s%n",
          rounds, Runtime.getRuntime().availableProcessors(), loadAverage());
      samples.forEach((v, s) -> System.out.println(summary(v, s)));
    } finally {
      server.destroy();
    }
  }

  private static void store(KubernetesClient client, String yaml) {
    SegmentationProfile profile = new SegmentationProfile();
    profile.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop").build());
    client.resource(profile).create();
    PolicyProposal proposal = new PolicyProposal();
    proposal.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop").build());
    PolicyProposalSpec spec = new PolicyProposalSpec();
    spec.setProfile("shop");
    spec.setYaml(yaml);
    proposal.setSpec(spec);
    client.resource(proposal).create();
  }

  private static void check(String variant, Run r, String yaml) {
    boolean expected =
        switch (variant) {
          case "proposal, closed port" -> r.exitCode() == 2 && r.stdout().isEmpty();
          case "--version" -> r.exitCode() == 0;
          default -> r.exitCode() == 0 && r.stdout().equals(yaml);
        };
    if (!expected) {
      throw new IllegalStateException(
          variant + " exited " + r.exitCode() + "; stderr:\n" + r.stderr());
    }
  }

  private static String summary(String variant, List<Sample> samples) {
    double[] wall = samples.stream().mapToDouble(Sample::wallSeconds).sorted().toArray();
    double[] cpu = samples.stream().mapToDouble(Sample::cpuSeconds).sorted().toArray();
    return String.format(
            "%-34s wall median %.2f s (min %.2f, max %.2f)%s",
            variant,
            wall[wall.length / 2],
            wall[0],
            wall[wall.length - 1],
            Double.isNaN(cpu[0])
                ? ""
                : String.format("; CPU median %.2f s (min %.2f)", cpu[cpu.length / 2], cpu[0]))
        + (samples.stream().anyMatch(Sample::warned) ? "; logged WARN" : "");
  }

  private static List<String> command(Path jar, List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return command;
  }

  private record Run(int exitCode, String stdout, String stderr, Sample sample) {}

  private static Run run(List<String> command, Path dir) throws IOException, InterruptedException {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Path times = dir.resolve("times");
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(TIME)) {
      full.addAll(List.of(TIME.toString(), "-f", "%e %U %S", "-o", times.toString()));
    }
    full.addAll(command);
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("no end after 5 minutes: " + command);
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = Double.NaN;
    if (Files.isExecutable(TIME)) {
      String[] t = Files.readString(times).trim().split("\\s+");
      cpu = Double.parseDouble(t[t.length - 2]) + Double.parseDouble(t[t.length - 1]);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        new Sample(wall, cpu, Files.readString(err).lines().anyMatch(l -> l.contains("WARN"))));
  }

  private static Path kubeconfig(Path file, String server) throws IOException {
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: {server: "%s"}
        users:
        - name: me
          user: {token: secret}
        contexts:
        - name: c
          context: {cluster: c, user: me, namespace: default}
        current-context: c
        """
            .formatted(server));
    return file;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
