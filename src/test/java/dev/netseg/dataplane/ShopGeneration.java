package dev.netseg.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netseg.cli.NetsegMain;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * What {@code netseg generate <dir> --flows <dir>/flows.jsonl -o json} prints for an example
 * application, run in-process as a user would run the CLI: the NetworkPolicies and the required
 * flows they were made for.
 *
 * @param policies the generated NetworkPolicies
 * @param flows every required flow the report lists
 */
record ShopGeneration(List<NetworkPolicy> policies, List<RequiredFlowLine> flows) {

  /** One required flow as the JSON report gives it: peers as {@code ns/name[Kind]} or a CIDR. */
  record RequiredFlowLine(String source, String destination, String protocol, int port) {
    @Override
    public String toString() {
      return source + " -> " + destination + " " + protocol + " " + port;
    }
  }

  /** Runs the CLI on {@code dir} with its {@code flows.jsonl}. */
  static ShopGeneration of(Path dir) {
    CommandLine cli = NetsegMain.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code =
        cli.execute(
            "generate",
            dir.toString(),
            "--flows",
            dir.resolve("flows.jsonl").toString(),
            "-o",
            "json");
    if (code != 0) {
      throw new IllegalStateException("netseg generate exited " + code + ": " + err);
    }
    try {
      JsonNode doc = new ObjectMapper().readTree(out.toString());
      KubernetesSerialization k8s = new KubernetesSerialization();
      List<NetworkPolicy> policies = new ArrayList<>();
      for (JsonNode p : doc.get("policies")) {
        policies.add(k8s.unmarshal(p.toString(), NetworkPolicy.class));
      }
      List<RequiredFlowLine> flows = new ArrayList<>();
      for (JsonNode f : doc.get("flows")) {
        flows.add(
            new RequiredFlowLine(
                f.get("source").asText(),
                f.get("destination").asText(),
                f.get("protocol").asText(),
                f.get("port").asInt()));
      }
      return new ShopGeneration(List.copyOf(policies), List.copyOf(flows));
    } catch (IOException e) {
      throw new UncheckedIOException("netseg generate -o json printed no JSON: " + out, e);
    }
  }
}
