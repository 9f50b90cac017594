package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code connectivity} and {@code diff} write outside ranges the same way (first-last, as roxctl
 * does), so a line of one can be found in the other; {@code diff} ends with a summary line.
 */
class ExternalRangesInReportsTest {
  @TempDir Path dir;

  private static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: app, namespace: x}
      spec:
        selector: {matchLabels: {app: app}}
        template:
          metadata: {labels: {app: app}}
          spec: {containers: [{name: c, ports: [{containerPort: 443}]}]}
      """;

  private static String egress(String cidr) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: x}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress: [{to: [{ipBlock: {cidr: "%s"}}], ports: [{port: 443}]}]
        """
        .formatted(cidr);
  }

  static Stream<Arguments> ranges() {
    return Stream.of(
        Arguments.of("10.0.0.0/24", "10.0.0.0-10.0.0.255[External]"),
        Arguments.of("10.0.0.0/8", "10.0.0.0-10.255.255.255[External]"),
        Arguments.of("192.168.1.7/32", "192.168.1.7-192.168.1.7[External]"),
        Arguments.of("fd00::/8", "fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ranges")
  void connectivityAndDiffWriteARangeAlike(String cidr, String written) throws Exception {
    Path app = Files.writeString(dir.resolve("app.yaml"), APP);
    Path none = Files.createDirectories(dir.resolve("none"));
    Files.writeString(none.resolve("empty.yaml"), "");
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("p.yaml"), egress(cidr));
    Files.writeString(dir.resolve("all.yaml"), APP + "---\n" + egress(cidr));

    CliRun connectivity = CliRun.of("connectivity", dir.resolve("all.yaml").toString());
    String line = "x/app[Deployment] => " + written + " : TCP 443";
    assertThat(connectivity.out().lines()).contains(line);

    // from the policy to none: everything but TCP 443 to the range is gained, on the same range
    CliRun gained = CliRun.of("diff", policies.toString(), none.toString(), app.toString());
    List<String> lines = gained.out().lines().toList();
    assertThat(lines)
        .anyMatch(l -> l.startsWith("+ x/app[Deployment] => " + written + " : "))
        .noneMatch(l -> l.matches(".*[0-9a-f]/[0-9]+\\[External].*"));
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("4 pairs gained connections, 0 pairs lost connections");
    CliRun lost = CliRun.of("diff", none.toString(), policies.toString(), app.toString());
    assertThat(lost.out())
        .contains("- x/app[Deployment] => " + written + " : ")
        .endsWith("0 pairs gained connections, 4 pairs lost connections\n");
  }
}
