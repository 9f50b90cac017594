package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health check for SegmentationProfile (deploy/argocd/health.lua), run with LuaJ the
 * way Argo CD runs it: the resource as the global {@code obj}, a table with status and message
 * returned.
 */
class ArgoCdHealthCheckTest {
  static final Path SCRIPT = Path.of("deploy", "argocd", "health.lua");
  static final Path CM_PATCH = Path.of("deploy", "argocd", "argocd-cm-patch.yaml");
  static final String KEY = "resource.customizations.health.netseg.dev_SegmentationProfile";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Health and the start of its message for a profile at generation 2 with this status. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no status yet                               | | Progressing | Waiting for the netseg operator to reconcile the profile
          status without observedGeneration           | {"conditions": [{"type": "Ready", "status": "True"}]} | Progressing | Waiting for the netseg operator to reconcile generation 2
          status of the previous generation, Ready    | {"observedGeneration": 1, "conditions": [{"type": "Ready", "status": "True", "observedGeneration": 1}]} | Progressing | Waiting for the netseg operator to reconcile generation 2
          status of the previous generation, Degraded | {"observedGeneration": 1, "conditions": [{"type": "Degraded", "status": "True", "observedGeneration": 1}]} | Progressing | Waiting for the netseg operator
          current, Ready                              | {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True", "reason": "Enforced", "message": "6 policies applied", "observedGeneration": 2}, {"type": "Learning", "status": "False", "observedGeneration": 2}, {"type": "SafeToEnforce", "status": "True", "observedGeneration": 2}, {"type": "Degraded", "status": "False", "observedGeneration": 2}]} | Healthy | Enforced: 6 policies applied
          current, Ready, conditions without generation | {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True"}]} | Healthy | Ready
          current, learning                           | {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True", "observedGeneration": 2}, {"type": "Learning", "status": "True", "reason": "LearningPeriod", "message": "learning until 12:00", "observedGeneration": 2}]} | Progressing | LearningPeriod: learning until 12:00
          current, Degraded by a conflict             | {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True", "observedGeneration": 2}, {"type": "Degraded", "status": "True", "reason": "Conflict", "message": "shop/web is also governed by profile other", "observedGeneration": 2}]} | Degraded | Conflict: shop/web is also governed by profile other
          current, Degraded wins over learning        | {"observedGeneration": 2, "conditions": [{"type": "Learning", "status": "True", "observedGeneration": 2}, {"type": "Degraded", "status": "True", "message": "flow source hubble-relay unavailable", "observedGeneration": 2}]} | Degraded | flow source hubble-relay unavailable
          current, change held: not SafeToEnforce     | {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True", "observedGeneration": 2}, {"type": "SafeToEnforce", "status": "False", "reason": "WouldBlockFlows", "message": "3 required flows would be blocked", "observedGeneration": 2}]} | Degraded | WouldBlockFlows: 3 required flows would be blocked
          current, SafeToEnforce without a message    | {"observedGeneration": 2, "conditions": [{"type": "SafeToEnforce", "status": "False", "observedGeneration": 2}]} | Degraded | A policy change would block required flows and is held
          current, invalid spec: Ready False          | {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "False", "reason": "InvalidSpec", "message": "spec.scope.workloadSelector: bad operator", "observedGeneration": 2}]} | Degraded | InvalidSpec: spec.scope.workloadSelector: bad operator
          current, Ready of an older generation       | {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "True", "observedGeneration": 1}]} | Progressing | Waiting for the profile to become Ready
          current, Ready Unknown                      | {"observedGeneration": 2, "conditions": [{"type": "Ready", "status": "Unknown", "observedGeneration": 2}]} | Progressing | Waiting for the profile to become Ready
          current, no conditions                      | {"observedGeneration": 2} | Progressing | Waiting for the profile to become Ready
          reconciled ahead of our copy                | {"observedGeneration": 3, "conditions": [{"type": "Ready", "status": "True", "observedGeneration": 3}]} | Healthy | Ready
          """)
  void healthFollowsTheConditionsOfTheCurrentGeneration(
      String description, String status, String health, String message) throws IOException {
    JsonNode profile =
        JSON.readTree(
            """
            {"apiVersion": "netseg.dev/v1alpha1", "kind": "SegmentationProfile",
             "metadata": {"name": "shop", "namespace": "shop", "generation": 2},
             "spec": {"mode": "Enforce"}}
            """);
    if (status != null) {
      ((ObjectNode) profile).set("status", JSON.readTree(status));
    }

    Map<String, String> result = run(Files.readString(SCRIPT), profile);

    assertThat(result.get("status")).as(description).isEqualTo(health);
    assertThat(result.get("message")).as(description).startsWith(message);
  }

  @Test
  void profileWithoutGenerationIsJudgedByItsConditions() throws IOException {
    JsonNode profile =
        JSON.readTree(
            """
            {"metadata": {"name": "shop"},
             "status": {"conditions": [{"type": "Ready", "status": "True", "observedGeneration": 5}]}}
            """);

    assertThat(run(Files.readString(SCRIPT), profile)).containsEntry("status", "Healthy");
  }

  @Test
  void configMapPatchCarriesTheScriptVerbatim() throws IOException {
    JsonNode cm = new YAMLMapper().readTree(CM_PATCH.toFile());

    assertThat(cm.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
    assertThat(cm.path("data").path(KEY).asText()).isEqualTo(Files.readString(SCRIPT));
  }

  /** Runs the health script as Argo CD does and returns the fields of the table it returns. */
  static Map<String, String> run(String script, JsonNode resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(resource));
    LuaValue result = globals.load(script, "health.lua").call();
    assertThat(result.istable()).as("the script returns a table").isTrue();
    return Map.of(
        "status", result.get("status").tojstring(), "message", result.get("message").tojstring());
  }

  /** JSON to Lua as Argo CD converts it: objects and arrays to tables, numbers to numbers. */
  static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable t = new LuaTable();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        t.set(e.getKey(), toLua(e.getValue()));
      }
      return t;
    }
    if (node.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        t.set(i + 1, toLua(node.get(i)));
      }
      return t;
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.asLong());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    if (node.isNull()) {
      return LuaValue.NIL;
    }
    return LuaValue.valueOf(node.asText());
  }
}
