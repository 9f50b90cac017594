package dev.netseg.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StableSelectorsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pod-template-hash",
        "controller-revision-hash",
        "pod-template-generation",
        "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
        "batch.kubernetes.io/controller-uid",
        "controller-uid",
        "batch.kubernetes.io/job-name",
        "job-name",
        "batch.kubernetes.io/job-completion-index"
      })
  void removesEachUnstableKeyFromLabelsAndExpressions(String key) {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("app", "web", key, "v"))
            .addNewMatchExpression()
            .withKey(key)
            .withOperator("In")
            .withValues("a", "b")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("Exists")
            .endMatchExpression()
            .build();

    assertThat(StableSelectors.describe(StableSelectors.strip(selector)))
        .isEqualTo("{app=web, tier}");
    assertThat(StableSelectors.isUnstable(key)).isTrue();
  }

  @Test
  void keepsEveryOtherKey() {
    assertThat(
            StableSelectors.fromLabels(Map.of("app.kubernetes.io/name", "web", "hash", "x"))
                .getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "web", "hash", "x"));
  }

  @Test
  void isCanonicalWhateverTheInputOrder() {
    LabelSelector a =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("b", "2", "a", "1"))
            .addNewMatchExpression()
            .withKey("z")
            .withOperator("In")
            .withValues("y", "x")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("m")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();
    LabelSelector b =
        new LabelSelectorBuilder()
            .addToMatchLabels("a", "1")
            .addToMatchLabels("b", "2")
            .addNewMatchExpression()
            .withKey("m")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("z")
            .withOperator("In")
            .withValues("x", "y")
            .endMatchExpression()
            .build();

    assertThat(StableSelectors.strip(a)).isEqualTo(StableSelectors.strip(b));
    assertThat(StableSelectors.strip(a).getMatchLabels().keySet()).containsExactly("a", "b");
    assertThat(StableSelectors.describe(StableSelectors.strip(a)))
        .isEqualTo("{a=1, b=2, !m, z in (x,y)}");
  }

  @Test
  void jobWithTheGeneratedSelectorUsesItsTemplateLabels() {
    var job =
        new JobBuilder()
            .withNewMetadata()
            .withName("j")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("batch.kubernetes.io/controller-uid", "u1")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "migrate")
            .addToLabels("batch.kubernetes.io/controller-uid", "u1")
            .addToLabels("job-name", "j")
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();

    assertThat(StableSelectors.describe(StableSelectors.of(job))).isEqualTo("{app=migrate}");
  }

  @Test
  void jobWithAManualSelectorKeepsIt() {
    var job =
        new JobBuilder()
            .withNewMetadata()
            .withName("j")
            .endMetadata()
            .withNewSpec()
            .withManualSelector(true)
            .withNewSelector()
            .addToMatchLabels("task", "t")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("task", "t")
            .addToLabels("app", "x")
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();

    assertThat(StableSelectors.describe(StableSelectors.of(job))).isEqualTo("{task=t}");
  }

  @Test
  void cronJobUsesItsJobTemplatesLabels() {
    var cronJob =
        new CronJobBuilder()
            .withNewMetadata()
            .withName("c")
            .endMetadata()
            .withNewSpec()
            .withNewJobTemplate()
            .withNewSpec()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "report")
            .addToLabels("job-name", "c-1")
            .endMetadata()
            .endTemplate()
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build();

    assertThat(StableSelectors.describe(StableSelectors.of(cronJob))).isEqualTo("{app=report}");
  }

  @Test
  void deploymentUsesItsSelectorNotItsTemplateLabels() {
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("d")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "web")
            .addToLabels("version", "v7")
            .endMetadata()
            .endTemplate()
            .endSpec()
            .build();

    assertThat(StableSelectors.describe(StableSelectors.of(deployment))).isEqualTo("{app=web}");
  }

  @Test
  void barePodUsesItsStableLabels() {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .addToLabels("run", "p")
            .addToLabels("pod-template-hash", "h")
            .endMetadata()
            .build();

    assertThat(StableSelectors.describe(StableSelectors.of(pod))).isEqualTo("{run=p}");
  }

  @Test
  void rejectsObjectsThatAreNotWorkloads() {
    assertThatThrownBy(
            () ->
                StableSelectors.of(
                    new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesTheEmptySelector() {
    assertThat(StableSelectors.describe(new LabelSelector())).isEqualTo("{}");
    assertThat(
            StableSelectors.describe(
                new LabelSelectorBuilder()
                    .addNewMatchExpression()
                    .withKey("env")
                    .withOperator("NotIn")
                    .withValues("dev", "test")
                    .endMatchExpression()
                    .build()))
        .isEqualTo("{env notin (dev,test)}");
  }
}
