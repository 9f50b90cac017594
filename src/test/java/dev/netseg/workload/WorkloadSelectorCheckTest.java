package dev.netseg.workload;

import static dev.netseg.workload.ClusterYaml.deployment;
import static dev.netseg.workload.ClusterYaml.load;
import static dev.netseg.workload.ClusterYaml.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class WorkloadSelectorCheckTest {
  private final WorkloadExtractor extractor = new WorkloadExtractor();

  @Test
  void acceptsWorkloadsWithDistinctSelectors() {
    var workloads =
        extractor.fromManifests(
            load(
                deployment("shop", "web", "{app: web}", "{app: web}"),
                deployment("shop", "api", "{app: api}", "{app: api}"),
                // Same labels in another namespace do not overlap.
                deployment("other", "web", "{app: web}", "{app: web}")));

    assertThat(WorkloadSelectorCheck.check(workloads)).isEmpty();
  }

  @Test
  void reportsASelectorThatAlsoSelectsAnotherWorkloadNamingBoth() {
    var workloads =
        extractor.fromManifests(
            load(
                deployment("shop", "web", "{app: web}", "{app: web}"),
                deployment(
                    "shop", "web-canary", "{app: web, track: canary}", "{app: web, track: canary}"),
                pod("shop", "debug", "{app: web, run: debug}", null, null)));

    List<SelectorProblem> problems = WorkloadSelectorCheck.check(workloads);

    assertThat(problems)
        .extracting(SelectorProblem::message)
        .containsExactly(
            "shop/web[Deployment]: selector {app=web} also selects shop/debug[Pod],"
                + " shop/web-canary[Deployment]");
    assertThat(problems.get(0).type()).isEqualTo(SelectorProblem.Type.SELECTS_OTHER_WORKLOADS);
    assertThat(problems.get(0).others())
        .extracting(Object::toString)
        .containsExactly("shop/debug[Pod]", "shop/web-canary[Deployment]");
  }

  @Test
  void reportsAnEmptySelector() {
    // A bare pod whose only labels are per-pod ones has nothing stable left to select it by.
    var workloads =
        extractor.fromManifests(load(pod("shop", "lonely", "{pod-template-hash: x}", null, null)));

    assertThat(WorkloadSelectorCheck.check(workloads))
        .extracting(SelectorProblem::message)
        .containsExactly(
            "shop/lonely[Pod]: selector {} is empty and would select every pod in namespace shop");
  }

  @Test
  void reportsASelectorThatMissesSomeOfItsOwnPods() {
    Workload w =
        workload(
            "shop",
            "web",
            new LabelSelectorBuilder().addToMatchLabels("app", "web").build(),
            List.of(
                livePod("web-1", Map.of("app", "web")), livePod("web-2", Map.of("app", "web2"))));

    assertThat(WorkloadSelectorCheck.check(List.of(w)))
        .extracting(SelectorProblem::message)
        .containsExactly(
            "shop/web[Deployment]: selector {app=web} does not select its own pods web-2");
  }

  @Test
  void reportsAnInvalidSelector() {
    Workload w =
        workload(
            "shop",
            "web",
            new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey("app")
                .withOperator("Equals")
                .withValues("web")
                .endMatchExpression()
                .build(),
            List.of());

    assertThat(WorkloadSelectorCheck.check(List.of(w)))
        .extracting(SelectorProblem::type)
        .containsExactly(SelectorProblem.Type.INVALID);
  }

  @Test
  void findsOverlapsThroughExpressions() {
    Workload notCanary =
        workload(
            "shop",
            "stable",
            new LabelSelectorBuilder()
                .addToMatchLabels("app", "web")
                .addNewMatchExpression()
                .withKey("track")
                .withOperator("NotIn")
                .withValues("canary")
                .endMatchExpression()
                .build(),
            List.of(livePod("s", Map.of("app", "web", "track", "stable"))));
    Workload other =
        workload(
            "shop",
            "old",
            new LabelSelectorBuilder()
                .addToMatchLabels("app", "web")
                .addToMatchLabels("gen", "1")
                .build(),
            List.of(livePod("o", Map.of("app", "web", "gen", "1"))));

    assertThat(WorkloadSelectorCheck.check(List.of(notCanary, other)))
        .extracting(SelectorProblem::message)
        .containsExactly(
            "shop/stable[Deployment]: selector {app=web, track notin (canary)} also selects shop/old[Deployment]");
  }

  // --- Property: the indexed check agrees with checking every pair --------------------------

  @Property(tries = 300)
  void agreesWithCheckingEveryPair(@ForAll("workloadSets") List<Workload> workloads) {
    assertThat(summary(WorkloadSelectorCheck.check(workloads))).isEqualTo(reference(workloads));
  }

  /** The obviously-correct version: every workload against every other of its namespace. */
  static List<String> reference(List<Workload> workloads) {
    List<String> out = new ArrayList<>();
    List<Workload> sorted =
        workloads.stream().sorted((a, b) -> a.ref().compareTo(b.ref())).toList();
    for (Workload w : sorted) {
      if (LabelSelectors.validate(w.selector(), "selector").isPresent()) {
        out.add(w.ref() + " INVALID []");
        continue;
      }
      if (LabelSelectors.isEmpty(w.selector())) {
        out.add(w.ref() + " EMPTY []");
        continue;
      }
      List<Pod> own = w.pods().isEmpty() ? List.of(w.template()) : w.pods();
      if (own.stream()
          .anyMatch(p -> !LabelSelectors.matches(w.selector(), p.getMetadata().getLabels()))) {
        out.add(w.ref() + " MISSES_OWN_PODS []");
      }
      List<String> others = new ArrayList<>();
      for (Workload o : sorted) {
        if (o == w || !o.ref().namespace().equals(w.ref().namespace())) {
          continue;
        }
        List<Pod> theirs = new ArrayList<>(o.pods());
        theirs.add(o.template());
        if (theirs.stream()
            .anyMatch(p -> LabelSelectors.matches(w.selector(), p.getMetadata().getLabels()))) {
          others.add(o.ref().toString());
        }
      }
      if (!others.isEmpty()) {
        out.add(w.ref() + " SELECTS_OTHER_WORKLOADS " + others);
      }
    }
    return out;
  }

  static List<String> summary(List<SelectorProblem> problems) {
    return problems.stream()
        .map(
            p ->
                p.workload()
                    + " "
                    + p.type()
                    + " "
                    + p.others().stream().map(Object::toString).toList())
        .toList();
  }

  @Provide
  Arbitrary<List<Workload>> workloadSets() {
    Arbitrary<Map<String, String>> labels =
        Arbitraries.maps(
                Arbitraries.of("app", "tier", "track", "pod-template-hash"),
                Arbitraries.of("a", "b", "c"))
            .ofMaxSize(3);
    Arbitrary<LabelSelectorRequirement> requirement =
        Combinators.combine(
                Arbitraries.of("app", "tier", "track"),
                Arbitraries.of("In", "NotIn", "Exists", "DoesNotExist", "Bogus"),
                Arbitraries.of("a", "b", "c").list().ofMinSize(0).ofMaxSize(2))
            .as(
                (key, op, values) ->
                    new LabelSelectorRequirement(
                        key,
                        op,
                        op.equals("Exists") || op.equals("DoesNotExist") ? List.of() : values));
    Arbitrary<LabelSelector> selector =
        Combinators.combine(
                Arbitraries.maps(Arbitraries.of("app", "tier"), Arbitraries.of("a", "b", "c"))
                    .ofMaxSize(2),
                requirement.list().ofMaxSize(2))
            .as((ml, exprs) -> new LabelSelector(exprs, ml));
    Arbitrary<Workload> workload =
        Combinators.combine(
                Arbitraries.of("x", "y"),
                Arbitraries.strings().withChars('a', 'b', 'c', 'd', 'e').ofLength(2),
                selector,
                labels,
                labels.list().ofMaxSize(3))
            .as(
                (ns, name, sel, templateLabels, podLabels) -> {
                  List<Pod> pods = new ArrayList<>();
                  for (int i = 0; i < podLabels.size(); i++) {
                    pods.add(livePod(name + "-" + i, podLabels.get(i)));
                  }
                  Workload w = workload(ns, name, sel, pods);
                  return new Workload(
                      w.ref(), w.metadata(), w.selector(), livePod(name, templateLabels), pods);
                });
    return workload.list().ofMaxSize(12).uniqueElements(Workload::ref);
  }

  static Pod livePod(String name, Map<String, String> labels) {
    return new PodBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withLabels(labels).build())
        .build();
  }

  static Workload workload(String ns, String name, LabelSelector selector, List<Pod> pods) {
    Pod template =
        Optional.ofNullable(pods.isEmpty() ? null : pods.get(0))
            .orElse(livePod(name, Map.of("app", "web")));
    return new Workload(
        new WorkloadRef(ns, name, "Deployment"),
        new ObjectMetaBuilder().withNamespace(ns).withName(name).build(),
        selector,
        template,
        pods);
  }
}
